package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;

/**
 * The metric families of the snapshot source ({@code sampling.source: rdb}): which snapshot the sampler's figures
 * come from, and how reading snapshots goes. Present only with that source.
 */
final class SnapshotCatalog {
  private SnapshotCatalog() {}

  private static final String LAST = " Of the snapshot last read to its end, whose keys the sampler's families show;"
      + " absent until one has been.";

  static final MetricFamily TIMESTAMP = gauge("redismem_snapshot_timestamp_seconds",
      "When Redis wrote the snapshot (its ctime field, else the file's modification time), Unix time: time() minus "
          + "this is the age of the sampler's figures." + LAST);
  static final MetricFamily KEYS = gauge("redismem_snapshot_keys",
      "Keys the snapshot holds (those already expired when it was written are left out)." + LAST);
  static final MetricFamily EXPIRED = gauge("redismem_snapshot_expired_keys",
      "Keys the snapshot holds that had expired when it was written: left out, as loading it would drop them." + LAST);
  static final MetricFamily SIZE = gauge("redismem_snapshot_size_bytes", "Size of the snapshot file." + LAST);
  static final MetricFamily READ_SECONDS = gauge("redismem_snapshot_read_seconds",
      "Time the exporter took to read the snapshot." + LAST);
  static final MetricFamily READS = new MetricFamily("redismem_snapshot_reads_total", MetricType.COUNTER, List.of(),
      "Snapshots read to their end and published.", "sampling.rdbFile");
  static final MetricFamily ERRORS = new MetricFamily("redismem_snapshot_read_errors_total", MetricType.COUNTER,
      List.of("reason"), "Snapshots that could not be read, each counted once: invalid (not an RDB file the parser "
          + "reads, or one the exporter may not open: the log says which) or truncated (it ends before its end "
          + "marker). The last good snapshot stays published.",
      "sampling.rdbFile");

  static final List<MetricFamily> ALL = List.of(TIMESTAMP, KEYS, EXPIRED, SIZE, READ_SECONDS, READS, ERRORS);

  private static MetricFamily gauge(String name, String help) {
    return new MetricFamily(name, MetricType.GAUGE, List.of(), help, "sampling.rdbFile");
  }
}
