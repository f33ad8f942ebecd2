package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import java.util.Arrays;

/**
 * Paces the sampler. After each batch it returns how long to pause so that (a) the keys inspected since the pass
 * began stay under {@code maxKeysPerSecond}, and (b) the time the batches kept Redis busy stays under
 * {@code maxRedisTimeRatio} of the elapsed time. A batch counts Redis's own clock where the script timed itself
 * (see {@link #busyNanos}), times the factor that Redis's CPU counter showed for bracketed batches
 * ({@link CostCalibration}); while Redis is slow (a batch's time per key rises well above that of the batches
 * before it) or under memory pressure, pauses grow. Pure arithmetic on the times it is given, so it is unit-tested
 * without sleeping.
 */
final class Throttle {
  /**
   * Time per key this many times the typical one means Redis is slow: back off. Typical is the median of the last
   * {@link #RECENT} batches, not the best seen: where a throttled pass finds memory cold, its batches vary
   * threefold and more, and against its cheapest one a pass was "slow" much of the time, pausing four times longer
   * than its share asked for (docs/sampling.md, "What the throttle counts": at a 1% cap, 0.39-0.87% used against
   * 0.76-0.88% with the median).
   */
  static final double SLOW_FACTOR = 3.0;
  static final int RECENT = 15;
  static final int SLOW_BACKOFF = 4;
  static final double PRESSURE_LIMIT = 0.95;
  static final int MIN_BATCH = 10;
  /**
   * Redis CPU per script call beyond the script's own run time: reading the request, the event loop, writing the
   * reply (per key). Measured on the benchmark machine as redis-server CPU minus the script's TIME-measured time,
   * at 25, 100 and 500 keys a call on 6.2 and 7.0: about 50, 85 and 300 us (docs/benchmarks.md).
   */
  static final long CALL_NANOS = 40_000;
  static final long REPLY_NANOS_PER_KEY = 500;
  /**
   * The share aimed at, as a fraction of the cap. What a batch costs is learned ({@link CostCalibration}); the rest
   * is for what the factor does not see (the first batches before it has evidence, the INFO checks every 2 s) and
   * for Redis's own idle housekeeping, which no sampler causes but a CPU measurement of the pass includes
   * (0.2-0.4% of a core on the test machine, 2026-11-29: up to 0.4 points of a 5% cap).
   */
  static final double AIM = 0.9;
  /** Batches bracketed at the start of a pass, so that the factor is known early; then one every 2 s. */
  static final int FIRST_BRACKETS = 8;
  static final long BRACKET_EVERY_NANOS = 2_000_000_000L;

  private final long maxKeysPerSecond;
  private final double maxRedisTimeRatio;
  private final long startNanos;
  private final CostCalibration calibration = new CostCalibration();
  private final CallSizer sizer;
  private int bracketsTried;
  private long lastBracketNanos;
  private long busyNanos;
  private long keys;
  /** Time per key of the last {@link #RECENT} batches, a ring. */
  private final double[] recentNanosPerKey = new double[RECENT];
  private int batches;
  private boolean slow;

  Throttle(long maxKeysPerSecond, double maxRedisTimeRatio, long startNanos) {
    this(maxKeysPerSecond, maxRedisTimeRatio, startNanos, new CallSizer(0, Integer.MAX_VALUE));
  }

  Throttle(long maxKeysPerSecond, double maxRedisTimeRatio, long startNanos, CallSizer sizer) {
    this.maxKeysPerSecond = maxKeysPerSecond;
    this.maxRedisTimeRatio = maxRedisTimeRatio;
    this.startNanos = startNanos;
    this.sizer = sizer;
  }

  /** The throttle of a pass under these settings' caps, starting at {@code startNanos}. */
  static Throttle forPass(SamplingSettings settings, long startNanos) {
    return new Throttle(settings.maxKeysPerSecond(), settings.maxRedisTimeRatio(), startNanos,
        new CallSizer(settings.maxRedisTimePerCall().toNanos(), settings.maxBatchKeys()));
  }

  /**
   * Whether steps may be sent ahead: the next one before this one is counted, so that Redis runs it while the
   * client decodes and counts the last reply. Only when nothing is capped: a step already sent cannot be paused
   * before, nor its cost bracketed.
   */
  boolean sendsAhead() {
    return maxKeysPerSecond <= 0 && maxRedisTimeRatio >= 1;
  }

  /**
   * Keys per batch: {@code maxBatch}, or fewer where one SCAN of them would not fit the bound on one call's Redis
   * time ({@link CallSizer}), smaller under a key-rate cap so that it is met smoothly, halved while Redis is slow.
   * Batches do not shrink with the time share: on a busy Redis every client with a request in flight waits out
   * each batch, so at a given share fewer, longer batches delay fewer requests (a better p99) than many short ones,
   * and each call also costs Redis a fixed {@link #CALL_NANOS}. The call bound caps the longest wait (see
   * docs/benchmarks.md).
   */
  int batchKeys(int maxBatch) {
    return batchKeys(maxBatch, 0);
  }

  /** As {@link #batchKeys(int)}, where one script call is known to inspect {@code keysPerCall} keys in its budget. */
  int batchKeys(int maxBatch, double keysPerCall) {
    int size = Math.min(maxBatch, sizer.keys(keysPerCall));
    if (maxKeysPerSecond > 0) {
      size = (int) Math.min(size, Math.max(MIN_BATCH, maxKeysPerSecond / 20));
    }
    return slow ? Math.max(Math.min(MIN_BATCH, size), size / 2) : size;
  }

