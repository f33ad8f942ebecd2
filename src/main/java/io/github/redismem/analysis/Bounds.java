package io.github.redismem.analysis;

/**
 * The 99% interval of an estimate from a sampled pass (docs/sampling.md says how it is made). For an exact pass,
 * and for what a sampled pass knows exactly, {@code low} and {@code high} equal the value.
 */
public record Bounds(double low, double high) {
  public static Bounds exact(double value) {
    return new Bounds(value, value);
  }

  /**
   * The bounds of a sum of independent estimates, as the sum of their bounds: wider than the sum's own 99%
   * interval, never narrower (conservative).
   */
  public Bounds plus(Bounds other) {
    return new Bounds(low + other.low, high + other.high);
  }

  public boolean contains(double value) {
    return value >= low && value <= high;
  }
}
