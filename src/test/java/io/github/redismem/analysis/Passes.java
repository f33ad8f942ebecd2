package io.github.redismem.analysis;

import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the inputs of the aggregation unit tests in one place: sampling settings (the only place these tests
 * spell the settings record, so a change to it is one edit), thresholds, key facts, and an exact pass over them.
 */
final class Passes {
  /** Redis 7.0's defaults as CONFIG GET reports them: no listpack sets before 7.2. */
  static final Thresholds THRESHOLDS_7_0 = new Thresholds(512, 64, 128, 64, 512, 0, 0, true);
  /** Redis 7.2's defaults: sets of up to 128 short members are listpacks. */
  static final Thresholds THRESHOLDS_7_2 = new Thresholds(512, 64, 128, 64, 512, 128, 64, true);

  private Passes() {}

  /** The settings that matter to aggregation; everything else as the defaults. */
  static SamplingSettings settings(double ratio, int topKeys, String delimiters, int depth, List<Pattern> patterns,
      int maxPrefixes, long bigKeyBytes, int smallStringsMinKeys) {
    return ConfigLoader.defaults().sampling().withMaxRedisTimeRatio(1.0).withSampleRatio(ratio).withTopKeys(topKeys)
        .withPrefixDelimiters(delimiters).withPrefixDepth(depth).withPrefixPatterns(patterns)
        .withMaxPrefixes(maxPrefixes).withBigKeyBytes(bigKeyBytes).withSmallStringsMinKeys(smallStringsMinKeys);
  }

  /** Ratio 1, top 20, {@code :} at depth 1, 50 prefixes, big keys over 10 MiB, groupable small strings from 1000. */
  static SamplingSettings defaults() {
    return settings(1, 20, ":", 1, List.of(), 50, 10L << 20, 1000);
  }

  static KeyFacts key(String name, String type, String encoding, long bytes, long ttlMillis, long length) {
    return key(name.getBytes(StandardCharsets.UTF_8), type, encoding, bytes, ttlMillis, length);
  }

  static KeyFacts key(byte[] name, String type, String encoding, long bytes, long ttlMillis, long length) {
    return new KeyFacts(name, type, encoding, bytes, ttlMillis, length, null, null);
  }

  static PassAggregator aggregator(SamplingSettings settings, Thresholds thresholds) {
    return new PassAggregator(settings, thresholds, new SavingsModel(7, 2), Estimator.forPass(1, 0));
  }

  /** An exact pass over {@code keys}, all in database 0. */
  static PassResult exact(SamplingSettings settings, List<KeyFacts> keys) {
    PassAggregator pass = aggregator(settings, THRESHOLDS_7_2);
    keys.forEach(k -> pass.add(0, k));
    return pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
  }

  static PassResult exact(List<KeyFacts> keys) {
    return exact(defaults(), keys);
  }

  static Optional<PassResult.FindingGroup> finding(PassResult pass, Finding finding) {
    return pass.findings().stream().filter(f -> f.finding() == finding).findFirst();
  }
}