  /**
   * Before inspecting {@code keys} more keys: the pause that keeps the key rate under its cap.
   *
   * @return nanoseconds to wait
   */
  long beforeInspect(int keysToInspect, long nowNanos) {
    if (maxKeysPerSecond <= 0) {
      return 0;
    }
    long due = startNanos + (long) ((keys + keysToInspect) * 1e9 / maxKeysPerSecond);
    return Math.max(0, due - nowNanos);
  }

  /**
   * After a batch that kept Redis busy {@code batchNanos} (see {@link #busyNanos}) for {@code keysInBatch} keys:
   * the pause that keeps the Redis time share under its cap. The batch is charged {@code batchNanos} times the
   * {@link #costFactor()} learned so far.
   */
  long afterBatch(long batchNanos, int keysInBatch, int keysInspected, double memoryPressure) {
    double charged = batchNanos * calibration.factor();
    busyNanos += (long) charged;
    keys += keysInspected;
    if (keysInBatch > 0) {
      double perKey = (double) batchNanos / keysInBatch;
      slow = batches > 0 && perKey > SLOW_FACTOR * typicalNanosPerKey() && batchNanos > 1_000_000;
      recentNanosPerKey[batches++ % RECENT] = perKey;
    }
    double target = maxRedisTimeRatio >= 1 ? 1 : maxRedisTimeRatio * AIM;
    double pause = charged * (1 - target) / target;
    if (slow || memoryPressure >= PRESSURE_LIMIT) {
      pause *= SLOW_BACKOFF;
    }
    return (long) pause;
  }

  /**
   * What one inspection call cost Redis: the script's own time ({@code serverNanos}, TIME at both ends) plus the
   * protocol work around it, at most the round trip; the round trip where Redis did not time it (pipelined
   * commands: {@code serverNanos} is -1). Counting round trips instead would charge Redis for the network and the
   * client, several times its real share for small batches.
   */
  static long busyNanos(long serverNanos, int keys, long roundTripNanos) {
    if (serverNanos < 0) {
      return roundTripNanos;
    }
    return Math.min(roundTripNanos, serverNanos + CALL_NANOS + REPLY_NANOS_PER_KEY * keys);
  }

  /**
   * Charges {@code nanos} of Redis time the pass spent on its own readings (a bracket's, {@link #bracket}): measured,
   * so not scaled by the cost factor, and not a batch, so no sign that Redis is slow.
   *
   * @return the pause that keeps the share under its cap for them
   */
  long afterReadings(long nanos) {
    busyNanos += nanos;
    double target = maxRedisTimeRatio >= 1 ? 1 : maxRedisTimeRatio * AIM;
    return (long) (nanos * (1 - target) / target);
  }

  /**
   * Whether the next batch should be bracketed by readings of Redis's CPU counter: never when the time share is
   * not capped, else the first {@link #FIRST_BRACKETS} batches of the pass and then one every 2 s.
   */
  boolean bracketNext(long nowNanos) {
    return maxRedisTimeRatio < 1
        && (bracketsTried < FIRST_BRACKETS || nowNanos - lastBracketNanos >= BRACKET_EVERY_NANOS);
  }

  /**
   * A batch counted as {@code countedNanos}, bracketed by Redis's CPU counter (see
   * {@link CostCalibration#bracket}); call it before {@link #afterBatch} for that batch.
   *
   * @return what the three readings themselves cost Redis, for the caller to add to the batch's busy time
   */
  long bracket(long countedNanos, long cpuBefore, long cpuAfter, long cpuAgain, long nowNanos) {
    bracketsTried++;
    lastBracketNanos = nowNanos;
    return 3 * calibration.bracket(countedNanos, cpuBefore, cpuAfter, cpuAgain);
  }

  /** What a counted nanosecond of batch cost Redis by its CPU counter, between 1 and 2 ({@link CostCalibration}). */
  double costFactor() {
    return calibration.factor();
  }

  /** The measured share of wall time the pass's commands kept Redis busy, up to now. */
  double redisTimeRatio(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed <= 0 ? 0 : Math.min(1.0, (double) busyNanos / elapsed);
  }

  /**
   * A step's longest script call, by Redis's own clock ({@code serverNanos}, -1 where pipelined commands were not
   * timed), with the request and reply around it ({@link #CALL_NANOS}).
   */
  void measuredCall(long serverNanos) {
    if (serverNanos >= 0) {
      sizer.measured(serverNanos + CALL_NANOS);
    }
  }

  /** How long one script call may run before it leaves its remaining keys to another: see {@link CallSizer}. */
  long scriptBudgetMicros() {
    return sizer.scriptBudgetMicros();
  }

  /** The longest Redis time of one step's calls in this pass so far. */
  long longestCallNanos() {
    return sizer.longestNanos();
  }

  /** The median time per key of the last {@link #RECENT} batches (of those there were, when fewer). */
  private double typicalNanosPerKey() {
    double[] recent = Arrays.copyOf(recentNanosPerKey, Math.min(batches, RECENT));
    Arrays.sort(recent);
    int n = recent.length;
    return n % 2 == 1 ? recent[n / 2] : (recent[n / 2 - 1] + recent[n / 2]) / 2;
  }

  long keys() {
    return keys;
  }

  boolean slow() {
    return slow;
  }
}
