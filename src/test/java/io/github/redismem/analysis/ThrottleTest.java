package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThrottleTest {
  private static final long MS = 1_000_000;

  @Test
  void timeRatioPauseKeepsTheShareUnderTheCap() {
    Throttle t = new Throttle(0, 0.05, 0);
    long now = 0;
    for (int i = 0; i < 100; i++) {
      long busy = 2 * MS;
      now += busy;
      now += t.afterBatch(busy, 250, 250, 0);
    }
    assertThat(t.redisTimeRatio(now)).isCloseTo(0.05 * Throttle.AIM, within(0.0005));
  }

  /**
   * Batches that cost Redis 1.4 times what is counted (the protocol, the event loop), bracketed as the sampler
   * brackets them: once the factor is learned, the batches' real share is the aim, not 1.4 times it.
   */
  @Test
  void aLearnedFactorHoldsTheRealShareAtTheAim() {
    Throttle t = new Throttle(0, 0.05, 0);
    long now = 0;
    long cpu = 0;
    double real = 0;
    int bracketed = 0;
    for (int i = 0; i < 2000; i++) {
      long counted = 2 * MS;
      long busy = counted;
      long readings = 0;
      cpu += (long) (1.4 * counted);
      real += 1.4 * counted;
      now += (long) (1.4 * counted); // the round trip: at least what Redis spent on it
      if (t.bracketNext(now)) {
        bracketed++;
        long before = cpu - (long) (1.4 * counted);
        cpu += 30_000; // a reading's own work
        real += 3 * 30_000;
        readings = t.bracket(counted, before, cpu, cpu + 30_000, now);
        cpu += 30_000;
      }
      now += t.afterBatch(busy, 500, 500, 0) + t.afterReadings(readings);
    }
    assertThat(t.costFactor()).isCloseTo(1.4, within(0.001));
    // the first 8 batches, then one every 2 s (the first batch 2 s or more after the last bracket)
    int everyTwoSeconds = (int) (now / 2_000 / MS);
    assertThat(bracketed).isBetween(8 + everyTwoSeconds * 9 / 10, 8 + everyTwoSeconds);
    assertThat(real / now).isCloseTo(0.05 * Throttle.AIM, within(0.0005));
    assertThat(t.redisTimeRatio(now)).isCloseTo(real / now, within(0.0005));
  }

  @Test
  void noBracketsWhenTheTimeShareIsNotCapped() {
    assertThat(new Throttle(1000, 1.0, 0).bracketNext(0)).isFalse();
    assertThat(new Throttle(0, 0.01, 0).bracketNext(0)).isTrue();
  }

  /** Steps are sent ahead only when neither cap is set: a step already sent can be neither paused nor bracketed. */
  @ParameterizedTest(name = "maxKeysPerSecond {0}, maxRedisTimeRatio {1}: ahead {2}")
  @CsvSource({"0, 1.0, true", "0, 0.05, false", "1000, 1.0, false", "1000, 0.05, false"})
  void sendsAheadOnlyWhenNothingIsCapped(long maxKeysPerSecond, double maxRedisTimeRatio, boolean ahead) {
    assertThat(new Throttle(maxKeysPerSecond, maxRedisTimeRatio, 0).sendsAhead()).isEqualTo(ahead);
  }

  @Test
  void keyRateCapPacesInspections() {
    Throttle t = new Throttle(1000, 1.0, 0);
    long now = 0;
    for (int i = 0; i < 20; i++) {
      int keys = t.batchKeys(250);
      assertThat(keys).isEqualTo(50);
      now += t.beforeInspect(keys, now);
      now += MS;
      now += t.afterBatch(MS, keys, keys, 0);
    }
    // 1,000 keys at 1,000 keys/s: one second, give or take the last batch's own time
    assertThat(t.keys() * 1e9 / now).isCloseTo(1000, within(10.0));
  }

  @Test
  void backsOffWhileRedisIsSlowOrNearMaxmemory() {
    Throttle t = new Throttle(0, 0.05, 0);
    assertThat(t.batchKeys(250)).isEqualTo(250);
    long normal = t.afterBatch(2 * MS, 250, 250, 0);
    long slow = t.afterBatch(20 * MS, 250, 250, 0);
    assertThat(t.slow()).isTrue();
    // equal but for the truncation of normal to whole nanoseconds, multiplied
    assertThat(slow).isCloseTo(10 * normal * Throttle.SLOW_BACKOFF, within(10L * Throttle.SLOW_BACKOFF));
    assertThat(t.batchKeys(250)).isEqualTo(125);
    long recovered = t.afterBatch(2 * MS, 250, 250, 0);
    assertThat(t.slow()).isFalse();
    assertThat(recovered).isEqualTo(normal);
    assertThat(t.afterBatch(2 * MS, 250, 250, 0.97))
        .isCloseTo(normal * Throttle.SLOW_BACKOFF, within((long) Throttle.SLOW_BACKOFF));
  }

  /**
   * Slow is measured against the batches before, not the best one: a pass whose first batch found its keys warm
   * and whose others find them cold (four times dearer) is not slow for that, once the recent batches say so; a
   * batch three times dearer than those is.
   */
  @Test
  void slowIsAgainstTheRecentBatchesNotTheBestOne() {
    Throttle t = new Throttle(0, 0.05, 0);
    long warm = t.afterBatch(500_000, 250, 250, 0); // 2 us a key
    List<Boolean> slow = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      t.afterBatch(2 * MS, 250, 250, 0); // 8 us a key
      slow.add(t.slow());
    }
    // the first cold batch is four times the one before it; from the third on, cold is what is typical
    assertThat(slow).startsWith(true).endsWith(false, false, false, false, false, false, false, false);
    assertThat(t.afterBatch(2 * MS, 250, 250, 0)).isCloseTo(4 * warm, within(4L));
    t.afterBatch(7 * MS, 250, 250, 0); // 28 us a key
    assertThat(t.slow()).isTrue();
    assertThat(t.batchKeys(250)).isEqualTo(125);
  }

  @Test
  void busyTimeIsRedisOwnTimePlusProtocolBoundedByTheRoundTrip() {
    // a 25-key call that Redis timed at 100 us, seen by the client after 600 us: Redis's part counts
    assertThat(Throttle.busyNanos(100_000, 25, 600_000))
        .isEqualTo(100_000 + Throttle.CALL_NANOS + 25 * Throttle.REPLY_NANOS_PER_KEY);
    // the allowance never makes a call cost more than its round trip
    assertThat(Throttle.busyNanos(100_000, 25, 120_000)).isEqualTo(120_000);
    // not timed by Redis (pipelined commands): the whole round trip
    assertThat(Throttle.busyNanos(-1, 25, 600_000)).isEqualTo(600_000);
  }

  /**
   * A bracket's readings are charged as measured, apart from the batch: they neither make the batch look slow (a
   * pause four times as long) nor scale with the cost factor.
   */
  @Test
  void readingsAreChargedApartFromTheBatch() {
    Throttle plain = new Throttle(0, 0.0025, 0);
    Throttle bracketed = new Throttle(0, 0.0025, 0);
    for (Throttle t : new Throttle[] {plain, bracketed}) {
      t.afterBatch(800_000, 70, 70, 0); // the best time a key so far
    }
    long pause = plain.afterBatch(800_000, 70, 70, 0);
    long readings = 3 * 40_000;
    long total = bracketed.afterBatch(800_000, 70, 70, 0) + bracketed.afterReadings(readings);
    assertThat(bracketed.slow()).isFalse();
    double target = 0.0025 * Throttle.AIM;
    assertThat(total - pause).isEqualTo((long) (readings * (1 - target) / target));
    assertThat(bracketed.redisTimeRatio(10_000 * MS)).isGreaterThan(plain.redisTimeRatio(10_000 * MS));
  }
}
