package io.github.redismem.analysis;

import static io.github.redismem.analysis.Passes.exact;
import static io.github.redismem.analysis.Passes.finding;
import static io.github.redismem.analysis.Passes.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.KeyFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The groups of an exact pass (encodings, prefixes, TTL buckets, top keys, findings) from key facts, no Redis. */
class PassAggregatorGroupsTest {

  private static List<String> encodings(PassResult p) {
    return p.encodings().stream().map(e -> e.db() + " " + e.dataType().label() + " " + e.encoding() + " "
        + (long) e.keys() + " " + (long) e.bytes()).toList();
  }

  private static List<String> prefixes(PassResult p) {
    return p.prefixes().stream().map(g -> g.db() + " " + g.prefix() + " " + (long) g.keys() + " " + (long) g.bytes()
        + " " + (long) g.keysWithoutTtl()).toList();
  }

  @Test
  void everyTypeAndEncodingHasItsGroupSortedByTypeThenEncoding() {
    PassResult p = exact(List.of(
        key("s:1", "string", "raw", 100, -1, 80),
        key("s:2", "string", "embstr", 60, -1, 10),
        key("s:3", "string", "int", 50, -1, 3),
        key("s:4", "string", "embstr", 62, -1, 12),
        key("h:1", "hash", "listpack", 200, -1, 4),
        key("h:2", "hash", "hashtable", 9_000, -1, 600),
        key("h:3", "hash", "listpackex", 300, -1, 4),
        key("l:1", "list", "quicklist", 700, -1, 30),
        key("e:1", "set", "intset", 120, -1, 5),
        key("e:2", "set", "listpack", 130, -1, 5),
        key("e:3", "set", "hashtable", 5_000, -1, 900),
        key("z:1", "zset", "listpack", 150, -1, 5),
        key("z:2", "zset", "skiplist", 20_000, -1, 300),
        key("x:1", "stream", "stream", 2_000, -1, 7),
        key("m:1", "ReJSON-RL", "unknown", 400, -1, -1)));
    assertThat(encodings(p)).containsExactly(
        "0 string embstr 2 122", "0 string int 1 50", "0 string raw 1 100",
        "0 hash hashtable 1 9000", "0 hash listpack 1 200", "0 hash listpackex 1 300",
        "0 list quicklist 1 700",
        "0 set hashtable 1 5000", "0 set intset 1 120", "0 set listpack 1 130",
        "0 zset listpack 1 150", "0 zset skiplist 1 20000",
        "0 stream stream 1 2000",
        "0 module unknown 1 400");
    assertThat(p.memoryHistograms()).containsOnlyKeys(DataType.values());
    // a module key has no element count: it is in the sizes, not in the element counts
    assertThat(p.elementHistograms()).doesNotContainKeys(DataType.STRING, DataType.MODULE);
    assertThat(p.elementHistograms().get(DataType.SET).count()).isEqualTo(3);
    assertThat(p.keysInspected()).isEqualTo(15);
    assertThat(p.sampleRatio()).isEqualTo(1.0);
  }

  @Test
  void databasesAreKeptApartAndListedInOrder() {
    PassAggregator pass = Passes.aggregator(Passes.defaults(), Passes.THRESHOLDS_7_2);
    pass.add(3, key("a:1", "hash", "listpack", 100, -1, 2));
    pass.add(0, key("a:1", "hash", "listpack", 300, -1, 2));
    pass.add(3, key("a:2", "hash", "listpack", 100, 1000, 2));
    PassResult p = pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
    assertThat(encodings(p)).containsExactly("0 hash listpack 1 300", "3 hash listpack 2 200");
    assertThat(prefixes(p)).containsExactly("0 a: 1 300 1", "3 a: 2 200 1");
    assertThat(p.ttls()).extracting(t -> t.db() + " " + t.bucket().label() + " " + (long) t.keys())
        .containsExactly("0 none 1", "3 none 1", "3 1h 1");
  }

  @Test
  void anEmptyKeyspaceHasNoGroupsAndEmptyStringLengths() {
    PassResult p = exact(List.of());
    assertThat(p.keysInspected()).isZero();
    assertThat(p.encodings()).isEmpty();
    assertThat(p.prefixes()).isEmpty();
    assertThat(p.ttls()).isEmpty();
    assertThat(p.findings()).isEmpty();
    assertThat(p.topKeys()).isEmpty();
    assertThat(p.memoryHistograms()).isEmpty();
    assertThat(p.elementHistograms()).isEmpty();
    assertThat(p.stringLengths().count()).isZero();
    assertThat(p.whatIfs()).isEmpty();
    assertThat(p.estimation()).isEqualTo(PassResult.Estimation.EXACT);
  }

