package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;
import java.util.List;

/**
 * One step of a pass: the next cursor, keys scanned and inspected, facts of the keys not seen before in this walk,
 * keys that vanished before they could be inspected, Redis's time for it all ({@link Throttle#busyNanos}),
 * Redis's CPU counter read just before it when the step is bracketed (else -1), keys outside the user's ACL key
 * pattern (counted, not inspected), and keys of cluster slots the shard did not own as the pass started (among
 * {@code scanned}; not inspected, counted by the shard that owns them).
 */
record Batch(String cursor, int scanned, int inspected, List<KeyFacts> keys, int vanished, long busyNanos,
    long cpuBefore, int forbidden, int notOwned) {
  Batch(String cursor, int scanned, int inspected, List<KeyFacts> keys, int vanished, long busyNanos,
      long cpuBefore) {
    this(cursor, scanned, inspected, keys, vanished, busyNanos, cpuBefore, 0, 0);
  }

  boolean walkDone() {
    return "0".equals(cursor);
  }
}
