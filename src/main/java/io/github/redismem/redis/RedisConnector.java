package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds one long-lived connection and opens it again when it is gone. Lettuce's own reconnect is off: a scrape
 * that finds no open connection connects within its own deadline, which keeps every scrape bounded and makes the
 * reconnect visible in {@code redismem_command_errors_total{command="connect"}}.
 */
final class RedisConnector<K, V> implements AutoCloseable {
  private final RedisClient client;
  private final RedisURI uri;
  private final RedisCodec<K, V> codec;
  private StatefulRedisConnection<K, V> connection;

  RedisConnector(RedisSettings settings, ClientResources resources, RedisCodec<K, V> codec) {
    this.codec = codec;
    this.uri = uri(settings);
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .protocolVersion(ProtocolVersion.RESP2)
        .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
        .build());
  }

  static RedisURI uri(RedisSettings settings) {
    RedisURI uri = RedisURI.create(settings.addr());
    uri.setTimeout(settings.timeout());
    String user = !settings.user().isEmpty() ? settings.user() : uri.getUsername();
    if (settings.passwordFile().isPresent()) {
      Path file = settings.passwordFile().get();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> RedisCredentials.just(user, readPassword(file))));
    } else if (settings.password().isPresent()) {
      uri.setCredentialsProvider(RedisCredentialsProvider.from(
          () -> RedisCredentials.just(user, settings.password().reveal())));
    } else if (user != null && !settings.user().isEmpty()) {
      char[] fromUrl = uri.getPassword();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> RedisCredentials.just(user, fromUrl)));
    }
    return uri;
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read redis.passwordFile " + file, e);
    }
  }

  /** The open connection, connecting first if needed, waiting at most until the deadline (nanoTime). */
  synchronized StatefulRedisConnection<K, V> connection(long deadlineNanos) throws Exception {
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    drop();
    CompletableFuture<StatefulRedisConnection<K, V>> pending = client.connectAsync(codec, uri).toCompletableFuture();
    try {
      connection = pending.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return connection;
    } catch (Exception e) {
      // a handshake that completes after we gave up must not leak its connection
      pending.thenAccept(StatefulRedisConnection::closeAsync);
      throw e;
    }
  }

  /** Forgets the connection, e.g. after a timeout, so the next scrape starts from a fresh one. */
  synchronized void drop() {
    if (connection != null) {
      connection.closeAsync();
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    // the client's shutdown closes its connections; closing ours first as well made Lettuce warn "Connection is
    // already closed" on every exit of analyze
    connection = null;
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
