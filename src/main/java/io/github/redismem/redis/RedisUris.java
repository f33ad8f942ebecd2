package io.github.redismem.redis;

import io.github.redismem.config.PasswordMap;
import io.github.redismem.config.RedisSettings;
import io.github.redismem.config.SentinelAddress;
import io.github.redismem.config.SentinelCredentials;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to reach a Redis: its URI from redis.addr (one server, or the sentinels to ask) with the credentials of
 * redis.user, redis.password, redis.passwordFile or redis.passwordMapFile, read at each connection so a rotated
 * secret is used (the sentinels' own from redis.sentinel*, likewise); and the same credentials for another node of
 * the same deployment.
 */
final class RedisUris {
  private RedisUris() {}

  static RedisURI uri(RedisSettings settings) {
    RedisURI uri = SentinelAddress.isSentinel(settings.addr()) ? sentinelUri(settings)
        : RedisURI.create(settings.addr());
    uri.setTimeout(settings.timeout());
    if (uri.isSsl() && settings.tls().insecureSkipVerify()) {
      uri.setVerifyPeer(SslVerifyMode.NONE);
    }
    String user = !settings.user().isEmpty() ? settings.user() : uri.getUsername();
    if (settings.passwordMapFile().isPresent()) {
      Path file = settings.passwordMapFile().get();
      String addr = settings.addr();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> RedisCredentials.just(user, mapped(file, addr))));
    } else if (settings.passwordFile().isPresent()) {
      Path file = settings.passwordFile().get();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(
          () -> RedisCredentials.just(user, readPassword(file, "redis.passwordFile"))));
    } else if (settings.password().isPresent()) {
      uri.setCredentialsProvider(RedisCredentialsProvider.from(
          () -> RedisCredentials.just(user, settings.password().reveal())));
    } else if (user != null && !settings.user().isEmpty()) {
      char[] fromUrl = uri.getPassword();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> RedisCredentials.just(user, fromUrl)));
    }
    return uri;
  }

  /**
   * {@code base}'s TLS, peer verification, database, timeout and credentials, to {@code node} itself: a replica or
   * the primary of redis.addr, reached directly also where redis.addr names sentinels.
   */
  static RedisURI direct(RedisURI base, NodeAddress node) {
    RedisURI direct = RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(base.isSsl())
        .withVerifyPeer(base.getVerifyMode()).withDatabase(base.getDatabase()).withTimeout(base.getTimeout())
        .build();
    direct.setCredentialsProvider(base.getCredentialsProvider());
    return direct;
  }

  /**
   * The sentinels to ask for the primary, with their own credentials (redis.sentinel*, read at each connection to a
   * sentinel) and, for rediss-sentinel://, TLS to them as to the data nodes; the data nodes' credentials of the
   * URL's userinfo.
   */
  private static RedisURI sentinelUri(RedisSettings settings) {
    String addr = settings.addr();
    SentinelAddress sentinel;
    try {
      sentinel = SentinelAddress.parse(addr);
    } catch (io.github.redismem.config.ValueKind.Invalid e) {
      throw new IllegalArgumentException(e.getMessage(), e); // checked when the settings were loaded
    }
    String first = sentinel.sentinels().get(0);
    RedisURI.Builder builder = RedisURI.Builder.sentinel(SentinelAddress.host(first), SentinelAddress.port(first),
        sentinel.master());
    for (String other : sentinel.sentinels().subList(1, sentinel.sentinels().size())) {
      builder.withSentinel(SentinelAddress.host(other), SentinelAddress.port(other));
    }
    String rest = SentinelAddress.afterScheme(addr);
    int at = rest.lastIndexOf('@');
    if (at > 0) {
      String userinfo = java.net.URLDecoder.decode(rest.substring(0, at), java.nio.charset.StandardCharsets.UTF_8);
      int colon = userinfo.indexOf(':');
      if (colon < 0) {
        builder.withAuthentication(userinfo, new char[0]);
      } else if (colon == 0) {
        builder.withPassword(userinfo.substring(1).toCharArray());
      } else {
        builder.withAuthentication(userinfo.substring(0, colon), userinfo.substring(colon + 1).toCharArray());
      }
    }
    RedisURI uri = builder.build();
    // Lettuce hands both on to the sentinels' URIs, and a sentinel connection takes the client's SslOptions
    uri.setSsl(sentinel.tls());
    RedisCredentialsProvider sentinelCredentials = sentinelCredentials(settings.sentinel());
    if (sentinelCredentials != null) {
      for (RedisURI s : uri.getSentinels()) {
        s.setCredentialsProvider(sentinelCredentials);
      }
    }
    return uri;
  }

  /** The sentinels' credentials, read at each connection to a sentinel; null when they are asked without AUTH. */
  private static RedisCredentialsProvider sentinelCredentials(SentinelCredentials sentinel) {
    String user = sentinel.user().isEmpty() ? null : sentinel.user();
    if (sentinel.passwordFile().isPresent()) {
      Path file = sentinel.passwordFile().get();
      return RedisCredentialsProvider.from(
          () -> RedisCredentials.just(user, readPassword(file, "redis.sentinelPasswordFile")));
    }
    if (sentinel.password().isPresent()) {
      return RedisCredentialsProvider.from(() -> RedisCredentials.just(user, sentinel.password().reveal()));
    }
    return null;
  }

  private static String mapped(Path file, String addr) {
    try {
      return PasswordMap.passwordFor(file, addr);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static String readPassword(Path file, String setting) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + setting + " " + file, e);
    }
  }
}
