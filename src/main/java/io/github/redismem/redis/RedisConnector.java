package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.github.redismem.config.TlsSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Holds one long-lived connection and opens it again when it is gone. Lettuce's own reconnect is off: a scrape
 * that finds no open connection connects within its own deadline, which keeps every scrape bounded and makes the
 * reconnect visible in {@code redismem_command_errors_total{command="connect"}}.
 *
 * <p>Lettuce reads the PEM files of redis.tls, and the credentials provider redis.passwordFile, at every
 * connection; this class also notices when those files change (modification time or size) and reconnects, so a
 * rotated certificate, CA or password is used (and proven) at the next scrape, not only after a network failure.
 */
final class RedisConnector<K, V> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisConnector.class.getName());

  private final RedisClient client;
  private final RedisURI uri;
  /** redis.addr's host:port, for messages. */
  private final String target;
  private final RedisCodec<K, V> codec;
  private final List<Path> watched;
  /** In a cluster: READONLY on each connection, so a replica answers keyed reads instead of redirecting them. */
  private final boolean readOnly;
  private List<String> watchedStamp;
  private StatefulRedisConnection<K, V> connection;

  RedisConnector(RedisSettings settings, ClientResources resources, RedisCodec<K, V> codec) {
    this(settings, resources, codec, Optional.empty());
  }

  /**
   * A connector to {@code node} where given (a replica or primary of redis.addr, for the sampler) with redis.addr's
   * credentials, TLS settings and renamed commands; the password map's entry is still redis.addr's.
   */
  RedisConnector(RedisSettings settings, ClientResources resources, RedisCodec<K, V> codec,
      Optional<NodeAddress> node) {
    this.codec = codec;
    this.readOnly = settings.cluster();
    this.uri = node.map(n -> RedisUris.direct(RedisUris.uri(settings), n)).orElseGet(() -> RedisUris.uri(settings));
    this.target = followsPrimary() ? settings.displayAddr() : uri.getHost() + ":" + uri.getPort();
    // The JDK checks the certificate against the SNI name and, failing that, against the host the engine was made
    // for, which Lettuce takes from the socket address: so the address carries redis.tls.serverName as its host
    // name, and a certificate that names only the address is not enough
    String nameForTls = uri.isSsl() ? settings.tls().serverName() : "";
    this.client = new ExporterRedisClient(resources, settings.renamedCommands(), nameForTls);
    ClientOptions.Builder options = ClientOptions.builder()
        // no PING in the handshake: a Redis loading its dataset answers it -LOADING, which would fail the connection,
        // while INFO answers (and says loading:1); AUTH, when there are credentials, is sent as before. Through
        // sentinels the PING stays: it is what makes a sentinel that wants a password say NOAUTH, not time out
        .pingBeforeActivateConnection(followsPrimary())
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .protocolVersion(ProtocolVersion.RESP2)
        .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(settings.timeout()));
    if (uri.isSsl()) {
      options.sslOptions(sslOptions(settings.tls(), settings.timeout()));
    }
    client.setOptions(options.build());
    List<Path> files = new ArrayList<>(uri.isSsl() ? settings.tls().files() : List.of());
    settings.passwordFile().ifPresent(files::add);
    settings.passwordMapFile().ifPresent(files::add);
    if (followsPrimary()) {
      settings.sentinel().passwordFile().ifPresent(files::add);
    }
    this.watched = List.copyOf(files);
    this.watchedStamp = stamp(watched);
  }

  /** Trust and client key from the PEM files (read again at each connection), SNI from redis.tls.serverName. */
  static SslOptions sslOptions(TlsSettings tls, Duration handshakeTimeout) {
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().handshakeTimeout(handshakeTimeout);
    tls.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
    if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
      ssl.keyManager(tls.certFile().get().toFile(), tls.keyFile().get().toFile(), null);
    }
    if (!tls.serverName().isEmpty()) {
      String name = tls.serverName();
      // the JDK checks the certificate against the SNI name it sent, which is how the name check is overridden
      ssl.sslParameters(() -> {
        SSLParameters parameters = new SSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(name)));
        return parameters;
      });
    }
    return ssl.build();
  }

  /** Modification time and size of each file: a change means the TLS material rotated. */
  private static List<String> stamp(List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path file : files) {
      try {
        out.add(Files.getLastModifiedTime(file) + "/" + Files.size(file));
      } catch (IOException e) {
        out.add("unreadable");
      }
    }
    return out;
  }

  /** The database a new connection is on. */
  int database() {
    return uri.getDatabase();
  }

  /** Whether the connection goes to whichever node the sentinels name primary now. */
  boolean followsPrimary() {
    return uri.getSentinelMasterId() != null;
  }

  /** The open connection, connecting first if needed, waiting at most until the deadline (nanoTime). */
  synchronized StatefulRedisConnection<K, V> connection(long deadlineNanos) throws Exception {
    List<String> now = stamp(watched);
    if (!now.equals(watchedStamp)) {
      watchedStamp = now;
      if (connection != null) {
        LOG.info("redis.tls or password files changed; reconnecting with them");
      }
      drop();
    }
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    drop();
    checkCredentials();
    for (int attempt = 1; ; attempt++) {
      long attemptStart = System.nanoTime();
      CompletableFuture<StatefulRedisConnection<K, V>> pending =
          client.connectAsync(codec, uri).toCompletableFuture();
      try {
        StatefulRedisConnection<K, V> opened =
            pending.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (readOnly) {
          opened.async().readOnly().get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        connection = opened;
        return connection;
      } catch (Exception e) {
        // a handshake that completes after we gave up must not leak its connection
        pending.thenAccept(StatefulRedisConnection::closeAsync);
        if (attempt < HANDSHAKE_ATTEMPTS && deadlineNanos - System.nanoTime() > 0 && (closedDuringHandshake(e)
            || timedOutEarly(e, System.nanoTime() - attemptStart, uri.getTimeout()))) {
          continue;
        }
        Optional<String> sentinels = SentinelFailure.explain(e, uri);
        throw sentinels.isPresent()
            ? new RedisConnectionException("Unable to connect to " + target + ": " + sentinels.get(), e)
            : explain(e, target);
      }
    }
  }

  /**
   * Fails before connecting where the credentials cannot be had (redis.passwordFile unreadable, redis.passwordMapFile
   * without an entry for redis.addr), with that reason. Left to Lettuce's handshake, the failure lost its reason to a
   * race with the closing channel now and then ("RedisHandshakeHandler not registered", which a retry did not
   * recover in one CI run): the log said nothing of the password file.
   */
  private void checkCredentials() {
    RedisCredentialsProvider credentials = uri.getCredentialsProvider();
    if (credentials == null) {
      return;
    }
    try {
      // the exporter's providers read their file on the calling thread (RedisUris): nothing waits
      credentials.resolveCredentials().block(uri.getTimeout());
    } catch (RuntimeException e) {
      throw new RedisConnectionException("Unable to connect to " + target + ": " + e.getMessage(), e);
    }
  }

  /** What Lettuce says when its handshake lost a race with the channel (seen in CI under load, both rarely). */
  private static final java.util.Set<String> HANDSHAKE_RACES = java.util.Set.of("Connection closed prematurely",
      "RedisHandshakeHandler not registered");

  /** Attempts at a connection whose handshake lost such a race, within the deadline. */
  private static final int HANDSHAKE_ATTEMPTS = 3;

  /**
   * Lettuce's handshake can lose its reason: when it fails (a refused AUTH) and the channel's close overtakes the
   * reply's error, the cause reads "Connection closed prematurely" (a RedisConnectionException) or
   * "RedisHandshakeHandler not registered" (an IllegalStateException: the connect listener found the pipeline torn
   * down), through the sentinels too, where Lettuce wraps it once more. Another attempt within the deadline then
   * gives the reason to log (a wrong password stays wrong) or a connection (the close was the network's).
   */
  static boolean closedDuringHandshake(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Set.of(...).contains(null) throws, and a connection refused or reset may come without a message
      if ((t instanceof RedisConnectionException || t instanceof IllegalStateException) && t.getMessage() != null
          && HANDSHAKE_RACES.contains(t.getMessage())) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (closedDuringHandshake(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A command "timed out" well before its timeout: seen once in CI through the sentinels, the lookup of the primary
   * failing at once with "Command timed out after 2 second(s)" right after Lettuce logged "Closing channel because
   * endpoint is already closed" (the same race with the channel, another face). A real timeout takes its time, and
   * then the deadline, which is as long, leaves no room to try again.
   */
  static boolean timedOutEarly(Throwable e, long elapsedNanos, Duration timeout) {
    if (elapsedNanos >= timeout.toNanos() / 2) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisCommandTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lettuce reports a failed handshake or a refused AUTH as "Unable to connect to host:port" with the reason some
   * causes down; the log line should say what went wrong and, for TLS, which setting to look at.
   */
  static Exception explain(Exception e, String target) {
    Throwable top = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    Throwable tls = null;
    Throwable root = top;
    for (Throwable t = top; t != null; t = t.getCause()) {
      if (tls == null && (t instanceof SSLException || t instanceof CertificateException)) {
        tls = t;
      }
      root = t;
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (tls == null) {
      return top instanceof RedisConnectionException && root != top
          ? new RedisConnectionException("Unable to connect to " + target + ": " + reason, e) : e;
    }
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    String hint;
    if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("signature check")) {
      hint = "the server's certificate is not signed by a CA of redis.tls.caFile";
    } else if (lower.contains("subject alternative") || lower.contains("no name matching")) {
      hint = "the server's certificate does not hold this host name; redis.tls.serverName can name one it holds";
    } else if (lower.contains("certificate_required")) {
      hint = "the server requires a client certificate; set redis.tls.certFile and redis.tls.keyFile";
    } else if (lower.contains("bad_certificate")
        || lower.contains("unknown_ca") || lower.contains("certificate_unknown")) {
      hint = "the server refused the client certificate; check redis.tls.certFile and redis.tls.keyFile";
    } else {
      hint = "check redis.tls";
    }
    return new SSLException("TLS handshake failed: " + reason + " (" + hint + ")", e);
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
