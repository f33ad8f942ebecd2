package io.github.redismem.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the background key sampler walks the keyspace, how hard it may press on Redis, how it shows key names
 * ({@link KeyNameSettings}), and which node it reads ({@link ReadFrom}).
 *
 * @param maxRedisTimePerCall the longest one inspection script call may keep Redis busy: the script stops within
 *     it and leaves the keys it did not reach to calls of their own (pipelined commands: SCAN's count only).
 *     {@link Duration#ZERO}: no bound, one call per batch of {@code maxBatchKeys}
 * @param source where the keys come from: SCAN, or the RDB snapshot ({@code sampling.source}, {@code rdbFile})
 */
public record SamplingSettings(boolean enabled, Duration interval, long maxKeysPerSecond, double maxRedisTimeRatio,
    double sampleRatio, int memoryUsageSamples, int topKeys, String prefixDelimiters, int prefixDepth,
    List<Pattern> prefixPatterns, int maxPrefixes, long bigKeyBytes, int smallStringsMinKeys, boolean onPrimary,
    int maxBatchKeys, boolean luaScripts, KeyNameSettings keyNames, ReadFrom readFrom, Duration maxRedisTimePerCall,
    SampleSource source) {
  public SamplingSettings withEnabled(boolean value) {
    return new SamplingSettings(value, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio, memoryUsageSamples,
        topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys,
        onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withInterval(Duration value) {
    return new SamplingSettings(enabled, value, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio, memoryUsageSamples,
        topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys,
        onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMaxKeysPerSecond(long value) {
    return new SamplingSettings(enabled, interval, value, maxRedisTimeRatio, sampleRatio, memoryUsageSamples, topKeys,
        prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys, onPrimary,
        maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMaxRedisTimeRatio(double value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, value, sampleRatio, memoryUsageSamples, topKeys,
        prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys, onPrimary,
        maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withSampleRatio(double value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, value, memoryUsageSamples,
        topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys,
        onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMemoryUsageSamples(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio, value, topKeys,
        prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, smallStringsMinKeys, onPrimary,
        maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withTopKeys(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, value, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withPrefixDelimiters(String value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, value, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withPrefixDepth(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, value, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withPrefixPatterns(List<Pattern> value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, value, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMaxPrefixes(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, value, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withBigKeyBytes(long value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, value,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withSmallStringsMinKeys(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes, value,
        onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withOnPrimary(boolean value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, value, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMaxBatchKeys(int value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, value, luaScripts, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withLuaScripts(boolean value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, value, keyNames, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withKeyNames(KeyNameSettings value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, value, readFrom, maxRedisTimePerCall, source);
  }

  public SamplingSettings withReadFrom(ReadFrom value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, value, maxRedisTimePerCall, source);
  }

  public SamplingSettings withMaxRedisTimePerCall(Duration value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, value, source);
  }

  public SamplingSettings withSource(SampleSource value) {
    return new SamplingSettings(enabled, interval, maxKeysPerSecond, maxRedisTimeRatio, sampleRatio,
        memoryUsageSamples, topKeys, prefixDelimiters, prefixDepth, prefixPatterns, maxPrefixes, bigKeyBytes,
        smallStringsMinKeys, onPrimary, maxBatchKeys, luaScripts, keyNames, readFrom, maxRedisTimePerCall, value);
  }
}
