package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.SnapshotStatus;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshot source's families: the read snapshot's figures once there is one, the counters always. */
class SnapshotCollectorTest {
  private static String scrape(SnapshotStatus status) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new SnapshotCollector(() -> status));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void beforeTheFirstSnapshotOnlyTheCountersAreThere() throws Exception {
    assertThat(scrape(SnapshotStatus.NONE)).doesNotContain("redismem_snapshot_timestamp_seconds ",
        "redismem_snapshot_keys ").contains("redismem_snapshot_reads_total 0.0",
        "redismem_snapshot_read_errors_total{reason=\"invalid\"} 0.0",
        "redismem_snapshot_read_errors_total{reason=\"truncated\"} 0.0");
  }

  @Test
  void theLastSnapshotReadGivesItsAgeAndSize() throws Exception {
    SnapshotStatus status = new SnapshotStatus(Optional.of(new SnapshotStatus.Read("/data/dump.rdb",
        Instant.ofEpochSecond(1_700_000_000), "7.2.4", 123_456, 6_109, 3, Duration.ofMillis(700))), 2,
        Map.of(SnapshotStatus.TRUNCATED, 1L));
    assertThat(scrape(status)).contains("redismem_snapshot_timestamp_seconds 1.7E9",
        "redismem_snapshot_keys 6109.0", "redismem_snapshot_expired_keys 3.0",
        "redismem_snapshot_size_bytes 123456.0", "redismem_snapshot_read_seconds 0.7",
        "redismem_snapshot_reads_total 2.0", "redismem_snapshot_read_errors_total{reason=\"truncated\"} 1.0",
        "redismem_snapshot_read_errors_total{reason=\"invalid\"} 0.0");
  }
}
