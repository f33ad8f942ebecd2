package io.github.redismem.cli;

import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.analysis.SnapshotStatus;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.rdb.RdbSnapshot;
import io.github.redismem.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The daemon's sampler for {@code sampling.source: rdb}: watches the RDB snapshot Redis rewrites at every BGSAVE
 * and reads each new one ({@link RdbSnapshot}, on a thread of its own) into a pass whose result is published as a
 * live pass's is, so every sampler family keeps its name, without a single command to Redis.
 *
 * <p>A snapshot is read once its size, modification time and inode have stayed the same across two checks: Redis
 * writes a temporary file and renames it, which is atomic, but a snapshot copied into place is written in the
 * open. A snapshot that cannot be read is counted and logged once, never retried until the file changes, and the
 * last good one stays published.
 */
final class SnapshotWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SnapshotWatcher.class.getName());
  static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  private final Path file;
  private final SamplingSettings settings;
  private final ThresholdSettings thresholds;
  private final Duration checkEvery;
  private final ScheduledExecutorService thread;
  private final AtomicReference<Published> latest = new AtomicReference<>(Published.NONE);
  private volatile boolean closed;
  /** Touched by the watching thread only. */
  private Version seen;
  private Version attempted;
  private boolean toldMissing;

  /** What scrapes and the report read: the three views of one moment, swapped together. */
  private record Published(SamplerStatus status, SnapshotStatus snapshot, Optional<Report.Snapshot> source) {
    static final Published NONE = new Published(SnapshotWatcher.status("idle", 0, 0, 0, null, null),
        SnapshotStatus.NONE,
        Optional.empty());
  }

  /** A file's identity and content as far as a check can tell without reading it. */
  private record Version(Object inode, long size, Instant modified) {}

  SnapshotWatcher(Path file, SamplingSettings settings, ThresholdSettings thresholds) {
    this(file, settings, thresholds, CHECK_EVERY);
  }

  SnapshotWatcher(Path file, SamplingSettings settings, ThresholdSettings thresholds, Duration checkEvery) {
    this.file = file;
    this.settings = settings;
    this.thresholds = thresholds;
    this.checkEvery = checkEvery;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rdb-snapshot");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    thread.scheduleWithFixedDelay(this::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  SamplerStatus status() {
    return latest.get().status();
  }

  SnapshotStatus snapshot() {
    return latest.get().snapshot();
  }

  /** The report's source section: the snapshot whose keys are published, once there is one. */
  Optional<Report.Snapshot> source() {
    return latest.get().source();
  }

  private void check() {
    try {
      Version now = version();
      if (now == null) {
        return;
      }
      boolean stable = now.equals(seen);
      seen = now;
      if (stable && !now.equals(attempted)) {
        attempted = now;
        read();
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      // a failed check must not end the schedule: the next snapshot may read fine
      publishFailure(null, "failed: " + e);
    }
  }

  private Version version() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      toldMissing = false;
      return new Version(a.fileKey(), a.size(), a.lastModifiedTime().toInstant());
    } catch (NoSuchFileException e) {
      if (!toldMissing) {
        toldMissing = true; // not an error: Redis has not saved yet, or is about to rename the next one in place
        LOG.info("sampling.rdbFile " + file + " does not exist (yet); checking every "
            + checkEvery.toSeconds() + "s" + (latest.get().source().isPresent()
                ? "; the last snapshot read stays published" : ""));
      }
      return null;
    } catch (IOException e) {
      if (!toldMissing) {
        toldMissing = true;
        LOG.warning("sampling.rdbFile " + file + ": cannot read its attributes: " + e.getMessage());
      }
      return null;
    }
  }

  private void read() {
    Published before = latest.get();
    latest.set(new Published(withState(before.status(), "running"), before.snapshot(), before.source()));
    long start = System.nanoTime();
    PassSink sink = new PassSink(settings, thresholds);
    RdbSnapshot.Summary summary;
    try {
      summary = RdbSnapshot.read(file, thresholds, SnapshotAnalysis.QUANTUM, sink, () -> closed);
    } catch (RdbSnapshot.InvalidSnapshot e) {
      publishFailure(SnapshotStatus.INVALID, e.getMessage());
      return;
    }
    if (!summary.complete()) {
      if (!closed) {
        publishFailure(SnapshotStatus.TRUNCATED, "it ends before its end marker (cut short)");
      }
      return;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    SamplerStatus pass = sink.pass(summary.major(), summary.minor()).finish(Instant.now(), summary.expired(), true);
    SnapshotStatus.Read read = new SnapshotStatus.Read(file.toString(), summary.writtenAt(), summary.redisVersion(),
        summary.fileBytes(), summary.keys(), summary.expired(), took);
    Report.Snapshot source = new Report.Snapshot(file.toString(), summary.fileBytes(), summary.writtenAt(),
        summary.redisVersion().isEmpty() ? RdbSnapshot.ASSUMED_VERSION + " (assumed: the file does not say)"
            : summary.redisVersion(), summary.expired(), true);
    SamplerStatus was = before.status();
    SamplerStatus status = status("idle", was.keysTotal() + summary.keys(), was.passesTotal() + 1,
        was.vanishedTotal() + summary.expired(), pass, was.lastPass().orElse(null));
    SnapshotStatus snapshot = new SnapshotStatus(Optional.of(read), before.snapshot().reads() + 1,
        before.snapshot().errors());
    latest.set(new Published(status, snapshot, Optional.of(source)));
    LOG.info(String.format("read the snapshot %s written at %s: %,d keys in %.1f s", file, summary.writtenAt(),
        summary.keys(), took.toNanos() / 1e9));
  }

  /** Counts a snapshot that cannot be read (once: it is not read again until it changes) and keeps the last good. */
  private void publishFailure(String reason, String why) {
    LOG.warning("sampling.rdbFile " + file + ": cannot read this snapshot: " + why
        + "; the last good one stays published, the next is read when the file changes");
    Published before = latest.get();
    Map<String, Long> errors = new HashMap<>(before.snapshot().errors());
    if (reason != null) {
      errors.merge(reason, 1L, Long::sum);
    }
    latest.set(new Published(withState(before.status(), "failing"),
        new SnapshotStatus(before.snapshot().last(), before.snapshot().reads(), errors), before.source()));
  }

  /** A status as a live sampler's, its last pass the snapshot's (sampled: every key, exactly). */
  private static SamplerStatus status(String state, long keys, long passes, long vanished, SamplerStatus pass,
      PassResult previous) {
    return new SamplerStatus(keys, passes, vanished, Map.of(), pass == null ? 0 : 1, 0, 1.0, state,
        pass == null ? Optional.empty() : pass.lastPass(), Optional.ofNullable(previous),
        pass == null ? Optional.empty() : pass.scope());
  }

  private static SamplerStatus withState(SamplerStatus s, String state) {
    return new SamplerStatus(s.keysTotal(), s.passesTotal(), s.vanishedTotal(), s.errors(), s.progress(),
        s.redisTimeRatio(), s.sampleRatio(), state, s.lastPass(), s.previousPass(), s.scope());
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "rdb snapshot " + Objects.toString(file);
  }
}
