package io.github.redismem.metrics;

import io.github.redismem.analysis.BenchData;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.bench.Records;
import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A scrape of a large exporter, as Exporter wires it: a RedisMemoryCollector (whose reader hands back the recorded
 * Redis 8.2 state instead of calling Redis) and a SamplerCollector whose last pass has 100 top keys, 16 databases of
 * 50 prefixes plus other, every finding in every database, and both histograms. Times registry.scrape(), each text
 * format's writer alone on a scraped snapshot, and both together, writing to a stream that only counts bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ExpositionBenchmark {
  PrometheusRegistry registry;
  MetricSnapshots scraped;
  PrometheusTextFormatWriter prometheusText = PrometheusTextFormatWriter.create();
  OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
  final CountingStream out = new CountingStream();

  /** A null OutputStream that counts what it is given, so the writing cannot be optimised away. */
  static final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  /** Hands back one recorded state: RedisMemoryCollector as it runs, without Redis. */
  record RecordedReader(MemoryState state) implements MemoryStateReader {
    @Override
    public MemoryState read() {
      return state;
    }

    @Override
    public boolean hasAnswered() {
      return true;
    }

    @Override
    public String target() {
      return "recorded redis-8.2";
    }

    @Override
    public void close() {}
  }

  @Setup
  public void setup() throws IOException {
    PassResult pass = BenchData.largePass();
    Map<String, Long> errors = new LinkedHashMap<>();
    for (String reason : new String[] {"timeout", "connection", "refused", "loading", "error"}) {
      errors.put(reason, 0L);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("keysTotal", 3_840_000L);
    s.put("passesTotal", 12L);
    s.put("vanishedTotal", 204L);
    s.put("errors", errors);
    s.put("progress", 1.0);
    s.put("redisTimeRatio", 0.031);
    s.put("sampleRatio", 1.0);
    s.put("state", "idle");
    s.put("lastPass", Optional.of(pass));
    SamplerStatus status = Records.make(SamplerStatus.class, s);

    registry = new PrometheusRegistry();
    registry.register(new RedisMemoryCollector(new RecordedReader(Fixtures.state("redis-8.2")),
        new BuildInfo("0.1.0-SNAPSHOT", "benchmark")));
    registry.register(new SamplerCollector(() -> status));
    scraped = registry.scrape();

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    prometheusText.write(text, scraped, EscapingScheme.ALLOW_UTF8);
    String exposition = text.toString(StandardCharsets.UTF_8);
    long samples = exposition.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    ByteArrayOutputStream om = new ByteArrayOutputStream();
    openMetrics.write(om, scraped, EscapingScheme.ALLOW_UTF8);
    System.err.printf("[bench] exposition: %d families, %d sample lines, %d bytes as Prometheus text, %d as"
        + " OpenMetrics%n", scraped.size(), samples, text.size(), om.size());
  }

  @Benchmark
  public MetricSnapshots scrape() {
    return registry.scrape();
  }

  @Benchmark
  public long writePrometheusText() throws IOException {
    prometheusText.write(out, scraped, EscapingScheme.ALLOW_UTF8);
    return out.bytes;
  }

  @Benchmark
  public long writeOpenMetrics() throws IOException {
    openMetrics.write(out, scraped, EscapingScheme.ALLOW_UTF8);
    return out.bytes;
  }

  @Benchmark
  public long scrapeAndWritePrometheusText() throws IOException {
    prometheusText.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.bytes;
  }

  @Benchmark
  public long scrapeAndWriteOpenMetrics() throws IOException {
    openMetrics.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.bytes;
  }
}
