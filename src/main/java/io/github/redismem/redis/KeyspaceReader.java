package io.github.redismem.redis;

import java.util.List;
import java.util.Map;

/**
 * The sampler's view of Redis: a connection of its own, used by one thread. Failures are thrown as
 * {@link SamplingException} with a reason from a fixed set; a key that vanished mid-inspection is not a failure.
 */
public interface KeyspaceReader extends AutoCloseable {

  /** INFO and the encoding thresholds (CONFIG GET where allowed): what a pass starts from. */
  ServerView server() throws SamplingException;

  /** INFO only (role, loading, memory pressure), for the checks during a pass; its config map is empty. */
  ServerView serverState() throws SamplingException;

  /**
   * The CPU Redis has used since it started ({@code INFO cpu}: {@code used_cpu_sys + used_cpu_user}), in
   * nanoseconds, or -1 where INFO does not give it. A small read, cheap enough to bracket some of the sampler's
   * batches.
   */
  default long redisCpuNanos() throws SamplingException {
    return -1;
  }

  /** One SCAN step; keys of slots the shard does not own are counted, not returned ({@link ScanPage#notOwned()}). */
  ScanPage scan(int db, String cursor, int count) throws SamplingException;

  /**
   * The commands the reader uses, by a fixed label ({@code scan}, {@code object}, {@code memory_usage}, ...), and
   * whether the server allows them as far as the reader has learned; empty when it does not say.
   */
  default Map<String, Boolean> capabilities() {
    return Map.of();
  }

  /** What the refusals cost the results, one sentence each ("sizes estimated (MEMORY USAGE not permitted)"). */
  default List<String> limits() {
    return List.of();
  }

  /**
   * TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL of each key, then its length and the few value bytes findings
   * need; keys that vanished are left out of the result and counted in {@link Inspection#vanished()}, as are keys
   * the node redirects (MOVED, ASK: they moved to another shard, which counts them).
   */
  Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException;

  /**
   * One SCAN step and the inspection of the keys it returned. Where scripts are allowed this is one script call
   * (SCAN inside it), else {@link #scan} then {@link #inspect}: the same facts either way.
   */
  ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options) throws SamplingException;

  /**
   * Sends what {@link #scanAndInspect} would and returns at once, so that the caller can work on the previous
   * step while Redis runs this one; {@link Pending#await()} then gives the same result. The default waits until
   * it is awaited.
   */
  default Pending<ScanInspection> sendScanAndInspect(int db, String cursor, int count, InspectOptions options) {
    return () -> scanAndInspect(db, cursor, count, options);
  }

  /** A step sent and not yet awaited. */
  @FunctionalInterface
  interface Pending<T> {
    T await() throws SamplingException;
  }

  @Override
  void close();

  /** Per-pass parameters of an inspection. */
  record InspectOptions(int memoryUsageSamples, long setProbeMaxMembers) {}

  /**
   * The facts of the keys still there, how many had vanished, and how many the user may not read.
   *
   * @param serverNanos how long Redis spent on the inspection by its own clock (TIME at both ends of the script),
   *     or -1 when it was not measured (pipelined commands)
   * @param forbidden the names of the keys outside the user's ACL key pattern (NOPERM): not inspected, not among
   *     {@code keys} nor {@code vanished}
   */
  record Inspection(List<KeyFacts> keys, int vanished, long serverNanos, List<byte[]> forbidden) {
    public Inspection(List<KeyFacts> keys, int vanished) {
      this(keys, vanished, -1);
    }

    public Inspection(List<KeyFacts> keys, int vanished, long serverNanos) {
      this(keys, vanished, serverNanos, List.of());
    }
  }

  /**
   * A SCAN step's next cursor ("0" when the walk is done), how many keys it returned, and their inspection.
   *
   * @param notOwned keys SCAN returned of slots the sampled shard did not own as the pass started (a cluster node
   *     importing a slot returns its keys too): among {@code scanned}, but neither inspected nor vanished
   */
  record ScanInspection(String cursor, int scanned, Inspection inspection, int notOwned) {
    public ScanInspection(String cursor, int scanned, Inspection inspection) {
      this(cursor, scanned, inspection, 0);
    }

    public boolean finished() {
      return "0".equals(cursor);
    }
  }
}
