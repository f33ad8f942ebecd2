package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole exposition for recorded replies of each server version, compared with a reviewed golden file
 * (src/test/resources/golden). After an intended change, rerun with {@code -Dgolden.update=true} and review the diff.
 */
class ExpositionGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** CONFIG GET replies as each version spells them; see {@link Fixtures#config}. */
  static Map<String, String> config(String sample) {
    return Fixtures.config(sample);
  }

  /** What one scrape of that sample's server reads; see {@link Fixtures#state}. */
  static MemoryState state(String sample) {
    return Fixtures.state(sample);
  }

  static String exposition(MemoryState state) throws IOException {
    MemoryStateConverter converter = new MemoryStateConverter(new BuildInfo("1.2.3", "0123456789ab"));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(() -> converter.convert(state, Map.of(RedisCommand.MEMORY_STATS, 2L)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis-6.2", "redis-7.0", "redis-7.4", "redis-8.2", "valkey-8.0"})
  void expositionMatchesTheGoldenFile(String sample) throws IOException {
    String actual = exposition(state(sample));
    Path golden = GOLDEN.resolve(sample + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(golden));
  }
}
