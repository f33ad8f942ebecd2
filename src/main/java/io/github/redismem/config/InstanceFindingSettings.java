package io.github.redismem.config;

import java.time.Duration;

/**
 * The thresholds of the instance findings ({@code instanceFindings.*}): when each fires and how its suggested
 * values are derived. docs/configuration.md explains each one.
 */
public record InstanceFindingSettings(double fragmentationRatio, long fragmentationMinBytes,
    double restartFragmentationRatio, Duration restartMinUptime, double swapRatio, long swapMinBytes,
    double maxmemoryHeadroom, double cacheExpiringShare, double overheadShare, long overheadMinKeys,
    long clientBufferBytes, double noTtlExpiringShare, long noTtlMinKeys, long listCompressionMinBytes,
    long scriptCacheBytes, long scriptCacheCount) {

  /** The defaults of {@link Setting#ALL}, for code and tests that do not load a configuration. */
  public static final InstanceFindingSettings DEFAULTS = new InstanceFindingSettings(1.5, 100L << 20, 2.0,
      Duration.ofDays(7), 0.9, 10L << 20, 0.25, 0.5, 0.5, 100_000, 10L << 20, 0.1, 1000, 64L << 20, 10L << 20,
      1000);
}
