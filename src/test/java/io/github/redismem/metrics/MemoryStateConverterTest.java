package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.CommandFailure;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryStateConverterTest {
  private final MemoryStateConverter converter = new MemoryStateConverter(new BuildInfo("v", "r"));

  private static MemoryState up(String info, List<Object> stats) {
    return new MemoryState(true, Duration.ofMillis(1), Optional.of(InfoReply.parse(info)),
        Optional.ofNullable(stats).map(MemoryStats::parse), Optional.empty(), Map.of(), List.of(), Map.of());
  }

  /** name{label=value,...} -> value for gauges, for compact assertions. */
  private static Map<String, Double> gauges(MetricSnapshots snapshots) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MetricSnapshot s : snapshots) {
      if (s instanceof GaugeSnapshot g) {
        for (GaugeSnapshot.GaugeDataPointSnapshot p : g.getDataPoints()) {
          out.put(key(s.getMetadata().getPrometheusName(), p), p.getValue());
        }
      }
    }
    return out;
  }

  private static String key(String name, DataPointSnapshot p) {
    List<String> labels = new ArrayList<>();
    p.getLabels().forEach(l -> labels.add(l.getName() + "=" + l.getValue()));
    return labels.isEmpty() ? name : name + labels;
  }

  @Test
  void unknownNumericInfoMemoryFieldsAreKeptGenerically() {
    Map<String, Double> g = gauges(converter.convert(up("""
        # Memory
        used_memory:1000
        used_memory_human:1000B
        used_memory_future_thing:42
        maxmemory_policy:noeviction
        mem_allocator:jemalloc-5.3.0
        some_text_field:abc
        """, null), Map.of()));
    assertThat(g).containsEntry("redismem_memory_used_bytes", 1000.0)
        .containsEntry("redismem_memory_info_value[field=used_memory_future_thing]", 42.0);
    assertThat(g.keySet()).noneMatch(k -> k.contains("human") || k.contains("some_text_field")
        || k.contains("field=maxmemory_policy"));
  }

  @Test
  void percentagesBecomeExactRatios() {
    Map<String, Double> g = gauges(converter.convert(up("""
        # Memory
        used_memory_peak_perc:93.88%
        used_memory_dataset_perc:47.48%
        """, null), Map.of()));
    assertThat(g).containsEntry("redismem_memory_peak_used_ratio", 0.9388)
        .containsEntry("redismem_memory_dataset_ratio", 0.4748);
  }

  /** active_defrag_running is 0, or the CPU percent active defrag aims at while it runs (no % sign). */
  @Test
  void activeDefragCpuTargetBecomesARatio() {
    Map<String, Double> running = gauges(converter.convert(up("# Memory\nactive_defrag_running:25\n", null),
        Map.of()));
    assertThat(running).containsEntry("redismem_active_defrag_cpu_ratio", 0.25);
    assertThat(running.keySet()).noneMatch(k -> k.contains("active_defrag_running"));
    Map<String, Double> idle = gauges(converter.convert(up("# Memory\nactive_defrag_running:0\n", null),
        Map.of()));
    assertThat(idle).containsEntry("redismem_active_defrag_cpu_ratio", 0.0);
  }

  @Test
  void memoryStatsFillsWhatInfoLacksAndKeepsUnknownFields() {
    Map<String, Double> g = gauges(converter.convert(up("# Memory\nused_memory:1000\n", List.of(
        "total.allocated", 999L, "fragmentation", "1.25", "dataset.percentage", "47.48",
        "future.field", 7L, "db.2", List.of("overhead.hashtable.main", 64L, "overhead.hashtable.expires", 32L))),
        Map.of()));
    assertThat(g).containsEntry("redismem_memory_used_bytes", 1000.0) // INFO wins over total.allocated
        .containsEntry("redismem_memory_fragmentation_ratio", 1.25)
        .containsEntry("redismem_memory_dataset_ratio", 0.4748)
        .containsEntry("redismem_memory_stats_value[field=future.field]", 7.0)
        .containsEntry("redismem_db_hashtable_overhead_bytes[db=2, table=main]", 64.0)
        .containsEntry("redismem_db_hashtable_overhead_bytes[db=2, table=expires]", 32.0);
    assertThat(g.keySet()).noneMatch(k -> k.contains("field=total.allocated") || k.contains("field=fragmentation"));
  }

  @Test
  void downStateHasOnlyTheExportersOwnMetrics() {
    MemoryState down = MemoryState.down(Duration.ofMillis(5), List.of(RedisCommand.CONNECT),
        Map.of(RedisCommand.CONFIG_GET, CommandFailure.ACL_DENIED));
    MetricSnapshots s = converter.convert(down, Map.of(RedisCommand.CONNECT, 3L));
    assertThat(s.stream().map(m -> m.getMetadata().getPrometheusName())).containsExactlyInAnyOrder(
        "redismem_up", "redismem_scrape_duration_seconds", "redismem_build", "redismem_command_errors",
        "redismem_command_skipped");
    assertThat(gauges(s)).containsEntry("redismem_up", 0.0)
        .containsEntry("redismem_command_skipped[command=config_get, reason=acl_denied]", 1.0);
  }

  @Test
  void valkeyIsNamedWithItsOwnVersion() {
    MetricSnapshots s = converter.convert(up("""
        # Server
        redis_version:7.2.4
        server_name:valkey
        valkey_version:8.0.2
        redis_mode:standalone
        # Replication
        role:slave
        """, null), Map.of());
    MetricSnapshot info = s.stream().filter(m -> m.getMetadata().getName().equals("redismem_instance")).findFirst()
        .orElseThrow();
    var labels = info.getDataPoints().get(0).getLabels();
    assertThat(labels.get("server")).isEqualTo("valkey");
    assertThat(labels.get("redis_version")).isEqualTo("8.0.2");
    assertThat(labels.get("role")).isEqualTo("slave");
  }

  @Test
  void everyEmittedFamilyIsInTheCatalogue() {
    MetricSnapshots s = converter.convert(ExpositionGoldenTest.state("redis-8.2"), Map.of());
    List<String> catalogue = MetricCatalog.all().stream().map(f -> f.metadata().getPrometheusName()).toList();
    assertThat(s.stream().map(m -> m.getMetadata().getPrometheusName())).allMatch(catalogue::contains);
  }
}
