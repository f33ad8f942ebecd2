package io.github.redismem.analysis;

import io.github.redismem.redis.SamplingException;
import java.util.logging.Logger;

/**
 * Runs a pass's reader calls: a failure is counted by its reason and the call tried again after a growing pause;
 * after {@link #MAX_CONSECUTIVE_FAILURES} failures in a row the pass is abandoned with the last one's reason.
 */
final class Retries {
  private static final Logger LOG = Logger.getLogger(Retries.class.getName());
  static final int MAX_CONSECUTIVE_FAILURES = 5;

  private final SamplerCounters counters;
  private final PassClock clock;

  Retries(SamplerCounters counters, PassClock clock) {
    this.counters = counters;
    this.clock = clock;
  }

  /** A reader call, retried with growing pauses (1 s, 2 s, 4 s, 8 s). */
  <T> T call(ReaderCall<T> call) throws InterruptedException, PassAbandoned {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (SamplingException e) {
        if (e.samplerRefused()) {
          throw new PassAbandoned.SamplerRefused(e); // no pass can run until it is permitted
        }
        if (e.refusedDatabase() >= 0) {
          throw new PassAbandoned.DatabaseRefused(e); // will not change by retrying: the pass skips the database
        }
        counters.failed(e);
        if (attempt >= MAX_CONSECUTIVE_FAILURES) {
          throw new PassAbandoned(e);
        }
        LOG.fine("sampler batch failed (" + e.reason().label() + "): " + e.getMessage());
        clock.sleep(pause(attempt));
      }
    }
  }

  /** A failure dealt with elsewhere (a step sent ahead, run again at once): counted only. */
  void counted(SamplingException e) {
    counters.failed(e);
  }

  /** The pause after the {@code attempt}th failure in a row, in nanoseconds. */
  static long pause(int attempt) {
    return Math.min(30_000, 500L << attempt) * 1_000_000;
  }

  /** A call of the reader that may fail. */
  @FunctionalInterface
  interface ReaderCall<T> {
    T run() throws SamplingException;
  }
}
