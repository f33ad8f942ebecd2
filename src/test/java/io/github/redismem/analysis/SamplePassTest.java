package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.github.redismem.testing.FakeKeyspaceReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pass engine driven through {@link KeySampler} over a {@link FakeKeyspaceReader}, on a clock that moves only
 * when the pass sleeps or the fake spends Redis time: every figure is exact and the tests take milliseconds.
 */
class SamplePassTest {
  static final ThresholdSettings THRESHOLDS = new ThresholdSettings(-1, -1, -1, -1, -1, -1, -1);
  static final long MS = 1_000_000;

  /** A clock that moves only when told: the pass's pauses and the fake's Redis time. */
  static final class FakeClock implements PassClock {
    long now;
    long slept;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      if (nanos > 0) {
        now += nanos;
        slept += nanos;
      }
    }

    void advance(long nanos) {
      now += nanos;
    }
  }

  static SamplingSettings settings(double sampleRatio, long maxKeysPerSecond, double maxRedisTimeRatio,
      boolean onPrimary) {
    return ConfigLoader.defaults().sampling().withMaxKeysPerSecond(maxKeysPerSecond)
        .withMaxRedisTimeRatio(maxRedisTimeRatio).withSampleRatio(sampleRatio).withOnPrimary(onPrimary)
        .withMaxBatchKeys(50).withMaxRedisTimePerCall(Duration.ZERO);
    // no bound on a call's time: these tests count calls of maxBatchKeys from the first (the bound's sizing is
    // tested on its own, CallSizerTest and eachCallIsGivenTheBoundAsItsBudget)
  }

  static SamplingSettings settings(double sampleRatio, long maxKeysPerSecond, double maxRedisTimeRatio) {
    return settings(sampleRatio, maxKeysPerSecond, maxRedisTimeRatio, true);
  }

  /** 250 keys in db 0 and 120 in db 3, SCAN pages overlapping by one key. */
  static FakeKeyspaceReader twoDbs() {
    return new FakeKeyspaceReader().keys(0, "user:", 250).keys(3, "page:", 120).overlappingPages();
  }

  static long selected(double ratio) {
    return Stream.concat(IntStream.range(0, 250).mapToObj(i -> "user:" + i),
            IntStream.range(0, 120).mapToObj(i -> "page:" + i))
        .filter(k -> KeyHash.selected(k.getBytes(StandardCharsets.UTF_8), ratio)).count();
  }

  static SinglePass once(KeySampler sampler) throws InterruptedException {
    return sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
  }

  /** The three kinds of step, and whether each sends steps ahead. */
  static Stream<Arguments> stepKinds() {
    return Stream.of(
        Arguments.of("whole keyspace, time share capped", settings(1.0, 0, 0.5), false),
        Arguments.of("whole keyspace, key rate capped", settings(1.0, 100_000, 1.0), false),
        Arguments.of("whole keyspace, nothing capped: ahead", settings(1.0, 0, 1.0), true),
        Arguments.of("a sampled half", settings(0.5, 0, 1.0), false),
        Arguments.of("a sampled tenth, time share capped", settings(0.1, 0, 0.2), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stepKinds")
  void aCompletePassCountsEveryKeyOnce(String kind, SamplingSettings s, boolean ahead) throws Exception {
    FakeKeyspaceReader reader = twoDbs();
    KeySampler sampler = new KeySampler(reader, s, THRESHOLDS, new FakeClock());
    SinglePass pass = once(sampler);
    assertThat(pass.partial()).isFalse();
    assertThat(pass.result().keysInspected()).isEqualTo(selected(s.sampleRatio()));
    assertThat(pass.result().keysVanished()).isZero();
    SamplerStatus status = sampler.status();
    assertThat(status.keysTotal()).isEqualTo(selected(s.sampleRatio()));
    assertThat(status.passesTotal()).isEqualTo(1);
    assertThat(status.progress()).isEqualTo(1.0);
    assertThat(status.state()).isEqualTo("idle");
    assertThat(status.errors().values()).containsOnly(0L);
    assertThat(status.lastPass()).contains(pass.result());
    assertThat(reader.sentAhead() > 0).as("steps sent ahead").isEqualTo(ahead);
  }

  @ParameterizedTest(name = "sample ratio {0}")
  @MethodSource("ratios")
  void vanishedKeysAreCountedNotFailed(double ratio) throws Exception {
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 100).vanishing("k7").vanishing("k8")
        .vanishing("k70");
    SinglePass pass = once(new KeySampler(reader, settings(ratio, 0, 1.0), THRESHOLDS, new FakeClock()));
    long gone = Stream.of("k7", "k8", "k70")
        .filter(k -> KeyHash.selected(k.getBytes(StandardCharsets.UTF_8), ratio)).count();
    long all = IntStream.range(0, 100)
        .filter(i -> KeyHash.selected(("k" + i).getBytes(StandardCharsets.UTF_8), ratio)).count();
    assertThat(pass.partial()).isFalse();
    assertThat(pass.result().keysVanished()).isEqualTo(gone);
    assertThat(pass.result().keysInspected()).isEqualTo(all - gone);
  }

  static Stream<Double> ratios() {
    return Stream.of(1.0, 0.5);
  }

  /** Failures in a row up to the limit are retried, with growing pauses; one more abandons the pass. */
  @ParameterizedTest(name = "{0} failures in a row")
  @MethodSource("failuresInARow")
  void transientFailuresAreRetriedUpToTheLimit(int failures, boolean completes) throws Exception {
    int[] calls = IntStream.rangeClosed(2, 1 + failures).toArray();
    FakeKeyspaceReader reader = twoDbs().failCalls(Reason.TIMEOUT, calls);
    FakeClock clock = new FakeClock();
    KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 0.5), THRESHOLDS, clock);
    if (completes) {
      SinglePass pass = once(sampler);
      assertThat(pass.partial()).isFalse();
      assertThat(pass.result().keysInspected()).isEqualTo(370);
      long backOff = IntStream.rangeClosed(1, failures).mapToLong(Retries::pause).sum();
      assertThat(clock.slept).isGreaterThanOrEqualTo(backOff);
    } else {
      assertThatThrownBy(() -> once(sampler)).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("timeout: scripted failure of call");
      assertThat(sampler.status().state()).isEqualTo("failing");
      assertThat(sampler.status().lastPass()).isEmpty();
    }
    assertThat(sampler.status().errors()).containsEntry("timeout", (long) failures)
        .containsEntry("connection", 0L);
  }

  static Stream<Arguments> failuresInARow() {
    return Stream.of(Arguments.of(1, true), Arguments.of(Retries.MAX_CONSECUTIVE_FAILURES - 1, true),
        Arguments.of(Retries.MAX_CONSECUTIVE_FAILURES, false));
  }

  @Test
  void anAbandonedPassNamesTheLastReason() {
    FakeKeyspaceReader reader = twoDbs().failCalls(Reason.TIMEOUT, 3).failFrom(4, Reason.CONNECTION);
    KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 1.0), THRESHOLDS, new FakeClock());
    assertThatThrownBy(() -> once(sampler)).hasMessageStartingWith("connection: ");
    assertThat(sampler.status().errors()).containsEntry("timeout", 1L)
        .containsEntry("connection", (long) Retries.MAX_CONSECUTIVE_FAILURES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stepKinds")
  void aStopMidPassGivesAPartialResult(String kind, SamplingSettings s, boolean ahead) throws Exception {
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 1000);
    AtomicLong scanned = new AtomicLong();
    KeySampler sampler = new KeySampler(reader, s, THRESHOLDS, new FakeClock());
    SinglePass pass = sampler.runOnce((keysScanned, expected, inspected) -> scanned.set(keysScanned),
        () -> scanned.get() >= 100).orElseThrow();
    assertThat(pass.partial()).isTrue();
    assertThat(scanned.get()).isEqualTo(100); // two batches of 50
    long inspected = IntStream.range(0, 100)
        .filter(i -> KeyHash.selected(("k" + i).getBytes(StandardCharsets.UTF_8), s.sampleRatio())).count();
    assertThat(pass.result().keysInspected()).isEqualTo(inspected);
    assertThat(sampler.status().progress()).isEqualTo(0.1);
    assertThat(sampler.status().lastPass()).contains(pass.result());
    // no call after the stop: two steps, sampled ones two calls each (SCAN, then the inspection); steps sent ahead
    // have the third on its way when the stop is seen
    assertThat(reader.keyspaceCalls()).isEqualTo(s.sampleRatio() < 1 ? 4 : ahead ? 3 : 2);
  }

  @Test
  void aPrimaryIsSkippedUnlessOnPrimary() throws Exception {
    FakeKeyspaceReader reader = twoDbs().primary(true);
    KeySampler skipping = new KeySampler(reader, settings(1.0, 0, 1.0, false), THRESHOLDS, new FakeClock());
    assertThat(skipping.runOnce(PassProgress.NONE, () -> false)).isEmpty();
    assertThat(skipping.status().state()).isEqualTo("skipped_primary");
    assertThat(reader.keyspaceCalls()).isZero();
    KeySampler onPrimary = new KeySampler(reader, settings(1.0, 0, 1.0, true), THRESHOLDS, new FakeClock());
    assertThat(once(onPrimary).result().keysInspected()).isEqualTo(370);
  }

  /** Keys costing Redis 20 us each: the pauses hold its time share at the cap's aim. */
  @Test
  void theTimeShareIsHeldAtTheAim() throws Exception {
    FakeClock clock = new FakeClock();
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 2000).costPerKey(20_000, clock::advance);
    KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 0.05), THRESHOLDS, clock);
    SinglePass pass = once(sampler);
    double busy = 2000 * 20_000.0;
    assertThat(busy / clock.now).isCloseTo(0.05 * Throttle.AIM, within(0.001));
    assertThat(pass.result().redisTimeRatio()).isCloseTo(0.05 * Throttle.AIM, within(0.001));
    assertThat(pass.result().duration().toNanos()).isEqualTo(clock.now);
  }

  /** 2,000 keys/s: 1,000 keys take half a second, in batches of a twentieth of the rate. */
  @Test
  void theKeyRateIsHeldAtTheCap() throws Exception {
    FakeClock clock = new FakeClock();
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 1000).costPerKey(1_000, clock::advance);
    KeySampler sampler = new KeySampler(reader, settings(1.0, 2000, 1.0), THRESHOLDS, clock);
    once(sampler);
    assertThat(1000 * 1e9 / clock.now).isBetween(1900.0, 2000.0);
    assertThat(reader.keyspaceCalls()).isEqualTo(1000 / 50); // maxBatchKeys 50 is below 2000 / 20
    assertThat(reader.sentAhead()).isZero();
  }

  /**
   * With a 1 ms bound, a step asks what one SCAN may return within its share of the bound (250 keys at 1.6 us a
   * key, below maxBatchKeys 500), and each script call is given the bound less its reserve as a budget, big
   * collections alone (inspect.lua keeps both: StallBoundIT); the status shows the step size and the longest call.
   */
  @Test
  void eachCallIsGivenTheBoundAsItsBudget() throws Exception {
    FakeClock clock = new FakeClock();
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 5000).costPerKey(3_000, clock::advance);
    KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 0.5).withMaxBatchKeys(500)
        .withMaxRedisTimePerCall(Duration.ofMillis(1)), THRESHOLDS, clock);
    once(sampler);
    SamplerStatus status = sampler.status();
    assertThat(status.lastPass().orElseThrow().keysInspected()).isEqualTo(5000);
    assertThat(status.batchKeys()).isEqualTo(250);
    assertThat(reader.keyspaceCalls()).isEqualTo(5000 / 250);
    assertThat(reader.lastOptions().callBudgetMicros()).isEqualTo(1000 - CallSizer.RESERVE_NANOS / 1000);
    assertThat(reader.lastOptions().bigFromElements()).isEqualTo(CallSizer.BIG_FROM_ELEMENTS);
    // what Redis reported (250 keys at 3 us) and the request and reply around it
    assertThat(status.longestCall()).isEqualTo(Duration.ofNanos(250 * 3_000 + Throttle.CALL_NANOS));
  }

  /** Without a bound, steps are of maxBatchKeys and calls have no budget. */
  @Test
  void noBoundNoBudget() throws Exception {
    FakeKeyspaceReader reader = new FakeKeyspaceReader().keys(0, "k", 1000);
    KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 1.0).withMaxBatchKeys(500), THRESHOLDS,
        new FakeClock());
    once(sampler);
    assertThat(reader.keyspaceCalls()).isEqualTo(2);
    assertThat(reader.lastOptions().callBudgetMicros()).isZero();
  }

  @Test
  void aSamplerRunsInOneModeOnly() throws Exception {
    KeySampler oneShot = new KeySampler(twoDbs(), settings(1.0, 0, 1.0), THRESHOLDS, new FakeClock());
    once(oneShot);
    once(oneShot); // again, a fresh pass
    assertThat(oneShot.status().passesTotal()).isEqualTo(2);
    assertThat(oneShot.status().previousPass()).isEmpty();
    assertThatThrownBy(oneShot::start).isInstanceOf(IllegalStateException.class);
  }

  /** The background loop on the system clock: nothing is capped, so the first pass is published at once. */
  @Test
  void theBackgroundLoopPublishesItsPasses() throws Exception {
    FakeKeyspaceReader reader = twoDbs();
    try (KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 1.0), THRESHOLDS, PassClock.SYSTEM)) {
      sampler.start();
      long deadline = System.nanoTime() + 5_000 * MS;
      while (sampler.status().lastPass().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(sampler.status().lastPass()).hasValueSatisfying(p -> assertThat(p.keysInspected()).isEqualTo(370));
      assertThatThrownBy(() -> sampler.runOnce(PassProgress.NONE, () -> false))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(reader.closed()).isTrue();
  }

  /**
   * The background loop on a fake clock (the interval passes at once): the first pass is published, then every
   * keyspace call fails; the abandoned passes leave the first one published and the state failing.
   */
  @Test
  void anAbandonedBackgroundPassKeepsThePreviousOnePublished() throws Exception {
    // a pass of 370 keys in batches of 50 takes 8 keyspace calls (5 in db 0, 3 in db 3): the second fails at its 4th
    FakeKeyspaceReader reader = twoDbs().failFrom(12, Reason.CONNECTION);
    try (KeySampler sampler = new KeySampler(reader, settings(1.0, 0, 0.5), THRESHOLDS, new FakeClock())) {
      sampler.start();
      long deadline = System.nanoTime() + 5_000 * MS;
      while (sampler.status().errors().get("connection") < 2L * Retries.MAX_CONSECUTIVE_FAILURES
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      SamplerStatus status = sampler.status();
      assertThat(status.errors().get("connection")).isGreaterThanOrEqualTo(2L * Retries.MAX_CONSECUTIVE_FAILURES);
      assertThat(status.passesTotal()).isEqualTo(1);
      assertThat(status.lastPass()).hasValueSatisfying(p -> assertThat(p.keysInspected()).isEqualTo(370));
      assertThat(status.state()).isIn("failing", "running");
    }
  }
}
