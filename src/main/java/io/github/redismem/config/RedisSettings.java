package io.github.redismem.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the watched Redis. The password is either given ({@code password}) or read from
 * {@code passwordFile} at each connection, so that a rotated secret is picked up without a restart; {@code tls}
 * applies to {@code rediss://} addresses; {@code renamedCommands} names the commands the server renamed. With
 * {@code cluster}, {@code addr} is a seed node of a Redis Cluster whose nodes are discovered every
 * {@code clusterRefresh}. {@code sentinel} holds the sentinels' own credentials for a {@code redis-sentinel://}
 * address; the others are the data nodes'.
 */
public record RedisSettings(String addr, String user, Secret password, Optional<Path> passwordFile,
    Duration timeout, TlsSettings tls, Optional<Path> passwordMapFile, RenamedCommands renamedCommands,
    boolean cluster, Duration clusterRefresh, SentinelCredentials sentinel) {

  /** The address for logs and pages: never the password. */
  public String displayAddr() {
    return RedisUriText.redact(addr);
  }

  public RedisSettings withAddr(String value) {
    return new RedisSettings(value, user, password, passwordFile, timeout, tls, passwordMapFile,
        renamedCommands, cluster, clusterRefresh, sentinel);
  }

  public RedisSettings withUser(String value) {
    return new RedisSettings(addr, value, password, passwordFile, timeout, tls, passwordMapFile,
        renamedCommands, cluster, clusterRefresh, sentinel);
  }

  public RedisSettings withPassword(Secret value) {
    return new RedisSettings(addr, user, value, passwordFile, timeout, tls, passwordMapFile, renamedCommands,
        cluster, clusterRefresh, sentinel);
  }

  public RedisSettings withPasswordFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, value, timeout, tls, passwordMapFile, renamedCommands,
        cluster, clusterRefresh, sentinel);
  }

  public RedisSettings withPasswordMapFile(Optional<Path> value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, value, renamedCommands, cluster,
        clusterRefresh, sentinel);
  }

  public RedisSettings withTls(TlsSettings value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, value, passwordMapFile,
        renamedCommands, cluster, clusterRefresh, sentinel);
  }

  /** Whether redis.addr asks for TLS: rediss://, or rediss-sentinel:// (the sentinels and the data nodes). */
  public boolean usesTls() {
    return addr.startsWith("rediss://") || SentinelAddress.isSecure(addr);
  }

  public RedisSettings withTimeout(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, value, tls, passwordMapFile, renamedCommands,
        cluster, clusterRefresh, sentinel);
  }

  public RedisSettings withRenamedCommands(RenamedCommands value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, value, cluster,
        clusterRefresh, sentinel);
  }

  public RedisSettings withCluster(boolean value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands, value,
        clusterRefresh, sentinel);
  }

  public RedisSettings withClusterRefresh(Duration value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands,
        cluster, value, sentinel);
  }

  public RedisSettings withSentinel(SentinelCredentials value) {
    return new RedisSettings(addr, user, password, passwordFile, timeout, tls, passwordMapFile, renamedCommands,
        cluster, clusterRefresh, value);
  }
}
