package io.github.redismem.analysis;

import io.github.redismem.config.DurationText;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.ServerView;
import io.github.redismem.redis.SamplingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * One pass over a node's keyspace: every database with keys, SCAN step by step, each step inspected, paced by a
 * {@link Throttle} of its own and aggregated by a {@link PassAggregator}. Failed reader calls are retried and
 * abandon the pass after a few in a row ({@link Retries}); keys that vanish before they are inspected are counted,
 * not failed. Once {@code stop} is true the pass ends after the current step and its figures so far are returned,
 * marked partial. Used once, on one thread: by {@link KeySampler}'s loop and by its one-shot run alike. A pass
 * holds its own throttle and aggregator, so samplers of several nodes each run passes on their own budget.
 */
final class SamplePass {
  private static final Logger LOG = Logger.getLogger(SamplePass.class.getName());
  /** How often a pass reads INFO again: loading, memory pressure. */
  static final long SERVER_CHECK_NANOS = 2_000_000_000L;
  static final long LOADING_POLL_NANOS = 1_000_000_000L;
  /**
   * How often an exact pass publishes an early estimate ({@link PassEstimate}), at the latest; also at every whole
   * percent of the pass, so that "the estimate at 5%" exists whatever the pace. Building one walks the aggregator's
   * strata (bounded by the prefix cap, never by the keyspace): at most 100 a pass beyond one a second.
   */
  static final long ESTIMATE_NANOS = 1_000_000_000L;

  private final KeyspaceReader reader;
  private final SamplingSettings settings;
  private final ThresholdSettings thresholdSettings;
  private final SamplerCounters counters;
  private final PassClock clock;
  private final PassProgress progress;
  private final BooleanSupplier stop;
  private final Retries retries;

  SamplePass(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholdSettings,
      SamplerCounters counters, PassClock clock, PassProgress progress, BooleanSupplier stop) {
    this.reader = reader;
    this.settings = settings;
    this.thresholdSettings = thresholdSettings;
    this.counters = counters;
    this.clock = clock;
    this.progress = progress;
    this.stop = stop;
    this.retries = new Retries(counters, clock);
  }

  /** INFO and the thresholds as the pass starts from them, retried as the pass's own calls are. */
  ServerView server() throws InterruptedException, PassAbandoned {
    return retries.call(reader::server);
  }

  /**
   * Walks the keyspace from {@code server} as just read ({@link #server()}); waits first while Redis loads.
   *
   * @throws PassAbandoned when Redis failed several times in a row
   */
  SinglePass run(ServerView server) throws InterruptedException, PassAbandoned {
    counters.estimate = null;
    try {
      return walk(server);
    } finally {
      counters.estimate = null; // the pass's own result, or nothing, stands for it now
    }
  }

