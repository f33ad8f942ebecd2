package io.github.redismem.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the watched Redis. The password is either given ({@code password}) or read from
 * {@code passwordFile} at each connection, so that a rotated secret is picked up without a restart; {@code tls}
 * applies to {@code rediss://} addresses; {@code renamedCommands} names the commands the server renamed. With
 * {@code cluster}, {@code addr} is a seed node of a Redis Cluster whose nodes are discovered every
 * {@code clusterRefresh}.
 */
public record RedisSettings(String addr, String user, Secret password, Optional<Path> passwordFile,
    Duration timeout, TlsSettings tls, Optional<Path> passwordMapFile, RenamedCommands renamedCommands,
    boolean cluster, Duration clusterRefresh) {

  /** The address for logs and pages: never the password. */
  public String displayAddr() {
    return RedisUriText.redact(addr);
  }

  public RedisSettings withAddr(String value) {
    return new RedisSettings(value, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withUser(String value) {
    return new RedisSettings(addr, value, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withPassword(Secret value) {
    return new RedisSettings(addr, user, value, passwordFile, timeout, tls, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withPasswordFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, value, timeout, tls, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withPasswordMapFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, value, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withTls(TlsSettings value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, value, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  /** Whether redis.addr asks for TLS (rediss://). */
  public boolean usesTls() {
    return addr.startsWith("rediss://");
  }

  public RedisSettings withTimeout(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, value, tls, passwordMapFile, renamedCommands, cluster, clusterRefresh);
  }

  public RedisSettings withRenamedCommands(RenamedCommands value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, value, cluster, clusterRefresh);
  }

  public RedisSettings withCluster(boolean value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands, value,
        clusterRefresh);
  }

  public RedisSettings withClusterRefresh(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands,
        cluster, value);
  }
}
