package io.github.redismem.analysis;

import io.github.redismem.redis.SamplingException;

/**
 * A pass given up on after {@link Retries#MAX_CONSECUTIVE_FAILURES} failed reader calls in a row; the message
 * starts with the last failure's reason. The previous result stays published.
 */
class PassAbandoned extends Exception {
  private final SamplingException.Reason reason;

  PassAbandoned(SamplingException last) {
    super(last.reason().label() + ": " + last.getMessage(), last);
    this.reason = last.reason();
  }

  /** SELECT of one database refused for good: the pass goes on without it (not retried). */
  static final class DatabaseRefused extends PassAbandoned {
    private final int db;

    DatabaseRefused(SamplingException refused) {
      super(refused);
      this.db = refused.refusedDatabase();
    }

    int db() {
      return db;
    }
  }

  /** A command no pass can do without (SCAN) refused for good: the sampler is off until it is permitted. */
  static final class SamplerRefused extends PassAbandoned {
    SamplerRefused(SamplingException refused) {
      super(refused);
    }
  }

  SamplingException.Reason reason() {
    return reason;
  }
}
