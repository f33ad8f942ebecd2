package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CostCalibrationTest {
  private static final long US = 1_000;

  /**
   * Bracketed batches as the sampler sees them: each counted {@code countedUs} and really costing Redis
   * {@code trueFactor} times that; each reading costs Redis {@code readingUs} (its tail and the next one's head);
   * Redis spends {@code others} of every wall nanosecond on housekeeping and other clients, over a bracket that
   * lasts {@code bracketUs} between the first and second readings and 150 us between the second and third.
   */
  record Case(String name, int brackets, long countedUs, double trueFactor, long readingUs, double others,
      long bracketUs, boolean cpuKnown, double expected) {
    double run() {
      CostCalibration c = new CostCalibration();
      double cpu = 5e9; // Redis has run a while
      for (int i = 0; i < brackets; i++) {
        double before = cpu;
        cpu += trueFactor * countedUs * US + readingUs * US + others * bracketUs * US;
        double after = cpu;
        cpu += readingUs * US + others * 150 * US;
        double again = cpu;
        long reading = cpuKnown ? c.bracket(countedUs * US, (long) before, (long) after, (long) again)
            : c.bracket(countedUs * US, -1, -1, -1);
        assertThat(reading).isEqualTo(cpuKnown ? (long) after - (long) before - (long) (after - before
            - (again - after)) : 0);
        cpu += 2e6 * others + 2e6 * 0.0025; // the rest of the pause
      }
      return c.factor();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // name, brackets, counted us, true factor, reading us, others' share, bracket us, cpu known, expected
        new Case("counted right, idle Redis", 8, 2500, 1.0, 30, 0.0025, 4000, true, 1.0),
        new Case("protocol not counted: 25% more", 8, 2500, 1.25, 30, 0.0025, 4000, true, 1.25),
        new Case("readings that cost as much as a small batch are not charged to it", 20, 300, 1.2, 150, 0.0025,
            800, true, 1.2),
        new Case("busy other clients inside the short bracket only", 8, 2500, 1.2, 30, 0.3, 4000, true,
            1.2 + 0.3 * 3850 / 2500.0),
        new Case("script time over-counts (Redis preempted): never below 1", 8, 2500, 0.9, 30, 0.0025, 4000, true,
            1.0),
        new Case("a saturated Redis: at most 2", 8, 2500, 1.2, 30, 1.0, 4000, true, 2.0),
        new Case("too little evidence yet", 1, 2500, 1.5, 30, 0.0025, 4000, true, 1.0),
        new Case("INFO without a cpu section", 8, 2500, 1.5, 30, 0.0025, 4000, false, 1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void learnsTheFactor(Case c) {
    assertThat(c.run()).isCloseTo(c.expected(), within(0.01));
  }

  @Test
  void readingsThatGoBackAreIgnored() {
    CostCalibration c = new CostCalibration();
    // a restart between the readings: the counter went back
    assertThat(c.bracket(5_000 * US, 9_000_000 * US, 40 * US, 70 * US)).isZero();
    assertThat(c.brackets()).isZero();
    assertThat(c.bracket(5_000 * US, 100 * US, 6_600 * US, 6_630 * US)).isEqualTo(30 * US);
    assertThat(c.factor()).isCloseTo(6_470.0 / 5_000, within(0.001));
  }

  /**
   * On a busy Redis the second difference holds other clients' commands besides the reading: a reading is charged
   * at most what the cheapest one cost.
   */
  @Test
  void aReadingIsChargedAtMostTheCheapestSeen() {
    CostCalibration c = new CostCalibration();
    assertThat(c.bracket(700 * US, 0, 900 * US, 930 * US)).isEqualTo(30 * US);
    assertThat(c.bracket(700 * US, 1_000 * US, 2_900 * US, 5_900 * US)).isEqualTo(30 * US);
    assertThat(c.bracket(700 * US, 6_000 * US, 6_900 * US, 6_920 * US)).isEqualTo(20 * US);
  }
}
