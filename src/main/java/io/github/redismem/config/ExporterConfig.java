package io.github.redismem.config;

import java.util.List;
import java.util.Optional;
import java.nio.file.Path;

/**
 * The whole configuration, built at once and never changed: a reload would build a new one. {@code redis} and
 * {@code sampling} describe the Redis of /metrics; {@code targets} the further ones of /scrape.
 */
public record ExporterConfig(RedisSettings redis, WebSettings web, LogSettings log, SamplingSettings sampling,
    ThresholdSettings thresholds, Optional<Path> configFile, AllocatorSettings allocator,
    InstanceFindingSettings instanceFindings, List<TargetSettings> targets) {
  public ExporterConfig withRedis(RedisSettings value) {
    return new ExporterConfig(value, web, log, sampling, thresholds, configFile, allocator, instanceFindings, targets);
  }

  public ExporterConfig withWeb(WebSettings value) {
    return new ExporterConfig(redis, value, log, sampling, thresholds, configFile, allocator, instanceFindings, targets);
  }

  public ExporterConfig withLog(LogSettings value) {
    return new ExporterConfig(redis, web, value, sampling, thresholds, configFile, allocator, instanceFindings, targets);
  }

  public ExporterConfig withSampling(SamplingSettings value) {
    return new ExporterConfig(redis, web, log, value, thresholds, configFile, allocator, instanceFindings, targets);
  }

  public ExporterConfig withThresholds(ThresholdSettings value) {
    return new ExporterConfig(redis, web, log, sampling, value, configFile, allocator, instanceFindings, targets);
  }

  public ExporterConfig withConfigFile(Optional<Path> value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, value, allocator, instanceFindings, targets);
  }

  public ExporterConfig withAllocator(AllocatorSettings value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, configFile, value, instanceFindings, targets);
  }

  public ExporterConfig withInstanceFindings(InstanceFindingSettings value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, configFile, allocator, value, targets);
  }

  public ExporterConfig withTargets(List<TargetSettings> value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, configFile, allocator, instanceFindings, value);
  }
}
