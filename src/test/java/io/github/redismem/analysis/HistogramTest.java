package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fixed buckets: a value equal to a bound counts in that bound's bucket; above the last, in +Inf. */
class HistogramTest {
  private static final double[] BOUNDS = {1, 10, 100};

  @ParameterizedTest(name = "{0} in bucket {1}")
  @CsvSource({"0, 0", "1, 0", "1.5, 1", "10, 1", "11, 2", "100, 2", "101, 3", "1e18, 3"})
  void aValueCountsInTheFirstBucketWhoseBoundHoldsIt(double value, int bucket) {
    Histogram h = new Histogram(BOUNDS);
    h.observe(value);
    long[] expected = new long[4];
    expected[bucket] = 1;
    Histogram.Snapshot s = h.snapshot(1);
    assertThat(s.counts()).containsExactly(expected);
    assertThat(s.count()).isEqualTo(1);
    assertThat(s.sum()).isEqualTo(value);
  }

  @Test
  void aSnapshotScalesCountsAndRoundsEachBucket() {
    Histogram h = new Histogram(BOUNDS);
    h.observe(5);
    h.observe(5);
    h.observe(50);
    Histogram.Snapshot s = h.snapshot(2.5);
    // 2 x 2.5 = 5, 1 x 2.5 = 2.5 rounds to 3: the count is the sum of the rounded buckets
    assertThat(s.counts()).containsExactly(0, 5, 3, 0);
    assertThat(s.count()).isEqualTo(8);
    assertThat(s.sum()).isEqualTo(60 * 2.5);
    assertThat(h.snapshot(2.5, 42).sum()).isEqualTo(42);
  }

  @Test
  void aSnapshotIsACopy() {
    Histogram h = new Histogram(BOUNDS);
    Histogram.Snapshot before = h.snapshot(1);
    h.observe(5);
    assertThat(before.counts()).containsOnly(0L);
    before.upperBounds()[0] = 99;
    assertThat(h.snapshot(1).upperBounds()[0]).isEqualTo(1);
  }

  @Test
  void theStandardBoundsGrowGeometrically() {
    assertThat(Histogram.MEMORY_BOUNDS).startsWith(64, 256, 1024).endsWith(1L << 30);
    assertThat(Histogram.MEMORY_BOUNDS).hasSize(13);
    assertThat(Histogram.ELEMENT_BOUNDS).startsWith(1, 2, 4).contains(128, 512).endsWith(1 << 20);
    assertThat(Histogram.ELEMENT_BOUNDS).hasSize(21);
    assertThat(Histogram.Snapshot.empty(BOUNDS).counts()).containsExactly(0, 0, 0, 0);
  }
}
