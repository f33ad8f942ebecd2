package io.github.redismem.analysis;

/**
 * Told after each batch of a pass how far it got, for a one-shot run's progress display. Called on the pass's
 * thread, so it must be quick.
 */
@FunctionalInterface
public interface PassProgress {
  /** Ignores progress: the background sampler's default. */
  PassProgress NONE = (scanned, expected, inspected) -> { };

  /**
   * @param keysScanned keys SCAN returned so far (inspected or not, by the sample ratio)
   * @param keysExpected the keys INFO keyspace counted when the pass began (at least 1)
   * @param keysInspected keys inspected and aggregated so far
   */
  void batch(long keysScanned, long keysExpected, long keysInspected);
}
