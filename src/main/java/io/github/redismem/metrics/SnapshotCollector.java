package io.github.redismem.metrics;

import static io.github.redismem.metrics.SnapshotCatalog.*;

import io.github.redismem.analysis.SnapshotStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exposes the snapshot source: which RDB snapshot the sampler's families were read from, its age, and the reads'
 * errors. Converts an immutable status published by the reading thread; never reads the file itself.
 */
public final class SnapshotCollector implements MultiCollector {
  private final Supplier<SnapshotStatus> status;

  public SnapshotCollector(Supplier<SnapshotStatus> status) {
    this.status = status;
  }

  @Override
  public MetricSnapshots collect() {
    return convert(status.get());
  }

  static MetricSnapshots convert(SnapshotStatus s) {
    SnapshotSink sink = new SnapshotSink();
    s.last().ifPresent(read -> {
      sink.add(TIMESTAMP, read.writtenAt().toEpochMilli() / 1000.0);
      sink.add(KEYS, read.keys());
      sink.add(EXPIRED, read.expiredKeys());
      sink.add(SIZE, read.fileBytes());
      sink.add(READ_SECONDS, read.took().toNanos() / 1e9);
    });
    sink.add(READS, s.reads());
    // both reasons always present, 0 until one happens, so that increase() sees the first error
    for (String reason : List.of(SnapshotStatus.INVALID, SnapshotStatus.TRUNCATED)) {
      sink.add(ERRORS, s.errors().getOrDefault(reason, 0L), reason);
    }
    return sink.build(ALL);
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
