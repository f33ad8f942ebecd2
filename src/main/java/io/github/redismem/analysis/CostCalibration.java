package io.github.redismem.analysis;

/**
 * Learns what the sampler's batches really cost Redis, from Redis's own CPU counter ({@code INFO cpu}), as a
 * factor on what the throttle counts per batch (the script's own time plus an allowance, or the round trip).
 *
 * <p>Some batches are bracketed: the counter is read just before the batch, just after its reply, and once more at
 * once. The first difference is the batch's whole cost to Redis (reading the request, the script, writing the
 * reply, the event loop, a Lua garbage-collection step when one falls there) plus the two readings' own work
 * around it; the second difference is that reading work alone, so it is subtracted. The windows last a round trip
 * (a few milliseconds), so Redis's housekeeping and other clients' commands weigh little in them, unlike in
 * CPU deltas over whole seconds; what does get in is bounded by clamping the factor to [{@link #MIN_FACTOR},
 * {@link #MAX_FACTOR}]: the sampler is never charged less than it counts, and other clients can at worst halve its
 * speed. Sums over the pass, so that one bracket's noise weighs little. Without readings (INFO without a cpu
 * section) the factor stays 1. Pure arithmetic on the readings it is given.
 */
final class CostCalibration {
  static final double MIN_FACTOR = 1.0;
  static final double MAX_FACTOR = 2.0;
  /** Counted time of bracketed batches before the factor moves from 1: a few brackets, not one. */
  static final long MIN_COUNTED_NANOS = 5_000_000;

  private long cost;
  private long counted;
  private int brackets;
  /** The cheapest reading seen: what one reading itself costs Redis; a dearer one held other clients' work too. */
  private long cheapestReading = Long.MAX_VALUE;

  /**
   * A bracketed batch: counted as {@code countedNanos}; Redis's CPU counter (nanoseconds) read before it, after
   * it, and again at once. Readings that are missing (-1) or go back (a restart) are ignored.
   *
   * @return what one reading cost Redis, to charge the sampler for its readings: the last difference, but never
   *     more than the cheapest seen, since on a busy Redis the difference holds other clients' commands too (charged
   *     three times a bracket, every 2 s, they had starved a sampler at a 0.25% share under load); 0 if unknown
   */
  long bracket(long countedNanos, long cpuBefore, long cpuAfter, long cpuAgain) {
    if (cpuBefore < 0 || cpuAfter < cpuBefore || cpuAgain < cpuAfter || countedNanos <= 0) {
      return 0;
    }
    long reading = cpuAgain - cpuAfter;
    cost += Math.max(0, cpuAfter - cpuBefore - reading);
    counted += countedNanos;
    brackets++;
    cheapestReading = Math.min(cheapestReading, reading);
    return cheapestReading;
  }

  /** What Redis spent per counted nanosecond of bracketed batch, clamped; 1 until there is evidence. */
  double factor() {
    if (counted < MIN_COUNTED_NANOS) {
      return 1;
    }
    return Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, (double) cost / counted));
  }

  /** Bracketed batches so far. */
  int brackets() {
    return brackets;
  }
}
