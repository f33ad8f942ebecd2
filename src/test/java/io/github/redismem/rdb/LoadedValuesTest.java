package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.moilioncircle.redis.replicator.Constants;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import io.github.redismem.config.ThresholdSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The encoding a value gets when its snapshot is loaded, by version and thresholds: the rules of rdbLoadObject,
 * which RdbSnapshotIT checks on 6.2 and 7.0 and which alone cover 7.2's listpack sets and lists here.
 */
class LoadedValuesTest {
  private static final ThresholdSettings DEFAULTS = new ThresholdSettings(-1, -1, -1, -1, -1, -1, -1);

  private static LoadedValues of(int major, int minor) {
    return new LoadedValues(LoadRules.of(major, minor, DEFAULTS), new MemoryModel(major, 8));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Iterator<Map.Entry<byte[], byte[]>> hash(int fields, int valueLength) {
    Map<byte[], byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < fields; i++) {
      m.put(b("f" + i), b("v".repeat(valueLength)));
    }
    return m.entrySet().iterator();
  }

  private static Iterator<byte[]> elements(int n, String prefix) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b(prefix + i));
    }
    return out.iterator();
  }

  @Test
  void stringsAreIntegersEmbeddedOrRaw() {
    assertThat(of(7, 0).string(b("12345"), b("12345").length).encoding()).isEqualTo("int");
    assertThat(of(7, 0).string(b("0012"), b("0012").length).encoding()).isEqualTo("embstr");
    assertThat(of(7, 0).string(b("x".repeat(44)), b("x".repeat(44)).length).encoding()).isEqualTo("embstr");
    assertThat(of(7, 0).string(b("x".repeat(45)), b("x".repeat(45)).length).encoding()).isEqualTo("raw");
  }

  @Test
  void hashesAreCompactWithinBothThresholds() {
    assertThat(of(7, 0).hash(hash(512, 64), Constants.RDB_TYPE_HASH).encoding()).isEqualTo("listpack");
    assertThat(of(6, 2).hash(hash(512, 64), Constants.RDB_TYPE_HASH).encoding()).isEqualTo("ziplist");
    assertThat(of(7, 0).hash(hash(513, 1), Constants.RDB_TYPE_HASH_LISTPACK).encoding()).isEqualTo("hashtable");
    assertThat(of(7, 0).hash(hash(3, 65), Constants.RDB_TYPE_HASH).encoding()).isEqualTo("hashtable");
    // thresholds from the settings: a file of 7.0 listpacks judged with hash-max-listpack-entries 2
    LoadedValues strict = new LoadedValues(LoadRules.of(7, 0, DEFAULTS.withHashMaxListpackEntries(2)),
        new MemoryModel(7, 8));
    assertThat(strict.hash(hash(3, 1), Constants.RDB_TYPE_HASH_LISTPACK).encoding()).isEqualTo("hashtable");
  }

  @Test
  void setsAreIntsetsThenListpacksFromSevenTwo() {
    assertThat(of(7, 0).set(elements(10, ""), Constants.RDB_TYPE_SET).encoding()).isEqualTo("intset");
    assertThat(of(7, 0).set(elements(513, ""), Constants.RDB_TYPE_SET).encoding()).isEqualTo("hashtable");
    LoadedValues.Loaded strings = of(7, 0).set(elements(10, "m"), Constants.RDB_TYPE_SET);
    assertThat(strings.encoding()).isEqualTo("hashtable");
    assertThat(strings.integerMembers()).isFalse();
    assertThat(of(7, 0).set(elements(600, ""), Constants.RDB_TYPE_SET).integerMembers()).isTrue();
    assertThat(of(7, 2).set(elements(10, "m"), Constants.RDB_TYPE_SET).encoding()).isEqualTo("listpack");
    assertThat(of(7, 2).set(elements(129, "m"), Constants.RDB_TYPE_SET).encoding()).isEqualTo("hashtable");
  }

  @Test
  void sortedSetsAreCompactWithinBothThresholds() {
    List<ZSetEntry> small = List.of(new ZSetEntry(b("a"), 1), new ZSetEntry(b("b"), 2.5));
    assertThat(of(7, 0).zset(small.iterator()).encoding()).isEqualTo("listpack");
    assertThat(of(6, 2).zset(small.iterator()).encoding()).isEqualTo("ziplist");
    List<ZSetEntry> longMember = List.of(new ZSetEntry(b("m".repeat(65)), 1));
    assertThat(of(7, 0).zset(longMember.iterator()).encoding()).isEqualTo("skiplist");
    List<ZSetEntry> many = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      many.add(new ZSetEntry(b("m" + i), i));
    }
    assertThat(of(7, 0).zset(many.iterator()).encoding()).isEqualTo("skiplist");
  }

  @Test
  void listsAreQuicklistsBeforeSevenTwoAndSmallListpacksFrom() {
    assertThat(of(7, 0).list(elements(5, "e")).encoding()).isEqualTo("quicklist");
    assertThat(of(7, 2).list(elements(5, "e")).encoding()).isEqualTo("listpack");
    assertThat(of(7, 2).list(elements(5000, "element-")).encoding()).isEqualTo("quicklist");
    LoadedValues.Loaded big = of(7, 0).list(elements(5000, "element-"));
    assertThat(big.length()).isEqualTo(5000);
    // 5,000 entries of about 14 bytes fill nine 8 KiB nodes
    assertThat(big.bytes()).isBetween(16L + 40 + 9 * (32 + 7000), 16L + 40 + 10 * (32 + 8192));
  }
}
