package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhatIfsTest {
  private static final Thresholds T70 = new Thresholds(128, 64, 128, 64, 512, 0, 0, true);
  private static final Thresholds T72 = new Thresholds(128, 64, 128, 64, 512, 128, 64, true);

  /** MEMORY USAGE of a 7.0 hashtable hash of {@code fields} fields and values of {@code length} bytes each. */
  static long hashMemory(long fields, int length) {
    long buckets = Long.highestOneBit(Math.max(4, fields - 1)) << 1;
    return 24 + SavingsModel.sdsAllocation(8) + 16 + 56 + 8 * buckets + 24 * fields
        + 2 * fields * SavingsModel.sdsAllocation(length);
  }

  static KeyFacts hash(String key, long fields, int length) {
    return new KeyFacts(key.getBytes(StandardCharsets.UTF_8), "hash", "hashtable", hashMemory(fields, length), -1,
        fields, null, null);
  }

  static KeyFacts set(long members, boolean integers) {
    return new KeyFacts("set:1234".getBytes(StandardCharsets.UTF_8), "set", "hashtable", hashMemory(members, 8) / 2,
        -1, members, null, integers);
  }

  private static WhatIfs collect(Thresholds t, SavingsModel m, List<KeyFacts> keys) {
    WhatIfs w = new WhatIfs(t, m);
    keys.forEach(k -> w.add(k, DataType.of(k.type())));
    return w;
  }

  private static ThresholdWhatIf only(List<ThresholdWhatIf> all, String setting) {
    return all.stream().filter(w -> w.setting().equals(setting)).findFirst().orElseThrow();
  }

  @Test
  void candidatesAreTwiceFourTimesAndThePercentilesOfTheKeysOver() {
    // one hash of each size 129..192: p90 is the 58th (186), p99 the 64th (192)
    List<KeyFacts> keys = LongStream.rangeClosed(129, 192).mapToObj(n -> hash("h:" + n, n, 10)).toList();
    ThresholdWhatIf w = only(collect(T70, new SavingsModel(7, 0), keys).finish(1), "hash-max-listpack-entries");
    assertThat(w.current()).isEqualTo(128);
    assertThat(w.keysOver()).isEqualTo(64);
    assertThat(w.keysBeyond()).isZero();
    assertThat(w.candidates()).extracting(ThresholdWhatIf.Candidate::value).containsExactly(186L, 192L, 256L, 512L);
    assertThat(w.candidates()).extracting(ThresholdWhatIf.Candidate::basis)
        .containsExactly("p90", "p99", "2x", "4x");
    assertThat(w.candidates()).extracting(ThresholdWhatIf.Candidate::keys).containsExactly(58.0, 64.0, 64.0, 64.0);
    SavingsModel m = new SavingsModel(7, 0);
    long all = keys.stream().mapToLong(k -> m.hashToListpack(k.memoryBytes(), k.length(), k.key().length)).sum();
    assertThat(w.candidates().get(3).reclaimableBytes()).isEqualTo(all).isPositive();
    assertThat(w.candidates().get(0).reclaimableBytes()).isLessThan(all);
    // a 10-byte field and a 10-byte value are 12 bytes each as listpack entries; the mean length comes from the
    // allocations (16 bytes each), which the model reads as about 8 bytes of text
    assertThat(w.candidates().get(2).maxCompactBytes()).isBetween(256L * 18, 256L * 26);
  }

  @Test
  void coincidingCandidatesAreOneRowAndKeysOverTheCapConvertAtNone() {
    // 99 hashes of 256 fields (so p90 = p99 = 2x) and one of 2,000 (over 8 x 128)
    List<KeyFacts> keys = new java.util.ArrayList<>(LongStream.range(0, 99).mapToObj(i -> hash("h:" + i, 256, 10))
        .toList());
    keys.add(hash("huge", 2000, 10));
    ThresholdWhatIf w = only(collect(T70, new SavingsModel(7, 0), keys).finish(1), "hash-max-listpack-entries");
    assertThat(w.keysOver()).isEqualTo(100);
    assertThat(w.keysBeyond()).isEqualTo(1);
    assertThat(w.candidates()).extracting(ThresholdWhatIf.Candidate::basis).containsExactly("2x,p90,p99", "4x");
    assertThat(w.candidates()).extracting(ThresholdWhatIf.Candidate::keys).containsExactly(99.0, 99.0);
  }

  @Test
  void elementsLongerThanTheValueLimitOnAverageConvertAtNoEntriesValue() {
    ThresholdWhatIf w = only(collect(T70, new SavingsModel(7, 0), List.of(hash("long", 200, 300), hash("ok", 200, 10)))
        .finish(1), "hash-max-listpack-entries");
    assertThat(w.keysOver()).isEqualTo(2);
    assertThat(w.keysBeyond()).isEqualTo(1);
    assertThat(w.candidates().get(0).keys()).isEqualTo(1);
  }

  @Test
  void keysWithinTheEntriesLimitAreHeldBackByTheValueLimit() {
    List<ThresholdWhatIf> all = collect(T70, new SavingsModel(7, 0), List.of(hash("h", 50, 100))).finish(1);
    ThresholdWhatIf w = only(all, "hash-max-listpack-value");
    assertThat(w.keysOver()).isEqualTo(1);
    assertThat(w.candidates()).isEmpty();
    assertThat(w.reclaimableAboveLongest()).isPositive();
    assertThat(all).extracting(ThresholdWhatIf::setting).doesNotContain("hash-max-listpack-entries");
  }

  @ParameterizedTest(name = "{0}.{1}, integers {2}: {3}")
  @CsvSource({
      "6, 2, true,  set-max-intset-entries",
      "7, 0, true,  set-max-intset-entries",
      "7, 0, false, ''",
      "7, 2, false, set-max-listpack-entries",
      "7, 2, true,  set-max-intset-entries"})
  void setsGoToTheThresholdOfTheirCompactEncoding(int major, int minor, boolean integers, String setting) {
    Thresholds t = major == 7 && minor >= 2 ? T72 : T70;
    List<ThresholdWhatIf> all = collect(t, new SavingsModel(major, minor), List.of(set(600, integers))).finish(1);
    assertThat(all).extracting(ThresholdWhatIf::setting)
        .containsExactlyElementsOf(setting.isEmpty() ? List.of() : List.of(setting));
  }

  @Test
  void settingsAreNamedAsTheVersionNamesThem() {
    List<KeyFacts> keys = List.of(hash("h", 200, 10), new KeyFacts("z".getBytes(StandardCharsets.UTF_8), "zset",
        "skiplist", 20_000, -1, 200, null, null));
    assertThat(collect(T70, new SavingsModel(6, 2), keys).finish(1)).extracting(ThresholdWhatIf::setting)
        .containsExactly("hash-max-ziplist-entries", "zset-max-ziplist-entries");
    assertThat(collect(T70, new SavingsModel(7, 0), keys).finish(1)).extracting(ThresholdWhatIf::setting)
        .containsExactly("hash-max-listpack-entries", "zset-max-listpack-entries");
  }

  @Test
  void aSampledPassScalesKeysAndBytes() {
    List<KeyFacts> keys = List.of(hash("a", 200, 10), hash("b", 300, 10));
    ThresholdWhatIf once = collect(T70, new SavingsModel(7, 0), keys).finish(1).get(0);
    ThresholdWhatIf scaled = collect(T70, new SavingsModel(7, 0), keys).finish(4).get(0);
    assertThat(scaled.keysOver()).isEqualTo(4 * once.keysOver());
    assertThat(scaled.candidates().get(0).reclaimableBytes()).isEqualTo(4 * once.candidates().get(0)
        .reclaimableBytes());
  }

  @Test
  void compactKeysAndKeysUnderTheLimitsGiveNoWhatIf() {
    List<KeyFacts> keys = List.of(new KeyFacts("h".getBytes(StandardCharsets.UTF_8), "hash", "listpack", 500, -1,
        20, null, null), new KeyFacts("s".getBytes(StandardCharsets.UTF_8), "string", "raw", 500, -1, 400, null,
        null));
    assertThat(collect(T70, new SavingsModel(7, 0), keys).finish(1)).isEmpty();
  }
}
