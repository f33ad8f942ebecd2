package io.github.redismem.analysis;

/**
 * Keeps each inspection call within {@code sampling.maxRedisTimePerCall}: a script call runs to its end before
 * Redis serves anyone else, so a client's request arriving meanwhile waits out the whole call. The script itself
 * keeps the bound (inspect.lua): it looks at Redis's clock every few keys and stops once its budget
 * ({@link #scriptBudgetMicros}) is spent, leaving the keys it did not reach to calls of their own, and inspects a big
 * collection ({@link #bigFromElements}) alone. What is left here is what the script cannot stop halfway: SCAN, one
 * command of O(COUNT), whose count is bounded to a share of the bound ({@link #keys}), and the record of the
 * longest call. Pure arithmetic, unit-tested without Redis; StallBoundIT checks the bound on a real Redis.
 */
final class CallSizer {
  /**
   * What SCAN costs Redis per key it returns (docs/benchmarks.md, 1.6 us measured on 7.0): SCAN COUNT n is one
   * command, O(n), that no other client's request can interleave, whichever way the keys are then inspected.
   */
  static final long SCAN_NANOS_PER_KEY = 1_600;
  /** The share of the bound one SCAN may take: in the script's SCAN mode its keys' inspection follows in the call. */
  static final double SCAN_SHARE = 0.4;
  /**
   * What a call may cost beyond its budget: the keys under way when the budget runs out (the script looks at the
   * clock once half the time left may have passed at its time per key so far, every 16 keys at least: 5-30 us a
   * key), converting the reply (the keys
   * left, up to a step's), a step of Lua's garbage collector (Redis runs one every 50 calls, inside the call), and
   * the request and event loop around the script. Measured with StallBoundIT on 7.0.15 and 6.2.11 (2026-11-30, the
   * machine shared): given 880 us, calls run again took 930-1,100 us by the slow log; given 800 us, 830-1,014 us.
   */
  static final long RESERVE_NANOS = 300_000;
  /**
   * Collections of this many elements or more, in an encoding whose inspection grows with them (hashtable,
   * skiplist, quicklist, stream), are inspected in a call of their own. At MEMORY USAGE's default 5 samples none
   * costs near a millisecond warm (a 100,000-member set 70-110 us, docs/sampling.md), but cold caches multiply it.
   */
  static final long BIG_FROM_ELEMENTS = 8_192;
  /** The same with {@code memoryUsageSamples: 0}: MEMORY USAGE then reads every element (O(N)). */
  static final long BIG_FROM_ELEMENTS_EXACT = 128;

  private final long boundNanos;
  private final int maxKeys;
  private long longestNanos;

  /**
   * @param boundNanos the longest a call may keep Redis busy; 0 or less: no bound, every step of {@code maxKeys}
   */
  CallSizer(long boundNanos, int maxKeys) {
    this.boundNanos = boundNanos;
    this.maxKeys = Math.max(1, maxKeys);
  }

  /** Keys for the next step: never more than one SCAN may return within its share of the bound. */
  int keys() {
    return keys(0);
  }

  /**
   * Keys for the next step, where one script call is known to inspect {@code keysPerCall} within its budget (0:
   * not known): a step of about as many, so that a call does not scan keys it can only send back for others to
   * inspect (each key sent back costs Redis about as much as a command). At least {@link #MIN_STEP_KEYS}.
   */
  int keys(double keysPerCall) {
    if (boundNanos <= 0) {
      return maxKeys;
    }
    int scan = (int) Math.max(1, Math.min(maxKeys, boundNanos * SCAN_SHARE / SCAN_NANOS_PER_KEY));
    return keysPerCall <= 0 ? scan : (int) Math.min(scan, Math.max(MIN_STEP_KEYS, Math.ceil(keysPerCall)));
  }

  /** The smallest step sized from the keys per call: SCAN's own cost per call stays small beside it. */
  static final int MIN_STEP_KEYS = 8;

  /**
   * The time one script call may spend before it leaves its remaining keys to another (inspect.lua's ARGV[9]):
   * the bound less what the call may cost after its last look at the clock; never below half the bound. 0: none.
   */
  long scriptBudgetMicros() {
    if (boundNanos <= 0) {
      return 0;
    }
    return Math.max(boundNanos / 2, boundNanos - RESERVE_NANOS) / 1_000;
  }

  /** Collections inspected alone (inspect.lua's ARGV[10]), at {@code memoryUsageSamples}. */
  static long bigFromElements(int memoryUsageSamples) {
    return memoryUsageSamples == 0 ? BIG_FROM_ELEMENTS_EXACT : BIG_FROM_ELEMENTS;
  }

  /** A script call that kept Redis busy {@code nanos}, request and reply included: the longest is kept. */
  void measured(long nanos) {
    longestNanos = Math.max(longestNanos, nanos);
  }

  /** The longest Redis time of one call measured so far. */
  long longestNanos() {
    return longestNanos;
  }
}
