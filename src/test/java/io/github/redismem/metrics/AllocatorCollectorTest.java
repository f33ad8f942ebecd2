package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.Fixtures;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocator families for the captured MEMORY MALLOC-STATS samples, against golden files
 * (src/test/resources/golden/allocator-*.prom; rerun with {@code -Dgolden.update=true} after an intended change).
 */
class AllocatorCollectorTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Instant READ_AT = Instant.parse("2026-11-29T22:00:00Z");

  static String exposition(AllocatorStats read, Instant now) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new AllocatorCollector(() -> read, () -> now));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis-6.2", "redis-7.0"})
  void expositionMatchesTheGoldenFile(String version) throws IOException {
    AllocatorStats read = AllocatorStats.of(Fixtures.text(version + "/malloc-stats-fragmented.txt"), READ_AT,
        Duration.ofMillis(3));
    String actual = exposition(read, READ_AT.plusSeconds(90));
    Path golden = GOLDEN.resolve("allocator-" + version + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  @Test
  void unavailableStatisticsExposeOnlyTheirState() throws IOException {
    String before = exposition(AllocatorStats.none("not read yet"), READ_AT);
    assertThat(before).contains("redismem_allocator_stats_available 0.0")
        .doesNotContain("redismem_allocator_stats_age_seconds").doesNotContain("size_class");

    String libc = exposition(AllocatorStats.of("Stats not supported for the current allocator", READ_AT,
        Duration.ofMillis(1)), READ_AT.plusSeconds(5));
    assertThat(libc).contains("redismem_allocator_stats_available 0.0")
        .contains("redismem_allocator_stats_age_seconds 5.0").doesNotContain("size_class");
  }

  @Test
  void everyFamilyIsInTheCatalogue() {
    assertThat(MetricCatalog.all()).containsAll(AllocatorCatalog.ALL);
    assertThat(new AllocatorCollector(() -> AllocatorStats.none("x"), Instant::now).getPrometheusNames())
        .allMatch(n -> n.startsWith("redismem_allocator_"));
  }
}
