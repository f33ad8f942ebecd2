package io.github.redismem.config;

import java.util.Optional;
import java.nio.file.Path;

/** The whole configuration, built at once and never changed: a reload would build a new one. */
public record ExporterConfig(RedisSettings redis, WebSettings web, LogSettings log, SamplingSettings sampling,
    ThresholdSettings thresholds, Optional<Path> configFile, AllocatorSettings allocator,
    InstanceFindingSettings instanceFindings) {
  public ExporterConfig withRedis(RedisSettings value) {
    return new ExporterConfig(value, web, log, sampling, thresholds, configFile, allocator, instanceFindings);
  }

  public ExporterConfig withWeb(WebSettings value) {
    return new ExporterConfig(redis, value, log, sampling, thresholds, configFile, allocator, instanceFindings);
  }

  public ExporterConfig withLog(LogSettings value) {
    return new ExporterConfig(redis, web, value, sampling, thresholds, configFile, allocator, instanceFindings);
  }

  public ExporterConfig withSampling(SamplingSettings value) {
    return new ExporterConfig(redis, web, log, value, thresholds, configFile, allocator, instanceFindings);
  }

  public ExporterConfig withThresholds(ThresholdSettings value) {
    return new ExporterConfig(redis, web, log, sampling, value, configFile, allocator, instanceFindings);
  }

  public ExporterConfig withConfigFile(Optional<Path> value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, value, allocator, instanceFindings);
  }

  public ExporterConfig withAllocator(AllocatorSettings value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, configFile, value, instanceFindings);
  }

  public ExporterConfig withInstanceFindings(InstanceFindingSettings value) {
    return new ExporterConfig(redis, web, log, sampling, thresholds, configFile, allocator, value);
  }
}
