package io.github.redismem.config;

import java.util.Optional;
import java.nio.file.Path;

/** The whole configuration, built at once and never changed: a reload would build a new one. */
public record ExporterConfig(RedisSettings redis, WebSettings web, LogSettings log, SamplingSettings sampling,
    ThresholdSettings thresholds, Optional<Path> configFile, AllocatorSettings allocator,
    InstanceFindingSettings instanceFindings) {}
