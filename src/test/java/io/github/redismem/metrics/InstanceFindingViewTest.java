package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.config.EscapingScheme;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The instance findings' exposition, as the scrape's collector adds it to its own, for a recorded Redis 7.0. */
class InstanceFindingViewTest {
  private static final InstanceFindingView VIEW = new InstanceFindingView(Optional::empty,
      InstanceFindingSettings.DEFAULTS);

  private static String exposition(MemoryState state) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, VIEW.convert(state), EscapingScheme.ALLOW_UTF8);
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
  void aScrapeReadsRedisOnceAndTheViewJudgesThatRead() {
    MemoryState state = ExpositionGoldenTest.state("redis-7.0");
    AtomicInteger reads = new AtomicInteger();
    List<MemoryState> seen = new ArrayList<>();
    MemoryStateReader reader = new MemoryStateReader() {
      @Override
      public MemoryState read() {
        reads.incrementAndGet();
        return state;
      }

      @Override
      public boolean hasAnswered() {
        return true;
      }

      @Override
      public String target() {
        return "redis://127.0.0.1:6379";
      }

      @Override
      public void close() {}
    };
    StateView recording = new StateView() {
      @Override
      public MetricSnapshots convert(MemoryState read) {
        seen.add(read);
        return VIEW.convert(read);
      }

      @Override
      public List<MetricFamily> families() {
        return VIEW.families();
      }
    };
    MetricSnapshots all = new RedisMemoryCollector(reader, BuildInfo.load(), List.of(recording)).collect();
    assertThat(reads).hasValue(1);
    assertThat(seen).singleElement().isSameAs(state);
    assertThat(all.stream().map(m -> m.getMetadata().getPrometheusName()))
        .contains("redismem_up", "redismem_instance_finding", "redismem_instance_finding_bytes");
  }

  @Test
  void theScrapesCollectorDeclaresItsFamiliesThenTheViews() {
    RedisMemoryCollector c = new RedisMemoryCollector(null, null, List.of(VIEW));
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
