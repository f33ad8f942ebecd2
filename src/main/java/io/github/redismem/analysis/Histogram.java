package io.github.redismem.analysis;

import java.util.Arrays;

/** A fixed-bucket histogram: counts per upper bound (the last is +Inf), a sum and a count. */
public final class Histogram {
  /** 64 B to 1 GiB, each bucket 4 times the last. */
  public static final double[] MEMORY_BOUNDS = bounds(64, 4, 1L << 30);
  /** 1 to 1,048,576 elements, doubling, so 128 and 512 (common encoding limits) are bucket bounds. */
  public static final double[] ELEMENT_BOUNDS = bounds(1, 2, 1L << 20);
  /**
   * String lengths in bytes: the memory bounds, so that a string's length and its key's size are read on the same
   * scale; 64, the first, is the default hash-max-listpack-value (a string that could be a small hash's field).
   */
  public static final double[] STRING_LENGTH_BOUNDS = MEMORY_BOUNDS;

  private final double[] bounds;
  private final long[] counts;
  private double sum;
  private long count;

  public Histogram(double[] bounds) {
    this.bounds = bounds;
    this.counts = new long[bounds.length + 1];
  }

  void observe(double value) {
    int i = Arrays.binarySearch(bounds, value);
    counts[i >= 0 ? i : -i - 1]++;
    sum += value;
    count++;
  }

  /** An immutable copy, counts scaled by {@code factor} (1 / sample ratio) and rounded. */
  Snapshot snapshot(double factor) {
    return snapshot(factor, sum * factor);
  }

  /** As {@link #snapshot(double)}, with the sum estimated elsewhere (bytes of a sampled pass). */
  Snapshot snapshot(double factor, double estimatedSum) {
    long[] scaled = new long[counts.length];
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      scaled[i] = Math.round(counts[i] * factor);
      total += scaled[i];
    }
    return new Snapshot(bounds.clone(), scaled, estimatedSum, total);
  }

  private static double[] bounds(long first, int factor, long last) {
    int n = 0;
    for (long b = first; b <= last; b *= factor) {
      n++;
    }
    double[] out = new double[n];
    long b = first;
    for (int i = 0; i < n; i++, b *= factor) {
      out[i] = b;
    }
    return out;
  }

  /** Upper bounds (without +Inf), non-cumulative counts per bucket (the last is above every bound). */
  public record Snapshot(double[] upperBounds, long[] counts, double sum, long count) {
    /** No observation: every bucket 0. */
    public static Snapshot empty(double[] upperBounds) {
      return new Snapshot(upperBounds.clone(), new long[upperBounds.length + 1], 0, 0);
    }

    /**
     * The histogram of both snapshots' observations (two nodes' keys): counts, sums and totals added.
     *
     * @throws IllegalArgumentException if their buckets differ
     */
    public Snapshot plus(Snapshot other) {
      if (!Arrays.equals(upperBounds, other.upperBounds)) {
        throw new IllegalArgumentException("histograms with different buckets cannot be added");
      }
      long[] sums = counts.clone();
      for (int i = 0; i < sums.length; i++) {
        sums[i] += other.counts[i];
      }
      return new Snapshot(upperBounds.clone(), sums, sum + other.sum, count + other.count);
    }
  }
}