  private SinglePass walk(ServerView server) throws InterruptedException, PassAbandoned {
    if (server.loading()) {
      waitWhileLoading(server);
      server = server(); // thresholds and version as they are once the data is loaded
    }
    counters.state = "running";
    long start = clock.nanoTime();
    Instant startedAt = Instant.now();
    Thresholds thresholds = Thresholds.resolve(server, thresholdSettings);
    Estimator estimator = Estimator.forPass(settings.sampleRatio(), server.datasetBytes());
    PassAggregator pass = new PassAggregator(settings, thresholds, new SavingsModel(server.major(), server.minor()),
        estimator);
    // sets are probed for integer members up to the largest set-max-intset-entries the what-ifs consider
    Throttle throttle = Throttle.forPass(settings, start);
    // each script call stops within sampling.maxRedisTimePerCall, big collections alone (CallSizer)
    InspectOptions options = new InspectOptions(settings.memoryUsageSamples(),
        WhatIfs.CAP_FACTOR * thresholds.setMaxIntsetEntries(), throttle.scriptBudgetMicros(),
        CallSizer.bigFromElements(settings.memoryUsageSamples()));
    // where MEMORY USAGE or OBJECT is not permitted, the reader leaves sizes or encodings unknown: estimated here
    SizeEstimates sizes = new SizeEstimates(thresholds, server.major(), server.minor(), server.allocator());
    BatchSteps steps = BatchSteps.forPass(new BatchSteps.Parts(reader, retries, throttle, options, clock,
        settings.maxBatchKeys()), settings.sampleRatio(), pass, stop);
    long expected = Math.max(1, server.keysPerDb().values().stream().mapToLong(Long::longValue).sum());
    long scanned = 0;
    long vanished = 0;
    long forbidden = 0;
    long notOwned = 0;
    long lastCheck = start;
    long lastEstimate = start;
    int lastPercent = 0;
    // keys of the databases read, for the share of Redis's dataset an early estimate stands for
    long keysRead = 0;
    boolean partial = false;
    counters.progress = 0;
    // where INFO gives Redis's CPU, some batches are bracketed by readings of it: the throttle learns their real cost
    boolean cpuKnown = server.cpuNanos() >= 0;
    ServerView first = server;
    for (int db : server.keysPerDb().keySet()) {
      String cursor = "0";
      long expectedKeys = (long) (server.keysPerDb().get(db) * settings.sampleRatio() * 1.2) + 1000;
      try (SeenKeys seen = SeenKeys.open(expectedKeys)) {
        do {
          boolean bracket = cpuKnown && throttle.bracketNext(clock.nanoTime());
          Batch batch = steps.next(db, cursor, seen, bracket);
          batch.keys().forEach(k -> pass.add(db, sizes.complete(k)));
          vanished += batch.vanished();
          forbidden += batch.forbidden();
          notOwned += batch.notOwned();
          counters.keysTotal.addAndGet(batch.keys().size());
          counters.vanishedTotal.addAndGet(batch.vanished());
          scanned += batch.scanned();
          counters.progress = Math.min(0.99, (double) scanned / expected);
          progress.batch(scanned, expected, pass.keys());
          double done = Math.min(1.0, (double) scanned / expected);
          if (clock.nanoTime() - lastEstimate >= ESTIMATE_NANOS || (int) (100 * done) > lastPercent) {
            long names = first.keysPerDb().getOrDefault(db, 0L);
            counters.estimate = new PassEstimate(pass.estimate(Instant.now(),
                Duration.ofNanos(clock.nanoTime() - start), done, db, names, covered(first, server, keysRead + names)),
                done, Instant.now());
            lastEstimate = clock.nanoTime();
            lastPercent = (int) (100 * done);
          }
          if (clock.nanoTime() - lastCheck > SERVER_CHECK_NANOS) {
            server = sameRun(first, waitWhileLoading(retries.call(reader::serverState)));
            lastCheck = clock.nanoTime();
          }
          long busy = batch.busyNanos();
          long readings = 0;
          if (batch.cpuBefore() >= 0) {
            long after = retries.call(reader::redisCpuNanos);
            long again = retries.call(reader::redisCpuNanos);
            readings = throttle.bracket(busy, batch.cpuBefore(), after, again, clock.nanoTime());
          }
          // the readings are charged apart: added to the batch, they made it look slow (a 4 times longer pause)
          long pause = throttle.afterBatch(busy, batch.scanned(), batch.inspected(), server.memoryPressure())
              + throttle.afterReadings(readings);
          counters.redisTimeRatio = throttle.redisTimeRatio(clock.nanoTime());
          counters.batchKeys = throttle.batchKeys(settings.maxBatchKeys(),
              settings.sampleRatio() < 1.0 ? 0 : reader.keysPerCall());
          clock.sleep(pause);
          cursor = batch.cursor();
        } while (!"0".equals(cursor) && !stop.getAsBoolean());
        if (seen.full()) {
          LOG.info("sampler: db " + db + ": the pass's duplicate filter (" + (seen.bytes() >> 10) + " KiB; "
              + (SeenKeys.MAX_BYTES >> 20) + " MiB at most, " + (SeenKeys.BUDGET_BYTES >> 20)
              + " MiB for all the walks under way) was full after "
              + seen.recorded() + " keys: a key SCAN returned twice after that (only where a table shrinks"
              + " mid-walk) was counted twice");
        }
      } catch (PassAbandoned.DatabaseRefused refused) {
        counters.databaseRefused(refused.db(), refused.getMessage());
        continue; // the other databases are read as usual
      }
      counters.databaseRead(db);
      keysRead += first.keysPerDb().getOrDefault(db, 0L);
      if (!"0".equals(cursor)) {
        partial = true;
        break;
      }
    }
    long end = clock.nanoTime();
    double ratio = throttle.redisTimeRatio(end);
    counters.redisTimeRatio = ratio;
    counters.longestCallNanos = throttle.longestCallNanos();
    // a sampled pass is calibrated against the dataset's size as Redis reports it now, at the pass's end
    Optional<DatasetSize> dataset = Optional.empty();
    // a pass that spanned a restart read two keyspaces (a SCAN cursor means nothing to the new process): dropped
    ServerView now = sameRun(first, retries.call(reader::serverState));
    if (!estimator.exact() && !partial) {
      dataset = Optional.of(new DatasetSize(now.datasetBytes(),
          now.keysPerDb().values().stream().mapToLong(Long::longValue).sum()));
    }
    counters.passForbidden(forbidden, !estimator.exact());
    counters.passNotOwned(notOwned);
    PassResult result = pass.finish(Instant.now(), Duration.ofNanos(end - start), vanished, ratio, dataset);
    if (!partial) {
      counters.progress = 1.0;
    }
    counters.state = "idle";
    LOG.fine(() -> "sampler pass done: " + pass.keys() + " keys in "
        + DurationText.format(Duration.ofNanos(end - start))
        + " since " + startedAt);
    return new SinglePass(result, partial);
  }

  /**
   * Redis's dataset figures for the share of the keyspace an early estimate stands for: {@code keys} of the keys
   * INFO keyspace counted as the pass began (the databases read and the one being read), applied to its figures
   * {@code now}.
   */
  private static Optional<DatasetSize> covered(ServerView first, ServerView now, long keys) {
    long atStart = first.keysPerDb().values().stream().mapToLong(Long::longValue).sum();
    long all = now.keysPerDb().values().stream().mapToLong(Long::longValue).sum();
    if (now.datasetBytes() <= 0 || atStart <= 0) {
      return Optional.empty();
    }
    double share = Math.min(1.0, (double) keys / atStart);
    return Optional.of(new DatasetSize(Math.round(now.datasetBytes() * share), Math.round(all * share)));
  }

  /** {@code now}, unless it is another run of the server than the pass started on: then the pass is abandoned. */
  private static ServerView sameRun(ServerView first, ServerView now) throws PassAbandoned {
    if (first.restartedAs(now)) {
      throw new PassAbandoned(new SamplingException(SamplingException.Reason.CONNECTION, "Redis restarted during "
          + "the pass (its run_id changed): the keys seen before and after are of two runs; the next pass starts "
          + "over", null));
    }
    return now;
  }

  private ServerView waitWhileLoading(ServerView server) throws InterruptedException, PassAbandoned {
    while (server.loading() && !stop.getAsBoolean()) {
      counters.state = "waiting_loading";
      clock.sleep(LOADING_POLL_NANOS);
      server = retries.call(reader::serverState);
    }
    return server;
  }
}
