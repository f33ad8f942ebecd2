package io.github.redismem.analysis;

/**
 * Time as a pass reads it and waits it out: the throttle's pauses, the retries' back-off, the wait while Redis
 * loads. The system clock in production; a test's clock that moves only when slept on, so that a pass's pacing is
 * checked in milliseconds.
 */
interface PassClock {
  PassClock SYSTEM = new PassClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    }
  };

  long nanoTime();

  /** Waits {@code nanos} (nothing when it is 0 or less). */
  void sleep(long nanos) throws InterruptedException;
}
