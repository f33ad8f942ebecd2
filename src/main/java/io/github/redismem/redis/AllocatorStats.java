package io.github.redismem.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One read of MEMORY MALLOC-STATS, immutable: the parsed statistics, or why there are none.
 *
 * @param readAt when the reply arrived; empty when nothing was read (never yet, or switched off)
 * @param took the client-side time of the command, reply transfer included
 * @param replyBytes the size of the reply text
 * @param stats the numbers; empty when {@code unavailable} says why
 * @param unavailable a short sentence for people (logs, report); never a metric label
 */
public record AllocatorStats(Optional<Instant> readAt, Duration took, long replyBytes, Optional<MallocStats> stats,
    Optional<String> unavailable) {

  /** Nothing read, with the reason. */
  public static AllocatorStats none(String reason) {
    return new AllocatorStats(Optional.empty(), Duration.ZERO, 0, Optional.empty(), Optional.of(reason));
  }

  /** A reply's text as it arrived at {@code readAt}. */
  public static AllocatorStats of(String text, Instant readAt, Duration took) {
    long bytes = text == null ? 0 : text.length();
    MallocStats.Parsed parsed = MallocStats.parse(text);
    if (parsed instanceof MallocStats.Read r) {
      return new AllocatorStats(Optional.of(readAt), took, bytes, Optional.of(r.stats()), Optional.empty());
    }
    return new AllocatorStats(Optional.of(readAt), took, bytes, Optional.empty(),
        Optional.of(((MallocStats.Unreadable) parsed).reason()));
  }

  /** A read that got no reply, at {@code at}. */
  public static AllocatorStats failed(String reason, Instant at, Duration took) {
    return new AllocatorStats(Optional.of(at), took, 0, Optional.empty(), Optional.of(reason));
  }
}