  @Test
  void theBiggestPrefixesAreKeptAndTheRestSummedAsOther() {
    List<KeyFacts> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(key("a:" + i, "string", "raw", 100, -1, 80));
    }
    keys.add(key("b:1", "string", "raw", 500, 1000, 80));
    keys.add(key("c:1", "string", "raw", 100, -1, 80));
    keys.add(key("c:2", "string", "raw", 100, 1000, 80));
    keys.add(key("d:1", "string", "raw", 50, -1, 80));
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(), 2, 10L << 20, 1000), keys);
    assertThat(prefixes(p)).containsExactly("0 b: 1 500 0", "0 a: 3 300 3", "0 other 3 250 2");
  }

  @Test
  void prefixesOfEqualBytesAreOrderedByNameSoTheCutIsStable() {
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(), 1, 10L << 20, 1000), List.of(
        key("zz:1", "string", "raw", 100, -1, 80), key("aa:1", "string", "raw", 100, -1, 80)));
    assertThat(prefixes(p)).containsExactly("0 aa: 1 100 1", "0 other 1 100 1");
  }

  @ParameterizedTest(name = "maxPrefixes {0}")
  @ValueSource(ints = {3, 4, 10})
  void noOtherWhenEveryPrefixFits(int maxPrefixes) {
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(), maxPrefixes, 10L << 20, 1000), List.of(
        key("a:1", "string", "raw", 300, -1, 80), key("b:1", "string", "raw", 200, -1, 80),
        key("c:1", "string", "raw", 100, -1, 80)));
    assertThat(prefixes(p)).extracting(s -> s.split(" ")[1]).containsExactly("a:", "b:", "c:");
  }

  /**
   * At most max(1000, 20 x maxPrefixes) prefixes are tracked per database during the pass, the first seen: a
   * prefix first seen after that counts in {@code other} even when it turns out the biggest.
   */
  @Test
  void prefixesFirstSeenAfterTheTableIsFullAreOtherHoweverBig() {
    List<KeyFacts> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(key("p" + (char) ('a' + i % 26) + "x".repeat(i / 26) + ":1", "string", "raw", 100 + i, -1, 80));
    }
    keys.add(key("late:1", "string", "raw", 1_000_000, -1, 80));
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(), 1, 10L << 20, 1000), keys);
    assertThat(p.prefixes()).hasSize(2);
    assertThat(p.prefixes().get(0).bytes()).isEqualTo(1099);
    PassResult.PrefixGroup other = p.prefixes().get(1);
    assertThat(other.prefix()).isEqualTo("other");
    assertThat(other.keys()).isEqualTo(1000);
    assertThat(other.bytes()).isEqualTo(1_000_000 + (100 + 1098) * 999 / 2.0);
    assertThat(p.prefixes()).extracting(PassResult.PrefixGroup::prefix).doesNotContain("late:");
  }

  @ParameterizedTest(name = "{0} at depth {1}: {3}")
  @CsvSource(delimiter = '|', value = {
      ":  | 1 | user:17:cart | user:",
      ":  | 2 | user:17:cart | user:*:",
      ":. | 1 | a.b:c        | a.",
      ":  | 1 | counter      | (none)"})
  void prefixesFollowTheDelimitersAndDepth(String delimiters, int depth, String key, String prefix) {
    PassResult p = exact(Passes.settings(1, 20, delimiters.strip(), depth, List.of(), 50, 10L << 20, 1000),
        List.of(key(key, "string", "raw", 100, -1, 80)));
    assertThat(p.prefixes()).extracting(PassResult.PrefixGroup::prefix).containsExactly(prefix);
  }

  @Test
  void aPatternsPrefixGroupComesBeforeTheDelimiters() {
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(Pattern.compile("^(?<prefix>sess)_[0-9a-f]+")), 50,
        10L << 20, 1000), List.of(key("sess_0a1b", "string", "raw", 100, -1, 80),
            key("sess_ff:x", "string", "raw", 100, -1, 80), key("user:1", "string", "raw", 100, -1, 80)));
    assertThat(prefixes(p)).containsExactly("0 sess 2 200 2", "0 user: 1 100 1");
  }

  @Test
  void ttlBucketsSumTheirKeysAndAVanishedKeysMinusTwoCountsAsNoTtl() {
    PassResult p = exact(List.of(
        key("a:1", "hash", "listpack", 100, -1, 2),
        key("a:2", "hash", "listpack", 100, -2, 2),
        key("a:3", "hash", "listpack", 100, 0, 2),
        key("a:4", "hash", "listpack", 100, 3_600_000, 2),
        key("a:5", "hash", "listpack", 100, 3_600_001, 2),
        key("a:6", "hash", "listpack", 100, 40L * 86_400_000, 2)));
    assertThat(p.ttls()).extracting(t -> t.bucket().label() + " " + (long) t.keys() + " " + (long) t.bytes())
        .containsExactly("none 2 200", "1h 2 200", "4h 1 100", "inf 1 100");
    // no_ttl is the -1 key only: -2 is not a key without TTL, it is a key that is gone
    assertThat(finding(p, Finding.NO_TTL).orElseThrow().keys()).isEqualTo(1);
    assertThat(prefixes(p)).containsExactly("0 a: 6 600 2");
  }

  @Test
  void topKeysAreTheBiggestAcrossDatabasesCappedBySetting() {
    PassAggregator pass = Passes.aggregator(Passes.settings(1, 2, ":", 1, List.of(), 50, 10L << 20, 1000),
        Passes.THRESHOLDS_7_2);
    pass.add(0, key("a", "string", "raw", 100, -1, 80));
    pass.add(1, key("b", "list", "quicklist", 900, 5_000, 40));
    pass.add(2, key("c", "string", "raw", 900, -1, 80));
    pass.add(0, key("d", "string", "raw", 500, -1, 80));
    PassResult p = pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
    assertThat(p.topKeys()).containsExactly(
        new TopKey(1, "b", DataType.LIST, "quicklist", 900, 40, 5_000),
        new TopKey(2, "c", DataType.STRING, "raw", 900, 80, -1));
  }

  @Test
  void topKeysShowNamesAsKeyText() {
    byte[] odd = {'k', '"', '\\', '\n', (byte) 0xff};
    PassResult p = exact(List.of(key(odd, "string", "raw", 100, -1, 80)));
    assertThat(p.topKeys()).extracting(TopKey::key).containsExactly(KeyText.of(odd));
  }

  @ParameterizedTest(name = "{0} small strings, minimum {1}: {2}")
  @CsvSource({"10, 10, true", "9, 10, false", "11, 10, true"})
  void smallStringsAreGroupableFromTheConfiguredNumberOfKeysUnderOnePrefix(int keys, int minKeys, boolean fires) {
    List<KeyFacts> facts = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      facts.add(key("o:" + i, "string", "embstr", 60, -1, 20));
    }
    Optional<PassResult.FindingGroup> g = finding(exact(Passes.settings(1, 20, ":", 1, List.of(), 50, 10L << 20,
        minKeys), facts), Finding.SMALL_STRINGS_GROUPABLE);
    assertThat(g.isPresent()).isEqualTo(fires);
    g.ifPresent(f -> {
      assertThat(f.keys()).isEqualTo(keys);
      assertThat(f.bytes()).isEqualTo(60.0 * keys);
      assertThat(f.examples()).hasSize(PassAggregator.EXAMPLES);
    });
  }

  @Test
  void smallStringsWithoutAPrefixAreNeverGroupable() {
    List<KeyFacts> facts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      facts.add(key("plain" + i, "string", "embstr", 60, -1, 20));
    }
    assertThat(finding(exact(Passes.settings(1, 20, ":", 1, List.of(), 50, 10L << 20, 10), facts),
        Finding.SMALL_STRINGS_GROUPABLE)).isEmpty();
  }

  @ParameterizedTest(name = "{0} bytes with big keys over {1}")
  @CsvSource({"1000, 999, true", "1000, 1000, false", "1000, 1001, false"})
  void bigKeysAreOverTheConfiguredSize(long bytes, long bigKeyBytes, boolean big) {
    PassResult p = exact(Passes.settings(1, 20, ":", 1, List.of(), 50, bigKeyBytes, 1000),
        List.of(key("l:1", "list", "quicklist", bytes, 1000, 20)));
    assertThat(finding(p, Finding.BIG_KEY).isPresent()).isEqualTo(big);
  }

  @Test
  void findingsCarryTheirSavingAndTheBiggestExamplesFirst() {
    List<KeyFacts> facts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      facts.add(key("h:" + i, "hash", "hashtable", 10_000 + i, 1000, 100));
    }
    PassResult.FindingGroup g = finding(exact(facts), Finding.HASH_HASHTABLE_UNDER_LIMIT).orElseThrow();
    assertThat(g.keys()).isEqualTo(7);
    assertThat(g.bytes()).isEqualTo(7 * 10_000 + 21);
    long perKey = new SavingsModel(7, 2).hashToListpack(10_000, 100, 3);
    assertThat(g.reclaimableBytes()).isBetween(7.0 * perKey, 7.0 * new SavingsModel(7, 2).hashToListpack(10_006,
        100, 3));
    assertThat(g.examples()).extracting(TopKey::key).containsExactly("h:6", "h:5", "h:4", "h:3", "h:2");
  }

  /**
   * A sampled pass: prefixes count the names SCAN returned, exactly; histograms are scaled by names over inspected
   * keys; the ratio is the configured one.
   */
  @Test
  void aSampledPassScalesHistogramsAndCountsPrefixesFromNames() {
    PassAggregator pass = new PassAggregator(Passes.settings(0.5, 20, ":", 1, List.of(), 50, 10L << 20, 1000),
        Passes.THRESHOLDS_7_2, new SavingsModel(7, 2), Estimator.forPass(0.5, 0));
    for (int i = 0; i < 40; i++) {
      byte[] name = ("u:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      pass.scanned(0, name);
      if (i % 2 == 0) {
        pass.add(0, key(name, "hash", "listpack", 100, -1, 2));
      }
    }
    PassResult p = pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
    assertThat(p.sampleRatio()).isEqualTo(0.5);
    assertThat(p.keysInspected()).isEqualTo(20);
    assertThat(p.prefixes()).singleElement().satisfies(g -> {
      assertThat(g.keys()).isEqualTo(40);
      assertThat(g.bytes()).isEqualTo(4000);
    });
    assertThat(p.memoryHistograms().get(DataType.HASH).count()).isEqualTo(40);
    assertThat(p.memoryHistograms().get(DataType.HASH).sum()).isEqualTo(4000);
    assertThat(p.encodings()).singleElement().satisfies(e -> assertThat(e.keys()).isEqualTo(40));
    assertThat(p.estimation().sampled()).isTrue();
    assertThat(p.estimation().calibrated()).isFalse();
  }

  /**
   * A sampled pass under an ACL key pattern: a picked key the user may not read weighs as a key of no category, so
   * that every figure is of the permitted keys. Under u: 40 names, 20 picked, 5 of them forbidden: the 15 inspected
   * stand for 40 * 15 / 20 = 30 permitted keys; the prefix p: whose 20 picked keys were all forbidden is left out.
   */
  @Test
  void aSampledPassWeighsForbiddenPicksAsKeysOfNoCategory() {
    PassAggregator pass = new PassAggregator(Passes.settings(0.5, 20, ":", 1, List.of(), 50, 10L << 20, 1000),
        Passes.THRESHOLDS_7_2, new SavingsModel(7, 2), Estimator.forPass(0.5, 0));
    for (int i = 0; i < 40; i++) {
      byte[] name = ("u:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] hidden = ("p:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      pass.scanned(0, name);
      pass.scanned(0, hidden);
      if (i % 2 == 0) {
        pass.forbidden(0, hidden);
        if (i % 8 == 0) {
          pass.forbidden(0, name);
        } else {
          pass.add(0, key(name, "hash", "listpack", 100, -1, 2));
        }
      }
    }
    PassResult p = pass.finish(Instant.EPOCH, Duration.ZERO, 0, 0, Optional.empty());
    assertThat(p.keysInspected()).isEqualTo(15);
    assertThat(p.prefixes()).singleElement().satisfies(g -> {
      assertThat(g.prefix()).isEqualTo("u:");
      assertThat(g.keys()).isCloseTo(30, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(g.bytes()).isCloseTo(3000, org.assertj.core.data.Offset.offset(1e-9));
    });
    assertThat(p.encodings()).singleElement()
        .satisfies(e -> assertThat(e.keys()).isCloseTo(30, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(p.memoryHistograms().get(DataType.HASH).count()).isEqualTo(30);
  }
}
