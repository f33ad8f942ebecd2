package io.github.redismem.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the exporter proves itself to the sentinels of a {@code redis-sentinel://} address, apart from the data nodes:
 * sentinels have their own {@code requirepass} (and ACL users from Redis 6.2). The password is given or read from
 * {@code passwordFile} at each connection to a sentinel, so a rotated secret is used without a restart.
 *
 * @param user the sentinels' ACL user (Redis 6.2+); empty = the default user
 * @param password the sentinels' password; none = the sentinels are asked without AUTH
 * @param passwordFile the file holding it, instead of {@code password}
 */
public record SentinelCredentials(String user, Secret password, Optional<Path> passwordFile) {

  public static SentinelCredentials none() {
    return new SentinelCredentials("", Secret.none(), Optional.empty());
  }

  /** Whether any of them differs from its default. */
  public boolean anySet() {
    return !equals(none());
  }

  /** The path of the first one set, in the order they are declared. */
  String firstSetPath() {
    return !user.isEmpty() ? "redis.sentinelUser" : password.isPresent() ? "redis.sentinelPassword"
        : "redis.sentinelPasswordFile";
  }

  public SentinelCredentials withUser(String value) {
    return new SentinelCredentials(value, password, passwordFile);
  }

  public SentinelCredentials withPassword(Secret value) {
    return new SentinelCredentials(user, value, passwordFile);
  }

  public SentinelCredentials withPasswordFile(Optional<Path> value) {
    return new SentinelCredentials(user, password, value);
  }
}
