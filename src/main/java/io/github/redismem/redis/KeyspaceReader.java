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
  /**
   * Keys one inspection call takes within its time budget, as learned from the calls so far (see
   * {@link InspectOptions#callBudgetMicros()}): a step asking about as many wastes no call on keys sent back and
   * forth. 0 while unknown, and where calls are not budgeted.
   */
  default double keysPerCall() {
    return 0;
  }

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

  /**
   * Per-pass parameters of an inspection.
   *
   * @param callBudgetMicros how long one script call may run, by Redis's clock, before it leaves the keys it has not
   *     reached to a call of their own; 0: no budget (see inspect.lua)
   * @param bigFromElements collections of at least this many elements (in an encoding whose inspection grows with
   *     them) are inspected in a call of their own, where a budget is set
   */
  record InspectOptions(int memoryUsageSamples, long setProbeMaxMembers, long callBudgetMicros,
      long bigFromElements) {
    public InspectOptions(int memoryUsageSamples, long setProbeMaxMembers) {
      this(memoryUsageSamples, setProbeMaxMembers, 0, 0);
    }
  }

  /**
   * The facts of the keys still there, how many had vanished, and how many the user may not read.
   *
   * @param serverNanos how long Redis spent on the inspection by its own clock (TIME at both ends of the script, or
   *     of each pipelined round), or -1 when it was not measured (TIME refused)
   * @param forbidden the names of the keys outside the user's ACL key pattern (NOPERM): not inspected, not among
   *     {@code keys} nor {@code vanished}
   * @param longestCallNanos the longest of the calls, by Redis's clock
   * @param calls how many calls (script calls or pipelined rounds) the inspection took
   */
  record Inspection(List<KeyFacts> keys, int vanished, long serverNanos, List<byte[]> forbidden,
      long longestCallNanos, int calls) {
    public Inspection(List<KeyFacts> keys, int vanished) {
      this(keys, vanished, -1);
    }

    public Inspection(List<KeyFacts> keys, int vanished, long serverNanos) {
      this(keys, vanished, serverNanos, List.of());
    }

    /** One call's inspection: its longest call is itself. */
    public Inspection(List<KeyFacts> keys, int vanished, long serverNanos, List<byte[]> forbidden) {
      this(keys, vanished, serverNanos, forbidden, serverNanos, 1);
    }

    /**
     * This inspection and {@code more} of other keys, as one: where the script left keys for calls of their own,
     * the step's inspection is that of all its calls (Redis's time summed, the longest call kept; unmeasured if
     * any part was).
     */
    public Inspection and(Inspection more) {
      List<KeyFacts> all = new java.util.ArrayList<>(keys.size() + more.keys.size());
      all.addAll(keys);
      all.addAll(more.keys);
      List<byte[]> refused = forbidden.isEmpty() ? more.forbidden : new java.util.ArrayList<>(forbidden);
      if (!forbidden.isEmpty()) {
        refused.addAll(more.forbidden);
      }
      long nanos = serverNanos < 0 || more.serverNanos < 0 ? -1 : serverNanos + more.serverNanos;
      return new Inspection(all, vanished + more.vanished, nanos, refused,
          Math.max(longestCallNanos, more.longestCallNanos), calls + more.calls);
    }
  }

  /**
   * A SCAN step's next cursor ("0" when the walk is done), how many keys it returned, and their inspection. Under a
   * time budget a step's call may leave keys its SCAN returned to the next step of the walk, whose call inspects
   * them first: they are then among that step's {@code scanned}, not this one's (each key once; the walk's last
   * step leaves none).
   *
   * @param notOwned keys SCAN returned of slots the sampled shard did not own as the pass started (a cluster node
   *     importing a slot returns its keys too): among {@code scanned}, but neither inspected nor vanished
   * @param left keys SCAN returned that the script call left for calls of their own (its time budget ran out, or a
   *     big collection came): not among {@code scanned}; a reader's steps have none left (the inspector finishes
   *     them)
   */
  record ScanInspection(String cursor, int scanned, Inspection inspection, int notOwned, List<byte[]> left) {
    public ScanInspection(String cursor, int scanned, Inspection inspection) {
      this(cursor, scanned, inspection, 0);
    }

    public ScanInspection(String cursor, int scanned, Inspection inspection, int notOwned) {
      this(cursor, scanned, inspection, notOwned, List.of());
    }

    public boolean finished() {
      return "0".equals(cursor);
    }
  }
}
