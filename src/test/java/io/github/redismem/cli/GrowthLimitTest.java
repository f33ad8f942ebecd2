package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.config.ConfigException;
import io.github.redismem.report.Growth;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** --fail-on=growth[:BYTES|:N%]: parsing, and which growth breaks which limit. */
class GrowthLimitTest {

  /** Memory from 1 GiB to {@code after}, the change's range {@code low..high}. */
  static Growth growth(long after, long low, long high) {
    long before = 1L << 30;
    Growth.Change total = new Growth.Change(-1, "", "", "", "changed", 100, 120, before, after, low, high);
    return new Growth(Growth.BASELINE, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), low != high, true, List.of(),
        total, List.of(), List.of(), 0, 0, List.of(), List.of());
  }

  static Growth exact(long after) {
    long change = after - (1L << 30);
    return growth(after, change, change);
  }

  static Stream<Arguments> limits() {
    long gib = 1L << 30;
    return Stream.of(
        Arguments.of("growth:100MiB", exact(gib + (100L << 20)), Optional.empty()),
        Arguments.of("growth:100MiB", exact(gib + (100L << 20) + 1), Optional.of(
            "growth: memory grew +100 MiB (+9.8%, from 1.00 GiB to 1.10 GiB) since the baseline, over the limit "
                + "of 100 MiB")),
        Arguments.of("growth:10%", exact(gib + gib / 10), Optional.empty()),
        Arguments.of("growth:10%", exact(gib + gib / 10 + 1), Optional.of(
            "growth: memory grew +102 MiB (+10.0%, from 1.00 GiB to 1.10 GiB) since the baseline, over the limit "
                + "of 10%")),
        Arguments.of("growth:0.5%", exact(gib + gib / 100), Optional.of(
            "growth: memory grew +10.2 MiB (+1.0%, from 1.00 GiB to 1.01 GiB) since the baseline, over the limit "
                + "of 0.5%")),
        Arguments.of("growth:1GiB", exact(gib / 2), Optional.empty()),
        Arguments.of("growth", exact(gib), Optional.empty()),
        Arguments.of("growth", exact(gib + 1), Optional.of(
            "growth: memory grew +1 B (+0.0%, from 1.00 GiB to 1.00 GiB) since the baseline (limit: none)")),
        // an estimate whose range includes 0 is no growth for the bare limit; a size limit compares the value
        Arguments.of("growth", growth(gib + 1000, -5000, 7000), Optional.empty()),
        Arguments.of("growth:500B", growth(gib + 1000, -5000, 7000), Optional.of(
            "growth: memory grew +1000 B (+0.0%, from 1.00 GiB to 1.00 GiB) since the baseline, over the limit "
                + "of 500 B")));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("limits")
  void violation(String flag, Growth growth, Optional<String> expected) throws ConfigException {
    assertThat(GrowthLimit.parse(flag).violation(growth)).isEqualTo(expected);
  }

  @Test
  void parsesBytesPercentagesAndTheBareName() throws ConfigException {
    assertThat(GrowthLimit.parse("growth:1GiB")).isEqualTo(new GrowthLimit(OptionalLong.of(1L << 30),
        OptionalDouble.empty()));
    assertThat(GrowthLimit.parse("growth: 12.5% ")).isEqualTo(new GrowthLimit(OptionalLong.empty(),
        OptionalDouble.of(0.125)));
    assertThat(GrowthLimit.parse("growth")).isEqualTo(new GrowthLimit(OptionalLong.empty(),
        OptionalDouble.empty()));
    assertThat(GrowthLimit.isGrowth("growth:1")).isTrue();
    assertThat(GrowthLimit.isGrowth("growthy")).isFalse();
    assertThat(GrowthLimit.isGrowth("no_ttl:1")).isFalse();
  }

  @Test
  void badValuesNameTheFlag() {
    assertThatThrownBy(() -> GrowthLimit.parse("growth:lots"))
        .hasMessage("--fail-on: expected a size like 10MiB or 1048576, got \"lots\"");
    assertThatThrownBy(() -> GrowthLimit.parse("growth:-3%"))
        .hasMessage("--fail-on: growth: expected a percentage >= 0 like growth:10%, got \"-3%\"");
    assertThatThrownBy(() -> GrowthLimit.parse("growth:x%"))
        .hasMessage("--fail-on: growth: expected a percentage >= 0 like growth:10%, got \"x%\"");
  }
}
