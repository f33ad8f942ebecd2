package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** sampling.maxRedisTimePerCall is read down to microseconds, where the other durations round to milliseconds. */
class MaxRedisTimePerCallTest {
  @ParameterizedTest
  @CsvSource({"1ms, 1000000", "500us, 500000", "0.5ms, 500000", "250us, 250000", "2ms, 2000000", "0, 0",
      "1s, 1000000000"})
  void readsFineDurations(String text, long nanos) throws Exception {
    ExporterConfig c = ConfigLoader.load(CommandLine.parse("--sampling.max-redis-time-per-call=" + text), Map.of());
    assertThat(c.sampling().maxRedisTimePerCall()).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1ms", "fast", "1 ms", "us"})
  void refusesOthersNamingTheSetting(String text) {
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--sampling.maxRedisTimePerCall=" + text), Map.of()))
        .hasMessageContaining("sampling.maxRedisTimePerCall");
  }

  @org.junit.jupiter.api.Test
  void defaultIsOneMillisecond() {
    assertThat(ConfigLoader.defaults().sampling().maxRedisTimePerCall()).isEqualTo(Duration.ofMillis(1));
  }
}
