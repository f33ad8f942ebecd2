package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arithmetic of the bound on one call's Redis time; StallBoundIT checks the script keeps it on a real Redis. */
class CallSizerTest {
  private static final long MS = 1_000_000;

  @Test
  void aStepAsksWhatOneScanMayReturnWithinItsShareOfTheBound() {
    assertThat(new CallSizer(MS, 500).keys()).isEqualTo(250); // 400 us at 1.6 us a key
    assertThat(new CallSizer(MS / 2, 500).keys()).isEqualTo(125);
    assertThat(new CallSizer(10 * MS, 500).keys()).isEqualTo(500); // never above maxBatchKeys
    assertThat(new CallSizer(1_000, 500).keys()).isEqualTo(1); // never below one key
    assertThat(new CallSizer(0, 500).keys()).isEqualTo(500); // no bound
  }

  @Test
  void aStepAsksAboutWhatOneCallInspectsOnceThatIsKnown() {
    CallSizer sizer = new CallSizer(MS, 500);
    assertThat(sizer.keys(0)).isEqualTo(250); // not known yet
    assertThat(sizer.keys(44.2)).isEqualTo(45);
    assertThat(sizer.keys(2)).isEqualTo(CallSizer.MIN_STEP_KEYS);
    assertThat(sizer.keys(900)).isEqualTo(250); // never past what one SCAN may return within its share
    assertThat(new CallSizer(0, 500).keys(44)).isEqualTo(500); // no bound: no budget, nothing learned
  }

  @Test
  void theScriptsBudgetIsTheBoundLessItsReserveNeverBelowHalf() {
    assertThat(new CallSizer(MS, 500).scriptBudgetMicros()).isEqualTo(700);
    assertThat(new CallSizer(MS / 2, 500).scriptBudgetMicros()).isEqualTo(250); // half of 500 us
    assertThat(new CallSizer(0, 500).scriptBudgetMicros()).isZero();
  }

  @Test
  void bigCollectionsAreSmallerWhereMemoryUsageReadsEveryElement() {
    assertThat(CallSizer.bigFromElements(5)).isEqualTo(CallSizer.BIG_FROM_ELEMENTS);
    assertThat(CallSizer.bigFromElements(0)).isEqualTo(CallSizer.BIG_FROM_ELEMENTS_EXACT);
  }

  @Test
  void theLongestCallIsKept() {
    CallSizer sizer = new CallSizer(MS, 500);
    assertThat(sizer.longestNanos()).isZero();
    sizer.measured(300_000);
    sizer.measured(900_000);
    sizer.measured(100_000);
    assertThat(sizer.longestNanos()).isEqualTo(900_000);
  }

  @Test
  void theThrottleRecordsCallsTimedByRedisOnly() {
    Throttle t = new Throttle(0, 0.01, 0, new CallSizer(MS, 500));
    assertThat(t.batchKeys(500)).isEqualTo(250);
    t.measuredCall(-1); // pipelined commands: not timed
    assertThat(t.longestCallNanos()).isZero();
    t.measuredCall(500_000);
    assertThat(t.longestCallNanos()).isEqualTo(500_000 + Throttle.CALL_NANOS);
  }
}
