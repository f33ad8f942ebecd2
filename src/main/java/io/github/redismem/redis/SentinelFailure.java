package io.github.redismem.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Names a connection failure that happened while asking the sentinels of a redis-sentinel:// address for the
 * primary, not on the primary itself. Lettuce wraps it in "Cannot connect to a Redis Sentinel" with the reason some
 * causes down, and the same NOAUTH or reset reads very differently there: the sentinels have a password of their
 * own (redis.sentinelPassword), and a sentinel that speaks only TLS needs rediss-sentinel://.
 */
final class SentinelFailure {
  private SentinelFailure() {}

  /** The failure told as the sentinels' where it is theirs; empty where it happened elsewhere. */
  static Optional<String> explain(Throwable failure, RedisURI uri) {
    if (uri.getSentinelMasterId() == null) {
      return Optional.empty();
    }
    boolean sentinelStage = false;
    Throwable root = failure;
    Throwable tls = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.contains("Redis Sentinel") || message.contains("SENTINEL MASTER")
          || message.contains("using sentinel for masterId")) {
        sentinelStage = true;
      }
      if (tls == null && t instanceof SSLException) {
        tls = t;
      }
      root = t;
    }
    if (!sentinelStage) {
      return Optional.empty();
    }
    String who = uri.getSentinels().size() == 1 ? "the sentinel " : "the sentinels ";
    String sentinels = uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
        .collect(Collectors.joining(", "));
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String upper = reason.toUpperCase(Locale.ROOT);
    String flat = String.valueOf(failure.getMessage()) + " " + reason;
    if (flat.contains("using sentinel for masterId")) {
      return Optional.of(who + sentinels + " know no primary named " + uri.getSentinelMasterId()
          + " (the name of sentinel monitor NAME, after the / of redis.addr)");
    }
    if (root instanceof RedisCommandExecutionException && upper.startsWith("NOAUTH")) {
      return Optional.of(who + sentinels + " refused the exporter: " + reason + " (sentinels have a password of "
          + "their own, not the data nodes': set redis.sentinelPassword or redis.sentinelPasswordFile)");
    }
    if (root instanceof RedisCommandExecutionException && upper.startsWith("WRONGPASS")) {
      return Optional.of(who + sentinels + " refused the exporter's credentials: " + reason + " (check "
          + "redis.sentinelPassword or redis.sentinelPasswordFile, and redis.sentinelUser)");
    }
    if (tls != null) {
      return Optional.of(who + sentinels + " failed the TLS handshake: " + reason + " (check redis.tls; the "
          + "sentinels are reached with the same redis.tls settings as the data nodes)");
    }
    String lower = reason.toLowerCase(Locale.ROOT);
    if (!uri.isSsl() && (lower.contains("reset") || lower.contains("closed"))) {
      return Optional.of(who + sentinels + " closed the connection: " + reason + " (a sentinel that only "
          + "speaks TLS, on its tls-port, needs rediss-sentinel:// and the redis.tls settings)");
    }
    return Optional.of(who + sentinels + " did not name the primary: " + reason);
  }
}
