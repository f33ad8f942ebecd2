package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.DataType;
import io.github.redismem.analysis.Histogram;
import io.github.redismem.analysis.PassEstimate;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SampledNode;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.report.SampleReports;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sampler's pass as exposition text: histograms of sizes, element counts and string lengths. */
class SamplerCollectorTest {

  /** Counts per bucket of {@code bounds}, from values (the last count is above every bound). */
  private static Histogram.Snapshot histogram(double[] bounds, long... values) {
    long[] counts = new long[bounds.length + 1];
    long sum = 0;
    for (long v : values) {
      int i = Arrays.binarySearch(bounds, v);
      counts[i >= 0 ? i : -i - 1]++;
      sum += v;
    }
    return new Histogram.Snapshot(bounds.clone(), counts, sum, values.length);
  }

  private static String exposition(PassResult pass) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new SamplerCollector(() -> new SamplerStatus(4, 1, 0, Map.of(), 1, 0.01, 1, "idle",
        Optional.of(pass))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static PassResult with(Map<DataType, Histogram.Snapshot> elements, Histogram.Snapshot strings) {
    PassResult p = SampleReports.pass();
    return new PassResult(p.finishedAt(), p.duration(), p.sampleRatio(), p.keysInspected(), p.keysVanished(),
        p.redisTimeRatio(), p.thresholds(), p.encodings(),
        Map.of(DataType.STRING, histogram(Histogram.MEMORY_BOUNDS, 80, 600_000),
            DataType.HASH, histogram(Histogram.MEMORY_BOUNDS, 40_000)),
        elements, strings, p.topKeys(), p.prefixes(), p.ttls(), p.findings());
  }

  @Test
  void theSampledNodeIsOneInfoSeriesAbsentWhenNoneIs() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    SamplerStatus reading = new SamplerStatus(4, 1, 0, Map.of(), 1, 0.01, 1, "idle", Optional.empty(),
        Optional.empty(), Optional.empty(), java.util.List.of(), Map.of(), 0,
        Optional.of(new SampledNode("10.0.0.2:6379", "replica")));
    registry.register(new SamplerCollector(() -> reading));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("# TYPE redismem_scan_node_info gauge\n",
        "\nredismem_scan_node_info{node=\"10.0.0.2:6379\",role=\"replica\"} 1\n");
    assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("redismem_scan_node_info"))
        .count()).isEqualTo(1);
    // skipped_primary: no node sampled, no series
    assertThat(exposition(SampleReports.pass())).doesNotContain("redismem_scan_node_info{");
  }

  @Test
  void stringLengthsAreBytesInTheirOwnHistogramAndElementCountsHaveNoStrings() throws IOException {
    String text = exposition(with(Map.of(DataType.HASH, histogram(Histogram.ELEMENT_BOUNDS, 100)),
        histogram(Histogram.STRING_LENGTH_BOUNDS, 10, 500_000)));
    assertThat(text).contains(
        "# TYPE redismem_string_length_bytes histogram\n",
        "redismem_string_length_bytes_bucket{le=\"64.0\"} 1\n",
        "redismem_string_length_bytes_bucket{le=\"262144.0\"} 1\n",
        "redismem_string_length_bytes_bucket{le=\"1048576.0\"} 2\n",
        "redismem_string_length_bytes_bucket{le=\"1.073741824E9\"} 2\n",
        "redismem_string_length_bytes_bucket{le=\"+Inf\"} 2\n",
        "redismem_string_length_bytes_count 2\n",
        "redismem_string_length_bytes_sum 500010.0\n",
        "redismem_key_elements_bucket{data_type=\"hash\",le=\"128.0\"} 1\n",
        "redismem_key_size_bytes_count{data_type=\"string\"} 2\n");
    assertThat(text).doesNotContain("redismem_key_elements_bucket{data_type=\"string\"",
        "redismem_key_elements_count{data_type=\"string\"}", "redismem_key_memory_bytes");
  }

  @Test
  void aPassWithoutStringsStillHasTheStringHistogramAllZero() throws IOException {
    String text = exposition(with(Map.of(), Histogram.Snapshot.empty(Histogram.STRING_LENGTH_BOUNDS)));
    assertThat(text).contains("redismem_string_length_bytes_bucket{le=\"+Inf\"} 0\n",
        "redismem_string_length_bytes_count 0\n");
    assertThat(text).doesNotContain("redismem_key_elements_");
  }

  @Test
  void beforeTheFirstPassThereIsNoStringHistogram() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new SamplerCollector(() -> new SamplerStatus(0, 0, 0, Map.of(), 0.2, 0.01, 1, "running",
        Optional.empty())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("redismem_scan_state")
        .doesNotContain("redismem_string_length_bytes");
  }

  @Test
  void anEarlyEstimateIsServedMarkedUntilTheFirstPassCompletesAndNeverAfter() throws IOException {
    PassResult estimate = SampleReports.pass();
    PassEstimate early = new PassEstimate(estimate, 0.05, java.time.Instant.EPOCH);
    SamplerStatus first = new SamplerStatus(4, 0, 0, Map.of(), 0.05, 0.01, 1, "running", Optional.empty(),
        Optional.empty(), Optional.empty(), java.util.List.of(), Map.of(), 0, Optional.empty(), 0, 0,
        java.time.Duration.ZERO, Optional.of(early));
    String during = scrape(first);
    assertThat(during).contains("\nredismem_scan_results_estimated 1.0\n",
        "\nredismem_scan_results_estimate_progress_ratio 0.05\n", "\nredismem_keys{")
        // no pass has ended: no duration nor end time to show
        .doesNotContain("\nredismem_scan_last_pass_timestamp_seconds ");
    PassResult complete = SampleReports.pass();
    SamplerStatus later = new SamplerStatus(4, 1, 0, Map.of(), 0.05, 0.01, 1, "running", Optional.of(complete),
        Optional.empty(), Optional.empty(), java.util.List.of(), Map.of(), 0, Optional.empty(), 0, 0,
        java.time.Duration.ZERO, Optional.of(early));
    String after = scrape(later);
    assertThat(after).contains("\nredismem_scan_results_estimated 0.0\n",
        "\nredismem_scan_last_pass_timestamp_seconds ").doesNotContain("redismem_scan_results_estimate_progress_ratio ");
    assertThat(scrape(new SamplerStatus(0, 0, 0, Map.of(), 0, 0, 1, "running", Optional.empty())))
        .contains("\nredismem_scan_results_estimated 0.0\n").doesNotContain("\nredismem_keys{");
  }

  private static String scrape(SamplerStatus status) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new SamplerCollector(() -> status));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }
}
