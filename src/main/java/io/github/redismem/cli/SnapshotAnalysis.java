package io.github.redismem.cli;

import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.analysis.SnapshotPass;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.rdb.RdbSnapshot;
import io.github.redismem.report.Growth;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code analyze --rdb=FILE}: the report of an RDB snapshot, read key by key ({@link RdbSnapshot}) into the same
 * aggregation as a live pass ({@link SnapshotPass}), without a single command to any Redis. The sizes are modelled
 * for the Redis that wrote the file with the jemalloc Redis bundles (8-byte quantum; a distribution's jemalloc
 * rounds small allocations to 16 bytes and holds a little more).
 */
final class SnapshotAnalysis {
  /** The allocator quantum assumed: the jemalloc Redis builds with by default (official images, source builds). */
  static final int QUANTUM = 8;

  private SnapshotAnalysis() {}

  static int run(Path file, AnalyzeOptions options, ExporterConfig config, String version,
      Optional<Growth.Side> baseline, PrintStream out, PrintStream err, BooleanSupplier stop) {
    err.printf("analyze: reading the snapshot %s (no Redis is asked anything)%n", file);
    long start = System.nanoTime();
    PassSink sink = new PassSink(config.sampling(), config.thresholds());
    RdbSnapshot.Summary summary;
    try {
      summary = RdbSnapshot.read(file, config.thresholds(), QUANTUM, sink, stop);
    } catch (RdbSnapshot.InvalidSnapshot e) {
      err.println("redis-memory-exporter analyze: --rdb " + file + ": " + e.getMessage());
      return AnalyzeCommand.CANNOT_RUN;
    }
    SnapshotPass pass = sink.pass(summary.major(), summary.minor());
    Instant now = Instant.now();
    SamplerStatus status = pass.finish(now, summary.expired(), summary.complete());
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf("analyze: %,d keys read in %.1f s (%,.0f keys/s)%s%n", summary.keys(), seconds,
        summary.keys() / Math.max(seconds, 1e-9), summary.expired() > 0
            ? String.format(", %,d already expired when the file was written (left out)", summary.expired()) : "");
    Report.Snapshot source = new Report.Snapshot(file.toString(), summary.fileBytes(), summary.writtenAt(),
        summary.redisVersion().isEmpty() ? RdbSnapshot.ASSUMED_VERSION + " (assumed: the file does not say)"
            : summary.redisVersion(), summary.expired(), summary.complete());
    Report report = new ReportBuilder(version, file.getFileName().toString(), config.instanceFindings())
        .snapshot(source, status, now, !summary.complete());
    boolean stopped = !summary.complete() && stop.getAsBoolean();
    return AnalyzeCommand.conclude(options, baseline, report,
        summary.complete() ? status.lastPass() : Optional.empty(),
        stopped ? "stopped before the end of the file: the report covers the keys read so far"
            : "the file ends before its end marker (cut short, or still being written): the report covers the keys "
                + "it holds",
        stopped ? AnalyzeCommand.INTERRUPTED : AnalyzeCommand.CANNOT_RUN, out, err);
  }
}
