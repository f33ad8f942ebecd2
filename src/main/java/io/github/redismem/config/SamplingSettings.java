package io.github.redismem.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** How the background key sampler walks the keyspace and how hard it may press on Redis. */
public record SamplingSettings(boolean enabled, Duration interval, long maxKeysPerSecond, double maxRedisTimeRatio,
    double sampleRatio, int memoryUsageSamples, int topKeys, String prefixDelimiters, int prefixDepth,
    List<Pattern> prefixPatterns, int maxPrefixes, long bigKeyBytes, int smallStringsMinKeys, boolean onPrimary,
    int maxBatchKeys, boolean luaScripts) {}
