package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyFacts;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.redis.ScanPage;
import io.github.redismem.redis.ServerView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Walks the keyspace pass after pass on a thread of its own, throttled, and publishes each completed pass. The
 * only shared mutable state is the reference to the last two passes (the previous one to say what changed since)
 * and a few counters; a pass that fails keeps the previous result in place.
 */
public final class KeySampler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeySampler.class.getName());
  private static final long SERVER_CHECK_NANOS = 2_000_000_000L;
  private static final int MAX_CONSECUTIVE_FAILURES = 5;

  private final KeyspaceReader reader;
  private final SamplingSettings settings;
  private final ThresholdSettings thresholdSettings;
  private final PassScope scope;
  private final ExecutorService thread;
  private final AtomicReference<Passes> latest = new AtomicReference<>(Passes.NONE);
  private final AtomicLong keysTotal = new AtomicLong();
  private final AtomicLong passesTotal = new AtomicLong();
  private final AtomicLong vanishedTotal = new AtomicLong();
  private final Map<SamplingException.Reason, AtomicLong> errors = new EnumMap<>(SamplingException.Reason.class);
  private volatile double progress;
  private volatile double redisTimeRatio;
  private volatile String state = "idle";
  private volatile boolean closed;
  // set only by runOnce(), for the one-shot analyze command; the background loop keeps the defaults
  private PassProgress passProgress = PassProgress.NONE;
  private BooleanSupplier stopRequested = () -> false;
  private boolean lastPassCut;

  public KeySampler(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholds) {
    this.reader = reader;
    this.settings = settings;
    this.thresholdSettings = thresholds;
    this.scope = PassScope.of(settings);
    for (SamplingException.Reason r : SamplingException.Reason.values()) {
      errors.put(r, new AtomicLong());
    }
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "key-sampler");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    thread.submit(this::run);
  }

  private void run() {
    while (!closed) {
      try {
        runPass();
        Thread.sleep(settings.interval().toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (PassFailed e) {
        state = "failing";
        LOG.warning("sampler pass abandoned after " + MAX_CONSECUTIVE_FAILURES + " failed batches: "
            + e.getMessage() + "; the previous pass stays published, next try in " + settings.interval());
        pause(settings.interval().toNanos());
      } catch (RuntimeException | OutOfMemoryError e) {
        // an undersized heap must cost a pass, not the sampler thread: without this catch it would die silently
        state = "failing";
        LOG.warning("sampler pass failed: " + e + "; next try in " + settings.interval());
        pause(settings.interval().toNanos());
      }
    }
  }

  /** Runs one pass; publishes its result unless it was cut short by close(). */
  void runPass() throws InterruptedException, PassFailed {
    ServerView server = call(reader::server);
    if (!settings.onPrimary() && server.primary()) {
      state = "skipped_primary";
      return;
    }
    if (server.loading()) {
      waitWhileLoading(server);
      server = call(reader::server); // thresholds and version as they are once the data is loaded
    }
    state = "running";
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    Thresholds thresholds = Thresholds.resolve(server, thresholdSettings);
    Estimator estimator = Estimator.forPass(settings.sampleRatio(), server.datasetBytes());
    PassAggregator pass = new PassAggregator(settings, thresholds, new SavingsModel(server.major(), server.minor()),
        estimator);
    // sets are probed for integer members up to the largest set-max-intset-entries the what-ifs consider
    InspectOptions options = new InspectOptions(settings.memoryUsageSamples(),
        WhatIfs.CAP_FACTOR * thresholds.setMaxIntsetEntries());
    Throttle throttle = new Throttle(settings.maxKeysPerSecond(), settings.maxRedisTimeRatio(), start);
    long expected = Math.max(1, server.keysPerDb().values().stream().mapToLong(Long::longValue).sum());
    long scanned = 0;
    long vanished = 0;
    long lastCheck = start;
    progress = 0;
    // where INFO gives Redis's CPU, some batches are bracketed by readings of it: the throttle learns their real cost
    boolean cpuKnown = server.cpuNanos() >= 0;
    // Throttle off: the next step is sent before this one is aggregated, so the two overlap (Redis runs the next
    // script while this thread decodes and counts the last reply).
    boolean ahead = settings.sampleRatio() >= 1.0 && settings.maxRedisTimeRatio() >= 1.0
        && settings.maxKeysPerSecond() <= 0;
    for (int db : server.keysPerDb().keySet()) {
      SeenKeys seen = new SeenKeys((long) (server.keysPerDb().get(db) * settings.sampleRatio() * 1.2) + 1000);
      String cursor = "0";
      Pending<ScanInspection> next = null;
      do {
        Batch batch;
        if (ahead) {
          int count = throttle.batchKeys(settings.maxBatchKeys());
          Pending<ScanInspection> mine = next != null ? next : reader.sendScanAndInspect(db, cursor, count, options);
          long t0 = System.nanoTime();
          ScanInspection step = awaitStep(mine, db, cursor, count, options);
          long waited = System.nanoTime() - t0;
          next = step.finished() || closed || stopRequested.getAsBoolean() ? null
              : reader.sendScanAndInspect(db, step.cursor(), count, options);
          batch = freshKeys(step, seen, waited, -1);
        } else {
          boolean bracket = cpuKnown && throttle.bracketNext(System.nanoTime());
          batch = settings.sampleRatio() >= 1.0
              ? wholeBatch(db, cursor, throttle, options, seen, bracket)
              : sampledBatch(db, cursor, throttle, options, seen, pass, bracket);
        }
        batch.keys().forEach(k -> pass.add(db, k));
        vanished += batch.vanished();
        keysTotal.addAndGet(batch.keys().size());
        vanishedTotal.addAndGet(batch.vanished());
        scanned += batch.scanned();
        progress = Math.min(0.99, (double) scanned / expected);
        passProgress.batch(scanned, expected, pass.keys());
        if (System.nanoTime() - lastCheck > SERVER_CHECK_NANOS) {
          server = waitWhileLoading(call(reader::serverState));
          lastCheck = System.nanoTime();
        }
        long busy = batch.busyNanos();
        if (batch.cpuBefore() >= 0) {
          long after = call(reader::redisCpuNanos);
          long again = call(reader::redisCpuNanos);
          busy += throttle.bracket(busy, batch.cpuBefore(), after, again, System.nanoTime());
        }
        long pause = throttle.afterBatch(busy, batch.scanned(), batch.inspected(), server.memoryPressure());
        redisTimeRatio = throttle.redisTimeRatio(System.nanoTime());
        sleepNanos(pause);
        cursor = batch.cursor();
      } while (!"0".equals(cursor) && !closed && !stopRequested.getAsBoolean());
      if (closed) {
        return;
      }
      if (!"0".equals(cursor)) {
        lastPassCut = true; // stopped by runOnce()'s caller: publish what was gathered
        break;
      }
    }
    long end = System.nanoTime();
    double ratio = throttle.redisTimeRatio(end);
    redisTimeRatio = ratio;
    // a sampled pass is calibrated against the dataset's size as Redis reports it now, at the pass's end
    Optional<DatasetSize> dataset = Optional.empty();
    if (!estimator.exact() && !lastPassCut) {
      ServerView now = call(reader::serverState);
      dataset = Optional.of(new DatasetSize(now.datasetBytes(),
          now.keysPerDb().values().stream().mapToLong(Long::longValue).sum()));
    }
    PassResult result = pass.finish(Instant.now(), Duration.ofNanos(end - start), vanished, ratio, dataset);
    latest.getAndUpdate(p -> p.then(result));
    passesTotal.incrementAndGet();
    progress = lastPassCut ? progress : 1.0;
    state = "idle";
    LOG.fine(() -> "sampler pass done: " + pass.keys() + " keys in " + Duration.ofNanos(end - start)
        + " since " + startedAt);
  }

  /**
   * One step of a pass: the next cursor, keys scanned, facts of the new keys, Redis's time for it all, and Redis's
   * CPU counter read just before it when the step is bracketed (else -1).
   */
  private record Batch(String cursor, int scanned, int inspected, List<KeyFacts> keys, int vanished,
      long busyNanos, long cpuBefore) {}

  /**
   * Every key: where scripts run, SCAN and the inspection are one call, timed by Redis itself. Keys SCAN returns a
   * second time are inspected again (SCAN may repeat keys while the table resizes) but counted once.
   */
  private Batch wholeBatch(int db, String cursor, Throttle throttle, InspectOptions options, SeenKeys seen,
      boolean bracket) throws InterruptedException, PassFailed {
    int count = throttle.batchKeys(settings.maxBatchKeys());
    sleepNanos(throttle.beforeInspect(count, System.nanoTime()));
    long cpuBefore = bracket ? call(reader::redisCpuNanos) : -1;
    long t0 = System.nanoTime();
    ScanInspection step = call(() -> reader.scanAndInspect(db, cursor, count, options));
    return freshKeys(step, seen, System.nanoTime() - t0, cpuBefore);
  }

  /** A step sent ahead, awaited; a failure is counted and the step run again as {@link #call} runs it. */
  private ScanInspection awaitStep(Pending<ScanInspection> pending, int db, String cursor, int count,
      InspectOptions options) throws InterruptedException, PassFailed {
    try {
      return pending.await();
    } catch (SamplingException e) {
      errors.get(e.reason()).incrementAndGet();
      return call(() -> reader.scanAndInspect(db, cursor, count, options));
    }
  }

  /** The step's keys not seen before in this walk, and what it cost Redis. */
  private static Batch freshKeys(ScanInspection step, SeenKeys seen, long roundTrip, long cpuBefore) {
    Inspection inspection = step.inspection();
    List<KeyFacts> fresh = new ArrayList<>(inspection.keys().size());
    for (KeyFacts k : inspection.keys()) {
      if (seen.add(k.key())) {
        fresh.add(k);
      }
    }
    return new Batch(step.cursor(), step.scanned(), step.scanned(), fresh, inspection.vanished(),
        Throttle.busyNanos(inspection.serverNanos(), step.scanned(), roundTrip), cpuBefore);
  }

  /**
   * A share of the keys, chosen by hash: SCAN, pick, then inspect only the picked ones. Every name SCAN returns
   * counts in its prefix, so that prefixes' key counts are exact and weight their inspected keys.
   */
  private Batch sampledBatch(int db, String cursor, Throttle throttle, InspectOptions options, SeenKeys seen,
      PassAggregator pass, boolean bracket) throws InterruptedException, PassFailed {
    int count = throttle.batchKeys(settings.maxBatchKeys());
    // a key-rate pause between SCAN and the inspection falls inside the bracket: Redis's idle CPU over it is then
    // charged to the batch, which errs on the safe side
    long cpuBefore = bracket ? call(reader::redisCpuNanos) : -1;
    long t0 = System.nanoTime();
    ScanPage page = call(() -> reader.scan(db, cursor, count));
    long scanNanos = System.nanoTime() - t0;
    List<byte[]> selected = new ArrayList<>(page.keys().size());
    for (byte[] key : page.keys()) {
      pass.scanned(db, key);
      if (KeyHash.selected(key, settings.sampleRatio()) && seen.add(key)) {
        selected.add(key);
      }
    }
    sleepNanos(throttle.beforeInspect(selected.size(), System.nanoTime()));
    long t1 = System.nanoTime();
    Inspection inspection = selected.isEmpty() ? new Inspection(List.of(), 0)
        : call(() -> reader.inspect(db, selected, options));
    long inspectNanos = System.nanoTime() - t1;
    long busy = scanNanos + (selected.isEmpty() ? 0
        : Throttle.busyNanos(inspection.serverNanos(), selected.size(), inspectNanos));
    return new Batch(page.cursor(), page.keys().size(), selected.size(), inspection.keys(), inspection.vanished(),
        busy, cpuBefore);
  }

  /**
   * Runs one pass on the caller's thread, for the one-shot {@code analyze} command: the same throttle and
   * settings as the background passes, except that {@code sampling.onPrimary} is the caller's to decide. Checks
   * {@code stop} after each batch; once it is true the pass ends there and its figures so far are returned,
   * marked partial. Do not combine with {@link #start()}.
   *
   * @return the pass, or empty when the node is a primary and {@code sampling.onPrimary} is false
   * @throws IllegalStateException when Redis failed several times in a row, with the last failure's reason
   */
  public Optional<SinglePass> runOnce(PassProgress progress, BooleanSupplier stop) throws InterruptedException {
    passProgress = progress;
    stopRequested = stop;
    lastPassCut = false;
    latest.set(Passes.NONE);
    try {
      runPass();
    } catch (PassFailed e) {
      state = "failing";
      throw new IllegalStateException(e.getMessage(), e);
    }
    return Optional.ofNullable(latest.get().last()).map(r -> new SinglePass(r, lastPassCut));
  }

  private ServerView waitWhileLoading(ServerView server) throws InterruptedException, PassFailed {
    while (server.loading() && !closed) {
      state = "waiting_loading";
      Thread.sleep(1000);
      server = call(reader::serverState);
    }
    return server;
  }

  /** A reader call, retried with growing pauses; gives up on the pass after a few failures in a row. */
  private <T> T call(ReaderCall<T> call) throws InterruptedException, PassFailed {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (SamplingException e) {
        errors.get(e.reason()).incrementAndGet();
        if (attempt >= MAX_CONSECUTIVE_FAILURES) {
          throw new PassFailed(e.reason().label() + ": " + e.getMessage());
        }
        LOG.fine("sampler batch failed (" + e.reason().label() + "): " + e.getMessage());
        Thread.sleep(Math.min(30_000, 500L << attempt));
      }
    }
  }

  private interface ReaderCall<T> {
    T run() throws SamplingException;
  }

  /** A pass given up on; the previous result stays published. */
  static final class PassFailed extends Exception {
    PassFailed(String message) {
      super(message);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }

  private void pause(long nanos) {
    try {
      sleepNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  public SamplerStatus status() {
    Passes passes = latest.get();
    Map<String, Long> errorCounts = new LinkedHashMap<>();
    errors.forEach((r, n) -> errorCounts.put(r.label(), n.get()));
    return new SamplerStatus(keysTotal.get(), passesTotal.get(), vanishedTotal.get(), errorCounts, progress,
        redisTimeRatio, settings.sampleRatio(), state, Optional.ofNullable(passes.last()),
        Optional.ofNullable(passes.previous()), Optional.of(scope));
  }

  /**
   * The last two completed passes, published together so that a reader never sees a last pass with the previous
   * pass of another moment. Either may be null.
   */
  private record Passes(PassResult last, PassResult previous) {
    static final Passes NONE = new Passes(null, null);

    Passes then(PassResult next) {
      return new Passes(next, last);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.close();
  }
}
