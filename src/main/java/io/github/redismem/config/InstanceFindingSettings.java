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
  public static final InstanceFindingSettings DEFAULTS = ConfigLoader.defaults().instanceFindings();

  public InstanceFindingSettings withFragmentationRatio(double value) {
    return new InstanceFindingSettings(value, fragmentationMinBytes, restartFragmentationRatio, restartMinUptime,
        swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withFragmentationMinBytes(long value) {
    return new InstanceFindingSettings(fragmentationRatio, value, restartFragmentationRatio, restartMinUptime,
        swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withRestartFragmentationRatio(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, value, restartMinUptime, swapRatio,
        swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys, clientBufferBytes,
        noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes, scriptCacheCount);
  }

  public InstanceFindingSettings withRestartMinUptime(Duration value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio, value,
        swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withSwapRatio(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, value, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withSwapMinBytes(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, value, maxmemoryHeadroom, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withMaxmemoryHeadroom(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, value, cacheExpiringShare, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withCacheExpiringShare(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, value, overheadShare, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withOverheadShare(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, value, overheadMinKeys,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withOverheadMinKeys(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare, value,
        clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withClientBufferBytes(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, value, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withNoTtlExpiringShare(double value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, clientBufferBytes, value, noTtlMinKeys, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withNoTtlMinKeys(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, clientBufferBytes, noTtlExpiringShare, value, listCompressionMinBytes, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withListCompressionMinBytes(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, value, scriptCacheBytes,
        scriptCacheCount);
  }

  public InstanceFindingSettings withScriptCacheBytes(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes, value,
        scriptCacheCount);
  }

  public InstanceFindingSettings withScriptCacheCount(long value) {
    return new InstanceFindingSettings(fragmentationRatio, fragmentationMinBytes, restartFragmentationRatio,
        restartMinUptime, swapRatio, swapMinBytes, maxmemoryHeadroom, cacheExpiringShare, overheadShare,
        overheadMinKeys, clientBufferBytes, noTtlExpiringShare, noTtlMinKeys, listCompressionMinBytes,
        scriptCacheBytes, value);
  }
}
