package io.github.redismem.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Reads the allocator's statistics every {@code interval} on a thread of its own and hands out the latest read:
 * a caching decorator, so scrapes and report pages never send MEMORY MALLOC-STATS themselves. Owns its executor.
 */
public final class ScheduledAllocatorReads implements AllocatorReader {
  private static final Logger LOG = Logger.getLogger(ScheduledAllocatorReads.class.getName());

  static final Duration FIRST_READ_DELAY = Duration.ofSeconds(5);

  private final AllocatorReader reader;
  private final Duration interval;
  private final AtomicReference<AllocatorStats> latest =
      new AtomicReference<>(AllocatorStats.none("not read yet (allocator.interval)"));
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "allocator-stats");
    t.setDaemon(true);
    return t;
  });
  /** The problem last logged; a value no read gives at first, so the first read is always logged. */
  private volatile Optional<String> loggedProblem = Optional.of("");

  public ScheduledAllocatorReads(AllocatorReader reader, Duration interval) {
    this.reader = reader;
    this.interval = interval;
  }

  /**
   * Reads after {@link #FIRST_READ_DELAY} (or the interval, if shorter), then every interval: the first read
   * stays out of the way of start-up, when the scrape reader connects and the JVM is still cold.
   */
  public ScheduledAllocatorReads start() {
    long every = interval.toMillis();
    executor.scheduleWithFixedDelay(this::refresh, Math.min(every, FIRST_READ_DELAY.toMillis()), every,
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads once, now, on the caller's thread; for tests and one-shot commands. */
  public AllocatorStats refresh() {
    AllocatorStats stats = readSafely();
    latest.set(stats);
    Optional<String> problem = stats.unavailable();
    if (!problem.equals(loggedProblem)) {
      problem.ifPresentOrElse(p -> LOG.warning("allocator statistics unavailable: " + p),
          () -> LOG.info("allocator statistics read (MEMORY MALLOC-STATS, " + stats.replyBytes() + " bytes in "
              + stats.took().toMillis() + " ms)"));
      loggedProblem = problem;
    }
    return stats;
  }

  private AllocatorStats readSafely() {
    try {
      return reader.read();
    } catch (RuntimeException e) {
      // the reader promises not to throw; a bug there must not end the schedule
      return AllocatorStats.none("reading failed: " + e);
    }
  }

  @Override
  public AllocatorStats read() {
    return latest.get();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    reader.close();
  }
}
