package io.github.redismem.analysis;

import io.github.redismem.redis.SamplingException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What a sampler's passes report as they go, read by scrapes on other threads: counters since start-up, the
 * running pass's progress and Redis time share, and what the sampler is doing. Every field is atomic or volatile;
 * a pass writes, {@link KeySampler#status()} reads.
 */
final class SamplerCounters {
  private static final Logger LOG = Logger.getLogger(SamplerCounters.class.getName());
  final AtomicLong keysTotal = new AtomicLong();
  final AtomicLong passesTotal = new AtomicLong();
  final AtomicLong vanishedTotal = new AtomicLong();
  private final Map<SamplingException.Reason, AtomicLong> errors = new EnumMap<>(SamplingException.Reason.class);
  volatile double progress;
  volatile double redisTimeRatio;
  /** Keys the running pass asks per call now (0 before the first pass). */
  volatile int batchKeys;
  /** The longest Redis time of one call in the last completed pass, in nanoseconds (0 before one). */
  volatile long longestCallNanos;
  /** The running exact pass's latest early estimate; null between passes and before the first is made. */
  volatile PassEstimate estimate;
  /** running, idle, waiting_loading, skipped_primary, failing or refused. */
  volatile String state = "idle";

  SamplerCounters() {
    for (SamplingException.Reason r : SamplingException.Reason.values()) {
      errors.put(r, new AtomicLong());
    }
  }

  /** Databases whose SELECT was refused, with the reason, as last seen: in the status, logged once each. */
  private final Map<Integer, String> refusedDatabases = new ConcurrentSkipListMap<>();

  void databaseRefused(int db, String reason) {
    if (refusedDatabases.put(db, reason) == null) {
      LOG.warning("sampler: database " + db + " skipped, " + reason.replaceFirst("^refused: ", "")
          + "; the other databases are sampled");
    }
  }

  void databaseRead(int db) {
    refusedDatabases.remove(db);
  }

  /** Keys the last pass could not inspect (outside the user's ACL key pattern), and whether it was sampled. */
  private record Forbidden(long keys, boolean sampled) {}

  private volatile Forbidden forbidden = new Forbidden(0, false);

  /**
   * What a pass just found forbidden ({@code sampled}: among the keys a sampled pass picked); logged when keys first
   * are (not per key, nor per pass).
   */
  void passForbidden(long keys, boolean sampled) {
    if (keys > 0 && forbidden.keys() == 0) {
      LOG.warning("sampler: " + keys + " keys are outside the user's ACL key pattern (NOPERM): counted, not"
          + " inspected, and left out of the pass's figures; grant ~* (or %R~*) for them");
    }
    forbidden = new Forbidden(keys, sampled);
  }

  long keysForbidden() {
    return forbidden.keys();
  }

  /** Keys the last pass left to other shards (their cluster slot was not its shard's as it started). */
  private volatile long notOwned;

  /**
   * What a pass just left to other shards: keys of slots being imported to its node (SCAN returns them), or that its
   * node served only after the pass started. Not a problem to fix, so not logged: the limits say it.
   */
  void passNotOwned(long keys) {
    notOwned = keys;
  }

  long keysNotOwned() {
    return notOwned;
  }

  /** What the passes could not read, one sentence each. */
  List<String> limits() {
    List<String> out = new ArrayList<>();
    refusedDatabases.forEach((db, reason) -> out.add("db " + db + " skipped (" + reason.replaceFirst("^refused: ", "")
        + ")"));
    Forbidden last = forbidden;
    if (last.keys() > 0 && last.sampled()) {
      // a sampled pass learns which keys are forbidden only of those it picks: it estimates how many the others are
      out.add(last.keys() + " sampled keys not inspected (outside the user's ACL key pattern): the estimates are of"
          + " the permitted keys, the others' memory is unattributed");
    } else if (last.keys() > 0) {
      out.add(last.keys() + " keys not inspected (outside the user's ACL key pattern): not in the figures");
    }
    long others = notOwned;
    if (others > 0) {
      out.add(others + " keys of cluster slots this shard did not own as the pass started (being migrated to it) "
          + "not counted: the shard that owned them counts them");
    }
    return out;
  }

  void failed(SamplingException e) {
    errors.get(e.reason()).incrementAndGet();
  }

  /** Failures by reason label, every reason present. */
  Map<String, Long> errors() {
    Map<String, Long> counts = new LinkedHashMap<>();
    errors.forEach((r, n) -> counts.put(r.label(), n.get()));
    return counts;
  }
}
