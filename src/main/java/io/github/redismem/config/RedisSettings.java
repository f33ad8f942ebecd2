package io.github.redismem.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the watched Redis. The password is either given ({@code password}) or read from
 * {@code passwordFile} at each connection, so that a rotated secret is picked up without a restart; {@code tls}
 * applies to {@code rediss://} addresses; {@code renamedCommands} names the commands the server renamed.
 */
public record RedisSettings(String addr, String user, Secret password, Optional<Path> passwordFile,
    Duration timeout, TlsSettings tls, Optional<Path> passwordMapFile, RenamedCommands renamedCommands) {

  /** The address for logs and pages: never the password. */
  public String displayAddr() {
    return RedisUriText.redact(addr);
  }

  public RedisSettings withAddr(String value) {
    return new RedisSettings(value, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands);
  }

  public RedisSettings withUser(String value) {
    return new RedisSettings(addr, value, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands);
  }

  public RedisSettings withPassword(Secret value) {
    return new RedisSettings(addr, user, value, passwordFile, timeout, tls, passwordMapFile, renamedCommands);
  }

  public RedisSettings withPasswordFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, value, timeout, tls, passwordMapFile, renamedCommands);
  }

  public RedisSettings withPasswordMapFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, value, renamedCommands);
  }

  public RedisSettings withTls(TlsSettings value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, value, passwordMapFile, renamedCommands);
  }

  /** Whether redis.addr asks for TLS (rediss://). */
  public boolean usesTls() {
    return addr.startsWith("rediss://");
  }

  public RedisSettings withTimeout(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, value, tls, passwordMapFile, renamedCommands);
  }

  public RedisSettings withRenamedCommands(RenamedCommands value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, value);
  }
}
