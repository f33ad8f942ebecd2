package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instance findings' exposition, added to what the reading collector returned, for a recorded Redis 7.0. */
class InstanceFindingCollectorTest {
  /** Stands for RedisMemoryCollector: nothing of its own, so the exposition is the findings alone. */
  private static final MultiCollector READING = new MultiCollector() {
    @Override
    public MetricSnapshots collect() {
      return new MetricSnapshots(List.of());
    }
  };

  private static String exposition(MemoryState state) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new InstanceFindingCollector(READING, () -> state, Optional::empty,
        InstanceFindingSettings.DEFAULTS));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyFindingHasBothSeriesWhileRedisAnswers() throws IOException {
    assertThat(exposition(ExpositionGoldenTest.state("redis-7.0"))).isEqualTo(GOLDEN);
  }

  @Test
  void nothingWhileRedisIsDown() throws IOException {
    assertThat(exposition(MemoryState.down(Duration.ZERO, List.of(), Map.of()))).isEmpty();
  }

  @Test
  void declaresTheReadingCollectorsFamiliesAndItsOwn() {
    InstanceFindingCollector c = new InstanceFindingCollector(new RedisMemoryCollector(null, null), () -> null,
        Optional::empty, InstanceFindingSettings.DEFAULTS);
    assertThat(c.getPrometheusNames()).startsWith("redismem_up")
        .endsWith("redismem_instance_finding", "redismem_instance_finding_bytes");
  }

  private static final String GOLDEN = """
      # HELP redismem_instance_finding 1 if the instance has this problem (fragmentation_high, swapping, \
      maxmemory_unset, overhead_dominates, client_buffers_large, no_ttl_cache, list_compression_off, \
      script_cache_large), else 0; thresholds under instanceFindings.*. Every name is present while Redis answers.
      # TYPE redismem_instance_finding gauge
      redismem_instance_finding{finding="client_buffers_large"} 0.0
      redismem_instance_finding{finding="fragmentation_high"} 0.0
      redismem_instance_finding{finding="list_compression_off"} 0.0
      redismem_instance_finding{finding="maxmemory_unset"} 1.0
      redismem_instance_finding{finding="no_ttl_cache"} 0.0
      redismem_instance_finding{finding="overhead_dominates"} 0.0
      redismem_instance_finding{finding="script_cache_large"} 0.0
      redismem_instance_finding{finding="swapping"} 0.0
      # HELP redismem_instance_finding_bytes The memory each instance finding is about, whether or not it fired: \
      fragmentation bytes, swapped bytes, used memory without a limit, per-key overhead, the biggest client output \
      buffer, bytes without TTL, quicklist bytes, script cache bytes (docs/metrics.md).
      # TYPE redismem_instance_finding_bytes gauge
      redismem_instance_finding_bytes{finding="client_buffers_large"} 0.0
      redismem_instance_finding_bytes{finding="fragmentation_high"} 1.1589584E7
      redismem_instance_finding_bytes{finding="list_compression_off"} 0.0
      redismem_instance_finding_bytes{finding="maxmemory_unset"} 1189576.0
      redismem_instance_finding_bytes{finding="no_ttl_cache"} 217594.0
      redismem_instance_finding_bytes{finding="overhead_dominates"} 832.0
      redismem_instance_finding_bytes{finding="script_cache_large"} 32768.0
      redismem_instance_finding_bytes{finding="swapping"} 0.0
      """;
}
