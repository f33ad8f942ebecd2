package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.redis.ScanPage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How a pass takes its next step through a database: every key in one call, every key with the next call sent
 * before this one is counted, or a share of the keys chosen by hash. Chosen once per pass ({@link #forPass}).
 */
abstract sealed class BatchSteps {
  final KeyspaceReader reader;
  final Retries retries;
  final Throttle throttle;
  final InspectOptions options;
  final PassClock clock;
  final int maxBatchKeys;

  private BatchSteps(Parts p) {
    this.reader = p.reader();
    this.retries = p.retries();
    this.throttle = p.throttle();
    this.options = p.options();
    this.clock = p.clock();
    this.maxBatchKeys = p.maxBatchKeys();
  }

  /** What every kind of step works with. */
  record Parts(KeyspaceReader reader, Retries retries, Throttle throttle, InspectOptions options, PassClock clock,
      int maxBatchKeys) {}

  /**
   * The steps of a pass at {@code sampleRatio}: overlapped where the throttle paces nothing (see
   * {@link Throttle#sendsAhead()}), since a step sent ahead cannot be paused before.
   *
   * @param pass the pass's aggregator: a sampled step counts every name SCAN returns in its prefix
   * @param stopping whether the pass is ending, so that no step is sent ahead for nothing
   */
  static BatchSteps forPass(Parts parts, double sampleRatio, PassAggregator pass, BooleanSupplier stopping) {
    if (sampleRatio < 1.0) {
      return new Sampled(parts, sampleRatio, pass);
    }
    return parts.throttle().sendsAhead() ? new Ahead(parts, stopping) : new Whole(parts);
  }

  /**
   * The step from {@code cursor} in {@code db}; its keys exclude those {@code seen} already in this walk (SCAN
   * may return a key twice while the table resizes: inspected again, counted once).
   *
   * @param bracket read Redis's CPU counter just before the step, for the throttle's calibration
   */
  abstract Batch next(int db, String cursor, SeenKeys seen, boolean bracket)
      throws InterruptedException, PassAbandoned;

  /** The step's keys not seen before in this walk, and what it cost Redis. */
  static Batch freshKeys(ScanInspection step, SeenKeys seen, long roundTrip, long cpuBefore) {
    Inspection inspection = step.inspection();
    List<KeyFacts> fresh = new ArrayList<>(inspection.keys().size());
    for (KeyFacts k : inspection.keys()) {
      if (seen.add(k.key())) {
        fresh.add(k);
      }
    }
    // keys of slots not owned are left uninspected (by the script only where its node serves them now: rare)
    return new Batch(step.cursor(), step.scanned(), step.scanned() - step.notOwned(), fresh, inspection.vanished(),
        Throttle.busyNanos(inspection.serverNanos(), step.scanned(), roundTrip), cpuBefore,
        inspection.forbidden().size(), step.notOwned());
  }

  /** Tells the throttle the step's longest script call (the bound's record: {@link CallSizer}). */
  final Batch measured(Batch batch, Inspection inspection) {
    throttle.measuredCall(inspection.longestCallNanos());
    return batch;
  }

  /** Every key: where scripts run, SCAN and the inspection are one call, timed by Redis itself. */
  static final class Whole extends BatchSteps {
    Whole(Parts parts) {
      super(parts);
    }

    @Override
    Batch next(int db, String cursor, SeenKeys seen, boolean bracket) throws InterruptedException, PassAbandoned {
      int count = throttle.batchKeys(maxBatchKeys, reader.keysPerCall());
      clock.sleep(throttle.beforeInspect(count, clock.nanoTime()));
      long cpuBefore = bracket ? retries.call(reader::redisCpuNanos) : -1;
      long t0 = clock.nanoTime();
      ScanInspection step = retries.call(() -> reader.scanAndInspect(db, cursor, count, options));
      return measured(freshKeys(step, seen, clock.nanoTime() - t0, cpuBefore), step.inspection());
    }
  }

  /**
   * Every key, nothing capped: the next step is sent before this one is returned, so the two overlap (Redis runs
   * the next script while the pass decodes and counts the last reply). Never bracketed: nothing is paced.
   */
  static final class Ahead extends BatchSteps {
    private final BooleanSupplier stopping;
    private Pending<ScanInspection> next;

    Ahead(Parts parts, BooleanSupplier stopping) {
      super(parts);
      this.stopping = stopping;
    }

    @Override
    Batch next(int db, String cursor, SeenKeys seen, boolean bracket) throws InterruptedException, PassAbandoned {
      int count = throttle.batchKeys(maxBatchKeys, reader.keysPerCall());
      Pending<ScanInspection> mine = next != null ? next : reader.sendScanAndInspect(db, cursor, count, options);
      long t0 = clock.nanoTime();
      ScanInspection step = await(mine, db, cursor, count);
      long waited = clock.nanoTime() - t0;
      next = step.finished() || stopping.getAsBoolean() ? null
          : reader.sendScanAndInspect(db, step.cursor(), count, options);
      return measured(freshKeys(step, seen, waited, -1), step.inspection());
    }

    /** A step sent ahead, awaited; a failure is counted and the step run again through the retries. */
    private ScanInspection await(Pending<ScanInspection> pending, int db, String cursor, int count)
        throws InterruptedException, PassAbandoned {
      try {
        return pending.await();
      } catch (SamplingException e) {
        retries.counted(e);
        return retries.call(() -> reader.scanAndInspect(db, cursor, count, options));
      }
    }
  }

  /**
   * A share of the keys, chosen by hash: SCAN, pick, then inspect only the picked ones. Every name SCAN returns
   * counts in its prefix, so that prefixes' key counts are exact and weight their inspected keys.
   */
  static final class Sampled extends BatchSteps {
    private final double sampleRatio;
    private final PassAggregator pass;

    Sampled(Parts parts, double sampleRatio, PassAggregator pass) {
      super(parts);
      this.sampleRatio = sampleRatio;
      this.pass = pass;
    }

    @Override
    Batch next(int db, String cursor, SeenKeys seen, boolean bracket) throws InterruptedException, PassAbandoned {
      int count = throttle.batchKeys(maxBatchKeys);
      // a key-rate pause between SCAN and the inspection falls inside the bracket: Redis's idle CPU over it is then
      // charged to the batch, which errs on the safe side
      long cpuBefore = bracket ? retries.call(reader::redisCpuNanos) : -1;
      long t0 = clock.nanoTime();
      ScanPage page = retries.call(() -> reader.scan(db, cursor, count));
      long scanNanos = clock.nanoTime() - t0;
      List<byte[]> selected = new ArrayList<>(page.keys().size());
      for (byte[] key : page.keys()) {
        pass.scanned(db, key);
        if (KeyHash.selected(key, sampleRatio) && seen.add(key)) {
          selected.add(key);
        }
      }
      clock.sleep(throttle.beforeInspect(selected.size(), clock.nanoTime()));
      long t1 = clock.nanoTime();
      Inspection inspection = selected.isEmpty() ? new Inspection(List.of(), 0)
          : retries.call(() -> reader.inspect(db, selected, options));
      long inspectNanos = clock.nanoTime() - t1;
      // a picked key the user may not read weighs like an inspected one of no category: the estimates are then of
      // the permitted keys (its prefix's names count it, the pick says how many of them are forbidden)
      inspection.forbidden().forEach(key -> pass.forbidden(db, key));
      long busy = scanNanos + (selected.isEmpty() ? 0
          : Throttle.busyNanos(inspection.serverNanos(), selected.size(), inspectNanos));
      Batch batch = new Batch(page.cursor(), page.keys().size() + page.notOwned(), selected.size(),
          inspection.keys(), inspection.vanished(), busy, cpuBefore, inspection.forbidden().size(), page.notOwned());
      // SCAN is a command of its own, bounded by its count; the script's calls are the inspection's
      measured(batch, inspection);
      return batch;
    }
  }
}
