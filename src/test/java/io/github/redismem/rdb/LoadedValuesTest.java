package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.moilioncircle.redis.replicator.Constants;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import io.github.redismem.config.ThresholdSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
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

  /**
   * Blobs a server keeps as they are (7.x's listpack hashes, sorted sets and one-node lists, 6.2's ziplist hashes and
   * sorted sets) are sized from the blob without decoding its elements: the same facts, to the byte, as reading them
   * one by one, on random blobs that straddle every threshold (entries, element length, a list node's 8 KiB) with
   * integers of every width.
   */
  @Test
  void keptBlobsAreSizedAsTheirElementsAre() {
    Random random = new Random(7);
    for (int[] version : new int[][] {{7, 0}, {7, 2}, {6, 2}}) {
      LoadedValues values = of(version[0], version[1]);
      boolean listpack = version[0] >= 7;
      CompactValue.Kind kind = listpack ? CompactValue.Kind.LISTPACK : CompactValue.Kind.ZIPLIST;
      Function<List<byte[]>, byte[]> blob = listpack ? LoadedValuesTest::listpack : LoadedValuesTest::ziplist;
      int hashType = listpack ? Constants.RDB_TYPE_HASH_LISTPACK : Constants.RDB_TYPE_HASH_ZIPLIST;
      for (int round = 0; round < 300; round++) {
        byte[] hash = blob.apply(randomElements(random, 2 * (1 + random.nextInt(round % 10 == 0 ? 600 : 40))));
        assertThat(values.hash(CompactValue.hash(hash, kind), hashType)).as("hash %d", round)
            .isEqualTo(values.hash(plain(CompactValue.hash(hash, kind)), hashType));
        List<byte[]> members = randomElements(random, 2 * (1 + random.nextInt(round % 10 == 0 ? 200 : 40)));
        for (int i = 1; i < members.size(); i += 2) {
          members.set(i, b(random.nextBoolean() ? Long.toString(random.nextInt(1000)) : random.nextInt(1000) + ".25"));
        }
        byte[] zset = blob.apply(members);
        assertThat(values.zset(CompactValue.zset(zset, kind))).as("zset %d", round)
            .isEqualTo(values.zset(plain(CompactValue.zset(zset, kind))));
        if (listpack) {
          byte[] list = listpack(randomElements(random, 1 + random.nextInt(round % 3 == 0 ? 700 : 30)));
          assertThat(values.list(CompactValue.elements(list, kind))).as("list %d of %d bytes", round, list.length)
              .isEqualTo(values.list(plain(CompactValue.elements(list, kind))));
        }
      }
    }
  }

  /** An intset is kept at the width the file gives it, which can be wider than its members need. */
  @Test
  void keptIntsetsKeepTheirWidth() {
    byte[] narrow = intset(2, 1, -7, 300);
    byte[] wide = intset(8, 1, -7, 300);
    LoadedValues.Loaded fromNarrow = of(7, 0).set(CompactValue.elements(narrow, CompactValue.Kind.INTSET),
        Constants.RDB_TYPE_SET_INTSET);
    assertThat(fromNarrow).isEqualTo(of(7, 0).set(plain(CompactValue.elements(narrow, CompactValue.Kind.INTSET)),
        Constants.RDB_TYPE_SET_INTSET));
    LoadedValues.Loaded fromWide = of(7, 0).set(CompactValue.elements(wide, CompactValue.Kind.INTSET),
        Constants.RDB_TYPE_SET_INTSET);
    assertThat(fromWide.encoding()).isEqualTo("intset");
    assertThat(fromWide.length()).isEqualTo(3);
    assertThat(fromWide.bytes()).isEqualTo(new MemoryModel(7, 8).blob(8 + 8 * 3));
    long[] many = new long[513];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    assertThat(of(7, 0).set(CompactValue.elements(intset(2, many), CompactValue.Kind.INTSET),
        Constants.RDB_TYPE_SET_INTSET).encoding()).isEqualTo("hashtable");
  }

  /** Elements of 0 to 80 bytes, a third of them integers of every listpack width. */
  private static List<byte[]> randomElements(Random random, int n) {
    long[] bounds = {127, 4095, Short.MAX_VALUE, 1 << 23, Integer.MAX_VALUE, Long.MAX_VALUE};
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        long bound = bounds[random.nextInt(bounds.length)];
        long v = random.nextLong() % bound;
        out.add(b(Long.toString(random.nextInt(8) == 0 ? Long.MIN_VALUE + random.nextInt(2) : v)));
      } else {
        out.add(b("x".repeat(random.nextInt(random.nextInt(10) == 0 ? 81 : 20))));
      }
    }
    return out;
  }

  /** The same elements through a plain iterator: read one by one, as a blob that is not kept is. */
  private static <E> Iterator<E> plain(Iterator<E> elements) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return elements.hasNext();
      }

      @Override
      public E next() {
        return elements.next();
      }
    };
  }

  /** A listpack as {@code listpack.c} writes one: each element as an integer where it is one, else as text. */
  static byte[] listpack(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[6]);
    for (byte[] e : elements) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      if (Compact.isInteger(e)) {
        long v = Compact.parse(e);
        if (v >= 0 && v <= 127) {
          entry.write((int) v);
        } else if (v >= -4096 && v <= 4095) {
          entry.write(0xC0 | (int) ((v >> 8) & 0x1F));
          entry.write((int) (v & 0xFF));
        } else {
          int width = v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? 2 : v >= -(1 << 23) && v < 1 << 23 ? 3
              : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
          entry.write(width == 2 ? 0xF1 : width == 3 ? 0xF2 : width == 4 ? 0xF3 : 0xF4);
          little(entry, v, width);
        }
      } else if (e.length < 64) {
        entry.write(0x80 | e.length);
        entry.writeBytes(e);
      } else if (e.length < 4096) {
        entry.write(0xE0 | (e.length >> 8));
        entry.write(e.length & 0xFF);
        entry.writeBytes(e);
      } else {
        entry.write(0xF0);
        little(entry, e.length, 4);
        entry.writeBytes(e);
      }
      int l = entry.size();
      out.writeBytes(entry.toByteArray());
      out.writeBytes(new byte[l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5]);
    }
    out.write(0xFF);
    return out.toByteArray();
  }

  /** A ziplist as {@code ziplist.c} appends to one: each element as an integer where it is one, else as text. */
  static byte[] ziplist(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[10]);
    int previous = 0;
    for (byte[] e : elements) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      if (previous < 254) {
        entry.write(previous);
      } else {
        entry.write(254);
        little(entry, previous, 4);
      }
      if (Compact.isInteger(e)) {
        long v = Compact.parse(e);
        if (v >= 0 && v <= 12) {
          entry.write(0xF1 + (int) v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
          entry.write(0xFE);
          little(entry, v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
          entry.write(0xC0);
          little(entry, v, 2);
        } else if (v >= -(1 << 23) && v < 1 << 23) {
          entry.write(0xF0);
          little(entry, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          entry.write(0xD0);
          little(entry, v, 4);
        } else {
          entry.write(0xE0);
          little(entry, v, 8);
        }
      } else if (e.length < 64) {
        entry.write(e.length);
        entry.writeBytes(e);
      } else if (e.length < 16384) {
        entry.write(0x40 | (e.length >> 8));
        entry.write(e.length & 0xFF);
        entry.writeBytes(e);
      } else {
        entry.write(0x80);
        for (int i = 3; i >= 0; i--) {
          entry.write((e.length >> (8 * i)) & 0xFF);
        }
        entry.writeBytes(e);
      }
      previous = entry.size();
      out.writeBytes(entry.toByteArray());
    }
    out.write(0xFF);
    return out.toByteArray();
  }

  /** An intset of the given width (2, 4 or 8 bytes a member). */
  private static byte[] intset(int width, long... members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    little(out, width, 4);
    little(out, members.length, 4);
    for (long m : members) {
      little(out, m, width);
    }
    return out.toByteArray();
  }

  private static void little(ByteArrayOutputStream out, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (v >> (8 * i)) & 0xFF);
    }
  }
}
