package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderedFamiliesTest {

  @ParameterizedTest
  @ValueSource(strings = {"text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0"})
  void familyByFamilyIsByteForByteTheWholeRendering(String accept) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge gauge = Gauge.builder().name("redismem_test_bytes").help("odd \"help\"\nline").labelNames("key")
        .register(registry);
    gauge.labelValues("<script>\"\\\n").set(1.5);
    gauge.labelValues("").set(0);
    Counter.builder().name("redismem_test_errors_total").help("c").register(registry).inc();
    Histogram histogram = Histogram.builder().name("redismem_test_seconds").help("h")
        .classicUpperBounds(0.1, 1).register(registry);
    histogram.observe(0.5);
    Info.builder().name("redismem_test_info").help("i").labelNames("version").register(registry)
        .addLabelValues("7.0");
    Gauge.builder().name("redismem_test_empty").help("no data points").register(registry);

    ExpositionFormats formats = ExpositionFormats.init(PrometheusProperties.get());
    ExpositionFormatWriter writer = formats.findWriter(accept);
    RenderedFamilies families = new RenderedFamilies(writer, EscapingScheme.fromAcceptHeader(accept));

    MetricSnapshots first = registry.scrape();
    assertThat(text(families.render(first))).isEqualTo(whole(writer, first));
    // the same snapshot objects again: served from the cache, still identical
    assertThat(text(families.render(first))).isEqualTo(whole(writer, first));

    // one family changes: a new snapshot for it, the others reused
    gauge.labelValues("").set(42);
    List<MetricSnapshot> mixed = new ArrayList<>();
    MetricSnapshots fresh = registry.scrape();
    for (int i = 0; i < first.size(); i++) {
      boolean isGauge = first.get(i).getMetadata().getName().equals("redismem_test_bytes");
      mixed.add(isGauge ? fresh.get(i) : first.get(i));
    }
    MetricSnapshots next = new MetricSnapshots(mixed);
    String rendered = text(families.render(next));
    assertThat(rendered).isEqualTo(whole(writer, next)).contains("redismem_test_bytes{key=\"\"} 42.0");
  }

  private static String whole(ExpositionFormatWriter writer, MetricSnapshots snapshots) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, snapshots, EscapingScheme.fromAcceptHeader(writer.getContentType()));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String text(List<byte[]> parts) {
    return new String(RenderedFamilies.join(parts), StandardCharsets.UTF_8);
  }
}
