package io.github.redismem.analysis;

/**
 * Paces the sampler. After each batch it returns how long to pause so that (a) the keys inspected since the pass
 * began stay under {@code maxKeysPerSecond}, and (b) the batches' round trips stay under {@code maxRedisTimeRatio}
 * of the elapsed time; while Redis is slow (a batch's time per key rises well above the best seen) or under
 * memory pressure, pauses grow. Pure arithmetic on the times it is given, so it is unit-tested without sleeping.
 */
final class Throttle {
  /** Time per key this many times the best seen means Redis is slow: back off. */
  static final double SLOW_FACTOR = 3.0;
  static final int SLOW_BACKOFF = 4;
  static final double PRESSURE_LIMIT = 0.95;
  static final int MIN_BATCH = 10;

  private final long maxKeysPerSecond;
  private final double maxRedisTimeRatio;
  private final long startNanos;
  private long busyNanos;
  private long keys;
  private double bestNanosPerKey = Double.MAX_VALUE;
  private boolean slow;

  Throttle(long maxKeysPerSecond, double maxRedisTimeRatio, long startNanos) {
    this.maxKeysPerSecond = maxKeysPerSecond;
    this.maxRedisTimeRatio = maxRedisTimeRatio;
    this.startNanos = startNanos;
  }

  /**
   * Keys per batch: {@code maxBatch}, smaller under a key-rate cap so that it is met smoothly, halved while Redis
   * is slow. (Shrinking batches with the time share was tried: at 25 keys a batch the fixed cost of a round trip
   * dominated the measured busy time and passes ran ten times slower, with no measurable gain in client p99 on
   * the 2-core benchmark machine; see docs/benchmarks.md.)
   */
  int batchKeys(int maxBatch) {
    int size = maxBatch;
    if (maxKeysPerSecond > 0) {
      size = (int) Math.max(MIN_BATCH, Math.min(size, maxKeysPerSecond / 20));
    }
    return slow ? Math.max(MIN_BATCH, size / 2) : size;
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
   * After a batch whose commands took {@code batchNanos} (round trips of SCAN and the inspection) for
   * {@code keysInBatch} keys: the pause that keeps the Redis time share under its cap.
   */
  long afterBatch(long batchNanos, int keysInBatch, int keysInspected, double memoryPressure) {
    busyNanos += batchNanos;
    keys += keysInspected;
    if (keysInBatch > 0) {
      double perKey = (double) batchNanos / keysInBatch;
      bestNanosPerKey = Math.min(bestNanosPerKey, perKey);
      slow = perKey > SLOW_FACTOR * bestNanosPerKey && batchNanos > 1_000_000;
    }
    double pause = batchNanos * (1 - maxRedisTimeRatio) / maxRedisTimeRatio;
    if (slow || memoryPressure >= PRESSURE_LIMIT) {
      pause *= SLOW_BACKOFF;
    }
    return (long) pause;
  }

  /** The measured share of wall time the pass's commands kept Redis busy, up to now. */
  double redisTimeRatio(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed <= 0 ? 0 : Math.min(1.0, (double) busyNanos / elapsed);
  }

  long keys() {
    return keys;
  }

  boolean slow() {
    return slow;
  }
}
