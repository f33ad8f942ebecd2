package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an exact pass makes of a handful of keys whose every fact is known, without Redis. */
class PassAggregatorTest {

  private static KeyFacts key(String name, String type, String encoding, long bytes, long ttlMillis, long length) {
    return new KeyFacts(name.getBytes(StandardCharsets.UTF_8), type, encoding, bytes, ttlMillis, length, null, null);
  }

  private static PassResult exact(List<KeyFacts> keys) {
    PassAggregator pass = new PassAggregator(SampledPassTest.settings(1), SampledPassTest.THRESHOLDS,
        new SavingsModel(7, 0), Estimator.forPass(1, 0));
    keys.forEach(k -> pass.add(0, k));
    return pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
  }

  private static long bucket(Histogram.Snapshot h, double upperBound) {
    int i = java.util.Arrays.binarySearch(h.upperBounds(), upperBound);
    assertThat(i).as("a bucket bound of %s", upperBound).isNotNegative();
    return h.counts()[i];
  }

  @Test
  void stringLengthsHaveTheirOwnHistogramInBytesAndElementCountsHoldNoString() {
    PassResult pass = exact(List.of(
        key("s:1", "string", "embstr", 56, 60_000, 10),
        key("s:2", "string", "raw", 160, 60_000, 100),
        key("s:3", "string", "raw", 5_200, 60_000, 5_000),
        key("s:4", "string", "int", 48, 60_000, 4),
        key("h:1", "hash", "listpack", 120, 60_000, 3),
        key("l:1", "list", "quicklist", 9_000, 60_000, 700)));

    Histogram.Snapshot strings = pass.stringLengths();
    assertThat(strings.upperBounds()).isEqualTo(Histogram.MEMORY_BOUNDS);
    assertThat(strings.count()).isEqualTo(4);
    assertThat(strings.sum()).isEqualTo(10 + 100 + 5_000 + 4);
    assertThat(bucket(strings, 64)).isEqualTo(2);
    assertThat(bucket(strings, 256)).isEqualTo(1);
    assertThat(bucket(strings, 16_384)).isEqualTo(1);

    assertThat(pass.elementHistograms()).containsOnlyKeys(DataType.HASH, DataType.LIST);
    assertThat(pass.elementHistograms().get(DataType.HASH).sum()).isEqualTo(3);
    assertThat(pass.elementHistograms().get(DataType.LIST).sum()).isEqualTo(700);
    // key sizes keep every type, strings included
    assertThat(pass.memoryHistograms().get(DataType.STRING).count()).isEqualTo(4);
  }

  @Test
  void withoutStringsTheStringHistogramIsEmptyNotAbsent() {
    PassResult pass = exact(List.of(key("h:1", "hash", "listpack", 120, 60_000, 3)));
    assertThat(pass.stringLengths().count()).isZero();
    assertThat(pass.stringLengths().counts()).containsOnly(0L);
    assertThat(pass.stringLengths().upperBounds()).isEqualTo(Histogram.STRING_LENGTH_BOUNDS);
  }

  @Test
  void keysWithoutTtlAreReportedWithTheirMemoryAndNoSaving() {
    PassResult pass = exact(List.of(
        key("a:1", "string", "raw", 1_000, -1, 900),
        key("a:2", "hash", "listpack", 300, -1, 4),
        key("a:3", "string", "raw", 5_000, 60_000, 4_900)));
    PassResult.FindingGroup noTtl = pass.findings().stream().filter(f -> f.finding() == Finding.NO_TTL)
        .findFirst().orElseThrow();
    assertThat(noTtl.keys()).isEqualTo(2);
    assertThat(noTtl.bytes()).isEqualTo(1_300);
    assertThat(noTtl.reclaimableBytes()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: fires {3}")
  @org.junit.jupiter.params.provider.CsvSource({
      // 27-byte names (32 of 72 bytes): shortening the 21-byte prefix to 4 frees 16 bytes a key
      "session:user:profile:, 150, 72, true",
      // the same names in keys of 1 KiB: the names are 3% of the memory
      "session:user:profile:, 150, 1024, false",
      // a 2-byte prefix: nothing to shorten
      "u:, 150, 72, false",
      // too few keys to judge
      "session:user:profile:, 99, 72, false"})
  void longKeyNamesFireOnAPrefixWhoseNamesAreAFifthOfItsMemory(String prefix, int keys, long bytes,
      boolean fires) {
    List<KeyFacts> facts = new java.util.ArrayList<>();
    for (int i = 0; i < keys; i++) {
      facts.add(key(prefix + (100_000 + i), "string", "int", bytes, -1, 2));
    }
    Optional<PassResult.FindingGroup> group = exact(facts).findings().stream()
        .filter(f -> f.finding() == Finding.LONG_KEY_NAMES).findFirst();
    assertThat(group.isPresent()).isEqualTo(fires);
    group.ifPresent(g -> {
      assertThat(g.keys()).isEqualTo(keys);
      assertThat(g.reclaimableBytes()).isEqualTo(16.0 * keys);
      assertThat(g.examples()).isNotEmpty();
    });
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
      "text of 2 KiB, 2048, true, true",
      "JSON of 2 KiB, 2048, false, true",
      "random bytes of 2 KiB, 2048, false, false",
      "text of 900 bytes, 900, true, false"})
  void compressibleStringsAreJudgedOnTheSampleAndJsonStillOnItsFirst64Bytes(String name, int length,
      boolean text, boolean fires) {
    byte[] value = new byte[length];
    if (name.startsWith("random")) {
      new java.util.Random(3).nextBytes(value);
    } else {
      String unit = name.startsWith("JSON") ? "{\"name\":\"order\",\"qty\":3}," : "the order shipped today ";
      byte[] pattern = (name.startsWith("JSON") ? "[" + unit.repeat(200) : unit.repeat(200))
          .getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(pattern, 0, value, 0, length);
    }
    byte[] sample = java.util.Arrays.copyOf(value, Math.min(length, length >= 1024 ? 4096 : 64));
    PassResult pass = exact(List.of(new KeyFacts("doc:1".getBytes(StandardCharsets.UTF_8), "string", "raw",
        length + 40, -1, length, sample, null)));
    assertThat(pass.findings().stream().anyMatch(f -> f.finding() == Finding.COMPRESSIBLE_STRINGS)).isEqualTo(fires);
    assertThat(pass.findings().stream().anyMatch(f -> f.finding() == Finding.STRING_JSON_BLOB))
        .isEqualTo(name.startsWith("JSON"));
  }
}
