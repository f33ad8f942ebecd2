package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole exposition for recorded replies of each server version, compared with a reviewed golden file
 * (src/test/resources/golden). After an intended change, rerun with {@code -Dgolden.update=true} and review the diff.
 */
class ExpositionGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** CONFIG GET replies as each version spells them (6.2: ziplist names; 7.x: listpack names and aliases). */
  static Map<String, String> config(String sample) {
    if (sample.startsWith("redis-6.2")) {
      return Map.of("hash-max-ziplist-entries", "512", "hash-max-ziplist-value", "64",
          "zset-max-ziplist-entries", "128", "zset-max-ziplist-value", "64", "set-max-intset-entries", "512",
          "list-max-ziplist-size", "-2", "list-compress-depth", "0", "maxmemory-samples", "5",
          "activedefrag", "no", "active-defrag-threshold-lower", "10");
    }
    return Map.ofEntries(Map.entry("hash-max-listpack-entries", "128"), Map.entry("hash-max-ziplist-entries", "128"),
        Map.entry("hash-max-listpack-value", "64"), Map.entry("zset-max-listpack-entries", "128"),
        Map.entry("zset-max-listpack-value", "64"), Map.entry("set-max-intset-entries", "512"),
        Map.entry("set-max-listpack-entries", "128"), Map.entry("set-max-listpack-value", "64"),
        Map.entry("list-max-listpack-size", "-2"), Map.entry("list-compress-depth", "0"),
        Map.entry("maxmemory-samples", "5"), Map.entry("activedefrag", "yes"),
        Map.entry("active-defrag-ignore-bytes", "104857600"), Map.entry("active-defrag-threshold-lower", "10"),
        Map.entry("active-defrag-threshold-upper", "100"), Map.entry("active-defrag-cycle-min", "1"),
        Map.entry("active-defrag-cycle-max", "25"));
  }

  static MemoryState state(String sample) {
    String dir = sample + "/";
    return new MemoryState(true, Duration.ofMillis(3), Optional.of(InfoReply.parse(Fixtures.text(dir + "info.txt"))),
        Optional.of(MemoryStats.parse(Fixtures.memoryStats(dir + "memory-stats.txt"))),
        Optional.of(DoctorText.parse(Fixtures.text(dir + "memory-doctor.txt"))), config(sample), List.of(),
        Map.of());
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
