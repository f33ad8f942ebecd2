package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of what a broken, hostile or look-alike server might send in place of a reply: random text,
 * real captured replies (samples/) cut short or with numbers swapped for huge, negative, NaN and infinite ones,
 * random bytes, and replies of megabytes. The property tests of every parser draw from them (issue 15).
 */
public final class HostileReplies {
  /** Number texts a server should never send where a count or a size is expected, and some it might. */
  public static final List<String> ODD_NUMBERS = List.of("-1", "-9223372036854775808", "9223372036854775807",
      "9223372036854775808", "99999999999999999999999999999", "1e400", "-1e400", "NaN", "nan", "inf", "-inf",
      "+inf", "Infinity", "0x10", "1.5", "-0", "", " ", "1,5", "١٢", "1e-400", "0.0000001", "12abc");

  private static final List<String> SAMPLE_TEXTS = List.of("redis-6.2/info.txt", "redis-7.0/info.txt",
      "redis-7.0/loaded/info.txt", "redis-7.4/info.txt", "redis-8.2/info.txt", "valkey-8.0/info.txt",
      "redis-6.2/memory-doctor.txt", "redis-7.0/loaded/memory-doctor.txt", "redis-6.2/malloc-stats.txt",
      "redis-7.0/malloc-stats.txt", "redis-7.0/malloc-stats-fragmented.txt");

  private HostileReplies() {}

  /** Any of the kinds of hostile text below, oversized ones rarely so that a property stays fast. */
  public static Arbitrary<String> text(List<String> seeds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(300)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars(":#=,\r\n \t-.0123456789abcdefghijklmnop*[]@")
            .ofMaxLength(400)),
        net.jqwik.api.Tuple.of(6, mutated(seeds)),
        net.jqwik.api.Tuple.of(1, randomBytesAsText()),
        net.jqwik.api.Tuple.of(1, oversized(seeds)));
  }

  /** The captured replies this generator mutates: INFO, MEMORY DOCTOR, MALLOC-STATS of several versions. */
  public static List<String> samples(String nameContains) {
    return SAMPLE_TEXTS.stream().filter(s -> s.contains(nameContains)).map(Fixtures::text).toList();
  }

  /** A real reply cut at a random place, with a few of its numbers or characters replaced. */
  public static Arbitrary<String> mutated(List<String> seeds) {
    Arbitrary<String> seed = Arbitraries.of(seeds);
    return Combinators.combine(seed, Arbitraries.doubles().between(0, 1), Arbitraries.longs(),
        Arbitraries.integers().between(0, 6)).as((s, cut, random, edits) -> {
          java.util.Random r = new java.util.Random(random);
          String out = s.substring(0, (int) Math.round(s.length() * Math.max(cut, 0.3)));
          StringBuilder b = new StringBuilder(out);
          for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
              case 0 -> b.replace(at, Math.min(b.length(), at + 1 + r.nextInt(12)),
                  ODD_NUMBERS.get(r.nextInt(ODD_NUMBERS.size())));
              case 1 -> b.insert(at, (char) r.nextInt(0x3000));
              case 2 -> b.delete(at, Math.min(b.length(), at + r.nextInt(40)));
              default -> replaceNumberAt(b, at, ODD_NUMBERS.get(r.nextInt(ODD_NUMBERS.size())));
            }
          }
          return b.toString();
        });
  }

  /** Swaps the first run of digits at or after {@code at} for {@code with}. */
  private static void replaceNumberAt(StringBuilder b, int at, String with) {
    int start = at;
    while (start < b.length() && !Character.isDigit(b.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < b.length() && (Character.isDigit(b.charAt(end)) || b.charAt(end) == '.')) {
      end++;
    }
    if (start < b.length()) {
      b.replace(start, end, with);
    }
  }

  /** Random bytes read as the codec would: UTF-8 with replacement characters, or Latin-1. */
  public static Arbitrary<String> randomBytesAsText() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000).flatMap(b -> Arbitraries.of(
        new String(b, java.nio.charset.StandardCharsets.UTF_8), new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
  }

  /** One to three megabytes: a sample repeated, or one line of that length. */
  public static Arbitrary<String> oversized(List<String> seeds) {
    return Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(1, 3), Arbitraries.of(0, 1, 2))
        .as((s, mb, kind) -> {
          int size = mb << 20;
          return switch (kind) {
            case 0 -> s.repeat(size / Math.max(1, s.length()) + 1);
            case 1 -> s + "used_memory:" + "9".repeat(size) + "\n";
            default -> s + "x".repeat(size) + ":" + "1".repeat(64) + "\n";
          };
        });
  }

  /**
   * Objects as Lettuce's nested output hands over a reply: Long, Double, String, byte[], null and lists (maps in
   * RESP3), nested a few levels, with the real MEMORY STATS replies cut and mutated among them.
   */
  public static Arbitrary<List<Object>> nestedReply() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e308, -1.5)
            .map(v -> (Object) v),
        Arbitraries.of(ODD_NUMBERS).map(v -> (Object) v),
        Arbitraries.of("db.0", "db.99999999999", "db.-1", "db.", "overhead.hashtable.main", "peak.allocated",
            "keys.count", "dataset.percentage", "fragmentation").map(v -> (Object) v),
        Arbitraries.strings().ofMaxLength(20).map(v -> (Object) v),
        Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.just(null));
    Arbitrary<Object> nested = Arbitraries.recursive(() -> leaf,
        inner -> Arbitraries.oneOf(inner.list().ofMaxSize(8).map(l -> (Object) new ArrayList<>(l)),
            inner.list().ofMaxSize(6).map(l -> (Object) pairsAsMap(l))), 0, 4);
    Arbitrary<List<Object>> random = nested.list().ofMaxSize(40).map(ArrayList::new);
    return Arbitraries.oneOf(random, mutatedMemoryStats(nested));
  }

  private static Map<Object, Object> pairsAsMap(List<Object> list) {
    Map<Object, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      map.put(list.get(i), list.get(i + 1));
    }
    return map;
  }

  private static Arbitrary<List<Object>> mutatedMemoryStats(Arbitrary<Object> any) {
    Arbitrary<List<Object>> real = Arbitraries.of(Fixtures.SAMPLE_DIRS)
        .map(dir -> Fixtures.memoryStats(dir + "/memory-stats.txt"));
    return Combinators.combine(real, Arbitraries.doubles().between(0, 1), any.list().ofMaxSize(4),
        Arbitraries.longs()).as((reply, cut, swaps, seed) -> {
          List<Object> out = new ArrayList<>(reply.subList(0, (int) Math.round(reply.size() * cut)));
          java.util.Random r = new java.util.Random(seed);
          for (Object swap : swaps) {
            if (!out.isEmpty()) {
              out.set(r.nextInt(out.size()), swap);
            }
          }
          return out;
        });
  }
}
