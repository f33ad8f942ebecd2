package io.github.redismem.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the watched Redis. The password is either given ({@code password}) or read from
 * {@code passwordFile} at each connection, so that a rotated secret is picked up without a restart; {@code tls}
 * applies to {@code rediss://} addresses.
 */
public record RedisSettings(String addr, String user, Secret password, Optional<Path> passwordFile,
    Duration timeout, TlsSettings tls, Optional<Path> passwordMapFile) {

  /** The address for logs and pages: never the password. */
  public String displayAddr() {
    return RedisUriText.redact(addr);
  }

  public RedisSettings withAddr(String value) {
    return new RedisSettings(value, user, password, passwordFile, timeout, tls, passwordMapFile);
  }

  public RedisSettings withUser(String value) {
    return new RedisSettings(addr, value, password, passwordFile, timeout, tls, passwordMapFile);
  }

  public RedisSettings withPassword(Secret value) {
    return new RedisSettings(addr, user, value, passwordFile, timeout, tls, passwordMapFile);
  }

  public RedisSettings withPasswordFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, value, timeout, tls, passwordMapFile);
  }

  public RedisSettings withPasswordMapFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, value);
  }

  public RedisSettings withTls(TlsSettings value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, value, passwordMapFile);
  }

  /** Whether redis.addr asks for TLS (rediss://). */
  public boolean usesTls() {
    return addr.startsWith("rediss://");
  }

  public RedisSettings withTimeout(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, value, tls, passwordMapFile);
  }
}
