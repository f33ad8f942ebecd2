package io.github.redismem.analysis;

/**
 * Sizes inspection calls so that each keeps Redis busy no longer than {@code sampling.maxRedisTimePerCall}: a script
 * call runs to its end before Redis serves anyone else, so a client's request arriving meanwhile waits out the
 * whole call. The size starts small ({@link #FIRST_KEYS}), then follows the time per key measured on the calls
 * so far (Redis's own clock for a script call, {@link Throttle#busyNanos}): it may double per call while calls
 * stay under the bound, and drops at once to what the last call's cost per key allows when one ran long (a big
 * collection, a busy server). Never below one key, never above {@code maxBatchKeys}. Pure arithmetic on the times
 * it is given, unit-tested without Redis.
 */
final class CallSizer {
  /** The first call's keys, before any cost is known: at 3-5 us a key, about 0.1 ms. */
  static final int FIRST_KEYS = 20;
  /**
   * The share of the bound aimed at: a call's cost varies with its keys (a few big collections, an unlucky SCAN
   * step returning more keys than its COUNT), so the expected time is kept below the bound, not at it.
   */
  static final double AIM = 0.7;
  /** How fast the remembered cost per key forgets a costly call: a share of the new one per call. */
  static final double FORGET = 0.2;
  /**
   * What SCAN costs Redis per key it returns (docs/benchmarks.md, 1.6 us measured on 7.0): SCAN COUNT n is one
   * command, O(n), that no other client's request can interleave, whichever way the keys are then inspected.
   */
  static final long SCAN_NANOS_PER_KEY = 1_600;

  private final long boundNanos;
  private final int maxKeys;
  private int keys;
  /** Redis time per key, as remembered; 0 until a call is measured. */
  private double nanosPerKey;
  private long longestNanos;

  /**
   * @param boundNanos the longest a call may keep Redis busy; 0 or less: no bound, every call of {@code maxKeys}
   */
  CallSizer(long boundNanos, int maxKeys) {
    this.boundNanos = boundNanos;
    this.maxKeys = Math.max(1, maxKeys);
    this.keys = boundNanos > 0 ? Math.min(this.maxKeys, FIRST_KEYS) : this.maxKeys;
  }

  /** Keys for the next call: never more than one SCAN step may return within the bound. */
  int keys() {
    return Math.min(keys, scanKeys());
  }

  /** Keys one SCAN COUNT may ask for within the bound ({@link #SCAN_NANOS_PER_KEY}); {@code maxKeys} if no bound. */
  private int scanKeys() {
    if (boundNanos <= 0) {
      return maxKeys;
    }
    return (int) Math.max(1, Math.min(maxKeys, (boundNanos * AIM - Throttle.CALL_NANOS) / SCAN_NANOS_PER_KEY));
  }

  /**
   * A step inspected with pipelined commands, which Redis did not time: Redis serves other clients between them
   * (it runs what one read of a client's connection holds, then turns to the others), so no command of the step
   * holds it long but its SCAN; the step's size is then what SCAN may take within the bound.
   */
  void pipelined() {
    keys = maxKeys;
  }

  /**
   * A call that kept Redis busy {@code nanos} for {@code keysInCall} keys (scanned, inspected or both): the next
   * size follows. Calls of no keys (an empty SCAN step) teach nothing of the cost per key.
   */
  void measured(long nanos, int keysInCall) {
    longestNanos = Math.max(longestNanos, nanos);
    if (boundNanos <= 0 || keysInCall <= 0) {
      return;
    }
    // the fixed part of a call (request, event loop, reply) is not a key's: leave it out of the cost per key
    double perKey = Math.max(1.0, (double) (nanos - Throttle.CALL_NANOS) / keysInCall);
    // a costlier call counts in full at once (shrink now), a cheaper one only partly (grow gradually)
    nanosPerKey = nanosPerKey == 0 || perKey > nanosPerKey ? perKey
        : nanosPerKey * (1 - FORGET) + perKey * FORGET;
    double room = Math.max(0, boundNanos * AIM - Throttle.CALL_NANOS);
    long fits = (long) (room / nanosPerKey);
    keys = (int) Math.max(1, Math.min(Math.min(maxKeys, 2L * Math.max(keys, keysInCall)), fits));
  }

  /** The longest Redis time of one call measured so far. */
  long longestNanos() {
    return longestNanos;
  }
}
