package io.github.redismem.analysis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import java.time.Duration;

/** For tests outside the package: the inspection options a pass gives its script calls (SamplePass). */
public final class PassCalls {
  private PassCalls() {}

  /** At {@code bound} (sampling.maxRedisTimePerCall), MEMORY USAGE's default samples and set-max-intset-entries. */
  public static InspectOptions options(Duration bound) {
    return new InspectOptions(5, WhatIfs.CAP_FACTOR * 512L,
        new CallSizer(bound.toNanos(), 500).scriptBudgetMicros(), CallSizer.bigFromElements(5));
  }
}
