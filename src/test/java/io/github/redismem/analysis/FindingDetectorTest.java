package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each key-by-key finding at, just below and just above its threshold, with Redis 7.2's defaults
 * ({@link Passes#THRESHOLDS_7_2}) and big keys over 1,000,000 bytes.
 */
class FindingDetectorTest {
  private static final long BIG = 1_000_000;

  private static Map<Finding, Long> detect(Thresholds thresholds, KeyFacts k) {
    Map<Finding, Long> out = new EnumMap<>(Finding.class);
    new FindingDetector(thresholds, new SavingsModel(7, 2), BIG).detect(k, DataType.of(k.type()), out::put);
    return out;
  }

  private static KeyFacts facts(String type, String encoding, long bytes, long ttl, long length, String head,
      Boolean integers) {
    return new KeyFacts("k:1".getBytes(StandardCharsets.UTF_8), type, encoding, bytes, ttl, length,
        head == null ? null : head.getBytes(StandardCharsets.UTF_8), integers);
  }

  @ParameterizedTest(name = "{0} {1} of {2} elements: {3}")
  @CsvSource({
      // hash-max-listpack-entries 512: a hashtable hash of up to 512 fields could be a listpack
      "hash, hashtable, 511, true",
      "hash, hashtable, 512, true",
      "hash, hashtable, 513, false",
      "hash, listpack, 10, false",
      // zset-max-listpack-entries 128: skiplists up to twice the limit are near it
      "zset, skiplist, 255, true",
      "zset, skiplist, 256, true",
      "zset, skiplist, 257, false",
      "zset, listpack, 10, false",
      // set-max-listpack-entries 128 (non-integer members)
      "set, hashtable, 127, true",
      "set, hashtable, 128, true",
      "set, hashtable, 129, false",
      "set, listpack, 10, false",
      "set, intset, 10, false"})
  void encodingFindingsFireUpToTheirLimit(String type, String encoding, long length, boolean fires) {
    Finding finding = switch (type) {
      case "hash" -> Finding.HASH_HASHTABLE_UNDER_LIMIT;
      case "zset" -> Finding.ZSET_SKIPLIST_NEAR_LIMIT;
      default -> Finding.SET_HASHTABLE_UNDER_LIMIT;
    };
    Map<Finding, Long> found = detect(Passes.THRESHOLDS_7_2, facts(type, encoding, 50_000, 1000, length, null,
        false));
    assertThat(found.containsKey(finding)).isEqualTo(fires);
    if (fires) {
      assertThat(found.get(finding)).as("saving").isPositive().isLessThanOrEqualTo(50_000);
    }
  }

  @ParameterizedTest(name = "{0} members, integers {1}, listpack sets {2}: {3}")
  @CsvSource({
      // set-max-intset-entries 512 applies to integer members, on every version
      "511, true, false, true",
      "512, true, false, true",
      "513, true, false, false",
      // before 7.2 (set-max-listpack-entries 0) a set of strings has no compact encoding
      "10, false, false, false",
      "10, false, true, true",
      // integer members over the intset limit and the listpack one
      "513, true, true, false",
      // an unprobed set (null) is not taken for integers
      "200, , false, false"})
  void setsCompareWithTheIntsetLimitOnlyWhenEveryMemberIsAnInteger(long members, Boolean integers,
      boolean listpackSets, boolean fires) {
    Thresholds t = listpackSets ? Passes.THRESHOLDS_7_2 : Passes.THRESHOLDS_7_0;
    assertThat(detect(t, facts("set", "hashtable", 30_000, 1000, members, null, integers))
        .containsKey(Finding.SET_HASHTABLE_UNDER_LIMIT)).isEqualTo(fires);
  }

  @ParameterizedTest(name = "{0} bytes: big {1}")
  @CsvSource({"999999, false", "1000000, false", "1000001, true"})
  void bigKeysAreOverTheThresholdAndFreeNothing(long bytes, boolean big) {
    Map<Finding, Long> found = detect(Passes.THRESHOLDS_7_2, facts("list", "quicklist", bytes, 1000, 10, null,
        null));
    assertThat(found.containsKey(Finding.BIG_KEY)).isEqualTo(big);
    if (big) {
      assertThat(found.get(Finding.BIG_KEY)).isZero();
    }
  }

  @ParameterizedTest(name = "TTL {0}: no_ttl {1}")
  @CsvSource({"-1, true", "-2, false", "0, false", "1, false", "86400000, false"})
  void onlyAKeyWithoutTtlIsNoTtl(long ttl, boolean noTtl) {
    Map<Finding, Long> found = detect(Passes.THRESHOLDS_7_2, facts("hash", "listpack", 500, ttl, 3, null, null));
    assertThat(found.containsKey(Finding.NO_TTL)).isEqualTo(noTtl);
    if (noTtl) {
      assertThat(found.get(Finding.NO_TTL)).isZero();
    }
  }

  @ParameterizedTest(name = "{0} string {1}: JSON {2}")
  @CsvSource(delimiter = '|', value = {
      "raw    | '{\"a\":1,\"b\":\"xyz\",\"c\":3}' | true",
      "raw    | '  \n[1,2,3]'                     | true",
      "raw    | 'plain text'                     | false",
      "embstr | '{\"a\":1}'                       | false",
      "raw    | ''                               | false"})
  void jsonBlobsAreRawStringsStartingAnObjectOrArray(String encoding, String head, boolean json) {
    String text = head.replace("\\n", "\n");
    Map<Finding, Long> found = detect(Passes.THRESHOLDS_7_2, facts("string", encoding.strip(), 900, 1000, 800, text,
        null));
    assertThat(found.containsKey(Finding.STRING_JSON_BLOB)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0} of length {1}: small {2}")
  @CsvSource({
      // hash-max-listpack-value 64: a value that fits one listpack field
      "string, 63, true", "string, 64, true", "string, 65, false", "string, 0, true", "string, -1, false",
      "hash, 10, false"})
  void smallStringsFitOneListpackValue(String type, long length, boolean small) {
    FindingDetector d = new FindingDetector(Passes.THRESHOLDS_7_2, new SavingsModel(7, 2), BIG);
    assertThat(d.smallString(facts(type, "embstr", 80, -1, length, null, null), DataType.of(type)))
        .isEqualTo(small);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'{' | true", "'[' | true", "' \t\r\n{' | true", "'x{' | false",
      "'   ' | false", "'' | false"})
  void looksLikeJsonSkipsLeadingBlanks(String head, boolean json) {
    assertThat(FindingDetector.looksLikeJson(head.replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n")
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(json);
  }

  @org.junit.jupiter.api.Test
  void noHeadIsNotJson() {
    assertThat(FindingDetector.looksLikeJson(null)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void moduleAndStreamKeysHaveOnlyTheTypeFreeFindings() {
    assertThat(detect(Passes.THRESHOLDS_7_2, facts("stream", "stream", 2_000_000, -1, 10, null, null)))
        .containsOnlyKeys(Finding.NO_TTL, Finding.BIG_KEY);
    assertThat(detect(Passes.THRESHOLDS_7_2, facts("ReJSON-RL", "unknown", 500, 1000, -1, null, null))).isEmpty();
  }
}
