package io.github.redismem.metrics;

import static io.github.redismem.metrics.SamplerCatalog.*;

import io.github.redismem.analysis.Bounds;
import io.github.redismem.analysis.DataType;
import io.github.redismem.analysis.Finding;
import io.github.redismem.analysis.Histogram;
import io.github.redismem.analysis.PassEstimate;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Exposes the sampler: its health, and the last completed pass; until one has completed, the running first pass's
 * early estimate in the same families, marked by {@code redismem_scan_results_estimated} 1. Reads an immutable
 * status; never calls Redis.
 */
public final class SamplerCollector implements MultiCollector {
  private final Supplier<SamplerStatus> status;
  /** The last pass's snapshots: a pass changes every few minutes, scrapes come every few seconds. */
  private final java.util.concurrent.atomic.AtomicReference<Converted> lastPass =
      new java.util.concurrent.atomic.AtomicReference<>();

  private record Converted(PassResult pass, List<MetricSnapshot> snapshots) {}

  /** Where the keys come from: {@code scan} or {@code rdb}, the label of redismem_sampler_source_info. */
  private final String source;

  /** A collector of a sampler that scans Redis. */
  public SamplerCollector(Supplier<SamplerStatus> status) {
    this(status, "scan");
  }

  /** @param source {@code scan} or {@code rdb} ({@code sampling.source}) */
  public SamplerCollector(Supplier<SamplerStatus> status, String source) {
    this.status = status;
    this.source = source;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(status.get());
  }

  /** The snapshots of {@code s}, a status read elsewhere (a cluster's merged samplers). */
  MetricSnapshots collect(SamplerStatus s) {
    List<MetricSnapshot> all = new ArrayList<>();
    // after the first complete pass, only complete passes: series never switch back to an extrapolation
    Optional<PassEstimate> early = s.lastPass().isPresent() ? Optional.empty() : s.estimate();
    health(s, source, early).forEach(all::add);
    s.lastPass().or(() -> early.map(PassEstimate::result)).ifPresent(pass -> {
      Converted cached = lastPass.get();
      if (cached == null || cached.pass() != pass) {
        cached = new Converted(pass, passSnapshots(pass, early.isEmpty()));
        lastPass.set(cached);
      }
      all.addAll(cached.snapshots());
    });
    return new MetricSnapshots(all);
  }

  private static MetricSnapshots health(SamplerStatus s, String source, Optional<PassEstimate> early) {
    SnapshotSink sink = new SnapshotSink();
    sink.add(SCAN_ESTIMATED, early.isPresent() ? 1 : 0);
    early.ifPresent(e -> sink.add(SCAN_ESTIMATE_PROGRESS, e.progress()));
    sink.add(SCAN_KEYS, s.keysTotal());
    sink.add(SCAN_PASSES, s.passesTotal());
    sink.add(SCAN_VANISHED, s.vanishedTotal());
    sink.add(SCAN_FORBIDDEN, s.keysForbidden());
    sink.add(SCAN_NOT_OWNED, s.keysNotOwned());
    s.errors().forEach((reason, n) -> sink.add(SCAN_ERRORS, n, reason));
    sink.add(SCAN_PROGRESS, s.progress());
    sink.add(SCAN_TIME_RATIO, s.redisTimeRatio());
    if (s.batchKeys() > 0) {
      sink.add(SCAN_BATCH_KEYS, s.batchKeys());
    }
    if (!s.longestCall().isZero()) {
      sink.add(SCAN_LONGEST_CALL, s.longestCall().toNanos() / 1e9);
    }
    sink.add(SCAN_SAMPLE_RATIO, s.sampleRatio());
    for (String state : STATES) {
      sink.add(SCAN_STATE, state.equals(s.state()) ? 1 : 0, state);
    }
    s.node().ifPresent(n -> sink.add(SCAN_NODE, 1, n.node(), n.role()));
    sink.add(SOURCE, 1, source);
    s.capabilities().forEach((command, allowed) -> sink.add(CAPABILITY, allowed ? 1 : 0, command));
    return sink.build(ALL);
  }

  /** @param complete false for an early estimate, which has no duration nor end yet */
  private static List<MetricSnapshot> passSnapshots(PassResult pass, boolean complete) {
    SnapshotSink sink = new SnapshotSink();
    if (complete) {
      sink.add(SCAN_DURATION, pass.duration().toNanos() / 1e9);
      sink.add(SCAN_TIMESTAMP, pass.finishedAt().toEpochMilli() / 1000.0);
    }
    pass(pass, sink);
    List<MetricSnapshot> out = new ArrayList<>();
    sink.build(ALL).forEach(out::add);
    for (MetricSnapshot h : List.of(histogram(KEY_SIZE, pass.memoryHistograms()),
        histogram(KEY_ELEMENTS, pass.elementHistograms()))) {
      if (!h.getDataPoints().isEmpty()) {
        out.add(h);
      }
    }
    // present after every pass, all buckets 0 without strings: "no strings" differs from "no pass yet"
    out.add(builder(STRING_LENGTH).dataPoint(point(pass.stringLengths(), Labels.EMPTY)).build());
    return List.copyOf(out);
  }

