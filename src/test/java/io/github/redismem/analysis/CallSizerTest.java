package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallSizerTest {
  private static final long US = 1_000;
  private static final long MS = 1_000_000;

  /** What a call of {@code keys} keys costs at {@code perKey} ns a key, the fixed part included. */
  private static long cost(int keys, double perKey) {
    return Throttle.CALL_NANOS + (long) (keys * perKey);
  }

  @Test
  void startsSmallThenGrowsToWhatTheBoundAllows() {
    CallSizer sizer = new CallSizer(MS, 500);
    assertThat(sizer.keys()).isEqualTo(CallSizer.FIRST_KEYS);
    int previous = sizer.keys();
    for (int i = 0; i < 20; i++) {
      int keys = sizer.keys();
      sizer.measured(cost(keys, 4 * US), keys);
      assertThat(sizer.keys()).isLessThanOrEqualTo(2 * Math.max(previous, keys));
      previous = keys;
    }
    // (1 ms x AIM - the fixed part) / 4 us
    int expected = (int) ((MS * CallSizer.AIM - Throttle.CALL_NANOS) / (4 * US));
    assertThat(sizer.keys()).isEqualTo(expected);
    assertThat(cost(sizer.keys(), 4 * US)).isLessThan(MS);
  }

  @ParameterizedTest
  @CsvSource({
      // bound ns, ns per key, most keys per call: expected size once settled
      "1000000, 4000, 500, 165",
      "500000, 4000, 500, 77",
      "2000000, 4000, 500, 340",
      "1000000, 1000, 500, 412",    // cheap keys: what one SCAN may return within the bound caps it
      "3000000, 1000, 500, 500",    // ... or maxBatchKeys
      "1000000, 800000, 500, 1",    // a key dearer than the bound: one key a call, never none
      "100000, 4000, 500, 7",
  })
  void settlesUnderTheBound(long bound, long perKey, int maxKeys, int expected) {
    CallSizer sizer = new CallSizer(bound, maxKeys);
    for (int i = 0; i < 30; i++) {
      int keys = sizer.keys();
      sizer.measured(cost(keys, perKey), keys);
    }
    assertThat(sizer.keys()).isEqualTo(expected);
    if (expected > 1) {
      assertThat(cost(sizer.keys(), perKey)).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void aCostlyCallShrinksTheNextAtOnceAndTheSizeRecoversGradually() {
    CallSizer sizer = new CallSizer(MS, 500);
    for (int i = 0; i < 20; i++) {
      sizer.measured(cost(sizer.keys(), 4 * US), sizer.keys());
    }
    int settled = sizer.keys();
    // a call with a few big collections: 40 us a key on average
    sizer.measured(cost(settled, 40 * US), settled);
    int shrunk = sizer.keys();
    assertThat(cost(shrunk, 40 * US)).isLessThan(MS);
    assertThat(shrunk).isLessThan(settled / 5);
    sizer.measured(cost(shrunk, 4 * US), shrunk);
    assertThat(sizer.keys()).isGreaterThan(shrunk).isLessThan(settled);
    assertThat(sizer.longestNanos()).isEqualTo(cost(settled, 40 * US));
  }

  /** Pipelined commands hold Redis one at a time: only SCAN's count is bounded, at its measured 1.6 us a key. */
  @Test
  void pipelinedStepsAreAsLargeAsOneScanMayBe() {
    CallSizer sizer = new CallSizer(MS, 500);
    sizer.pipelined();
    assertThat(sizer.keys()).isEqualTo((int) ((MS * CallSizer.AIM - Throttle.CALL_NANOS)
        / CallSizer.SCAN_NANOS_PER_KEY));
    assertThat(sizer.longestNanos()).isZero();
    CallSizer unbounded = new CallSizer(0, 500);
    unbounded.pipelined();
    assertThat(unbounded.keys()).isEqualTo(500);
  }

  @Test
  void noBoundMeansCallsOfTheMostKeys() {
    CallSizer sizer = new CallSizer(0, 500);
    assertThat(sizer.keys()).isEqualTo(500);
    sizer.measured(5 * MS, 500);
    assertThat(sizer.keys()).isEqualTo(500);
    assertThat(sizer.longestNanos()).isEqualTo(5 * MS);
  }

  @Test
  void anEmptyStepTeachesNothing() {
    CallSizer sizer = new CallSizer(MS, 500);
    sizer.measured(Throttle.CALL_NANOS, 0);
    assertThat(sizer.keys()).isEqualTo(CallSizer.FIRST_KEYS);
  }

  @Test
  void theThrottleAsksTheSizersKeys() {
    Throttle t = new Throttle(0, 0.01, 0, new CallSizer(MS, 500));
    assertThat(t.batchKeys(500)).isEqualTo(CallSizer.FIRST_KEYS);
    for (int i = 0; i < 20; i++) {
      int keys = t.batchKeys(500);
      t.measuredCall(cost(keys, 4 * US), keys);
    }
    assertThat(t.batchKeys(500)).isBetween(100, 200);
    assertThat(t.batchKeys(50)).isEqualTo(50);
    assertThat(t.longestCallNanos()).isLessThan(MS);
  }
}