  private static void pass(PassResult pass, SnapshotSink sink) {
    sink.add(UNATTRIBUTED, pass.estimation().unattributedBytes());
    if (pass.estimation().sampled()) {
      bounds(pass, sink);
    }
    TreeSet<Integer> dbs = new TreeSet<>();
    for (PassResult.EncodingGroup g : pass.encodings()) {
      dbs.add(g.db());
      sink.add(KEYS, g.keys(), db(g.db()), g.dataType().label(), g.encoding());
      sink.add(KEYS_MEMORY, g.bytes(), db(g.db()), g.dataType().label(), g.encoding());
    }
    for (var k : pass.topKeys()) {
      sink.add(TOP_KEY, k.bytes(), db(k.db()), k.key(), k.dataType().label(), k.encoding());
    }
    for (PassResult.PrefixGroup p : pass.prefixes()) {
      sink.add(PREFIX_KEYS, p.keys(), db(p.db()), p.prefix());
      sink.add(PREFIX_MEMORY, p.bytes(), db(p.db()), p.prefix());
      sink.add(PREFIX_NO_TTL, p.keysWithoutTtl(), db(p.db()), p.prefix());
    }
    for (PassResult.TtlGroup t : pass.ttls()) {
      sink.add(TTL_MEMORY, t.bytes(), db(t.db()), t.bucket().label());
    }
    for (PassResult.FindingGroup f : pass.findings()) {
      sink.add(FINDING_KEYS, f.keys(), db(f.db()), f.finding().label());
      sink.add(FINDING_MEMORY, f.bytes(), db(f.db()), f.finding().label());
      sink.add(FINDING_RECLAIMABLE, f.reclaimableBytes(), db(f.db()), f.finding().label());
    }
    // every finding of every sampled database, 0 when absent, so alerts can tell "none" from "not measured"
    for (int d : dbs) {
      for (Finding f : Finding.values()) {
        sink.add(FINDING_KEYS, 0, db(d), f.label());
        sink.add(FINDING_MEMORY, 0, db(d), f.label());
        sink.add(FINDING_RECLAIMABLE, 0, db(d), f.label());
      }
    }
  }

  /** The 99% bounds of a sampled pass's estimates, as {@code bound="lower"} and {@code bound="upper"} series. */
  private static void bounds(PassResult pass, SnapshotSink sink) {
    for (PassResult.EncodingGroup g : pass.encodings()) {
      bound(sink, KEYS_BOUND, g.keysBounds(), db(g.db()), g.dataType().label(), g.encoding());
      bound(sink, KEYS_MEMORY_BOUND, g.bytesBounds(), db(g.db()), g.dataType().label(), g.encoding());
    }
    for (PassResult.PrefixGroup p : pass.prefixes()) {
      bound(sink, PREFIX_MEMORY_BOUND, p.bytesBounds(), db(p.db()), p.prefix());
    }
    for (PassResult.TtlGroup t : pass.ttls()) {
      bound(sink, TTL_MEMORY_BOUND, t.bytesBounds(), db(t.db()), t.bucket().label());
    }
    for (PassResult.FindingGroup f : pass.findings()) {
      bound(sink, FINDING_KEYS_BOUND, f.keysBounds(), db(f.db()), f.finding().label());
      bound(sink, FINDING_MEMORY_BOUND, f.bytesBounds(), db(f.db()), f.finding().label());
    }
  }

  private static void bound(SnapshotSink sink, MetricFamily family, Bounds bounds, String... labels) {
    String[] lower = java.util.Arrays.copyOf(labels, labels.length + 1);
    lower[labels.length] = "lower";
    sink.add(family, bounds.low(), lower);
    String[] upper = java.util.Arrays.copyOf(labels, labels.length + 1);
    upper[labels.length] = "upper";
    sink.add(family, bounds.high(), upper);
  }

  private static MetricSnapshot histogram(MetricFamily family, Map<DataType, Histogram.Snapshot> data) {
    HistogramSnapshot.Builder b = builder(family);
    for (DataType type : DataType.values()) {
      Histogram.Snapshot h = data.get(type);
      if (h != null) {
        b.dataPoint(point(h, Labels.of("data_type", type.label())));
      }
    }
    return b.build();
  }

  private static HistogramSnapshot.Builder builder(MetricFamily family) {
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(family.modelName()).help(family.help());
    if (family.unit() != null) {
      b.unit(family.unit());
    }
    return b;
  }

  private static HistogramSnapshot.HistogramDataPointSnapshot point(Histogram.Snapshot h, Labels labels) {
    double[] bounds = java.util.Arrays.copyOf(h.upperBounds(), h.upperBounds().length + 1);
    bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
    return HistogramSnapshot.HistogramDataPointSnapshot.builder()
        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts()))
        .sum(h.sum())
        .labels(labels)
        .build();
  }

  private static String db(int db) {
    return Integer.toString(db);
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return ALL.stream().map(MetricFamily::descriptor).toList();
  }

  @Override
  public List<String> getPrometheusNames() {
    return ALL.stream().map(f -> f.metadata().getPrometheusName()).toList();
  }
}
