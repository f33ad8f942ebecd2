package io.github.redismem.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of MEMORY STATS.
 *
 * <p>The reply is a flat list alternating names and values. Integers arrive as {@code Long}; ratios and
 * percentages arrive as bulk strings in RESP2 ({@code "1.0830460786819458"}) and as doubles in RESP3, so both
 * are accepted. Each {@code db.N} entry is itself a list of name/value pairs and goes to {@link #perDb()}.
 * A nested list under any other name is a shape this code predates; its numeric leaves are kept in
 * {@link #fields()} as {@code parent.child} rather than dropped.
 *
 * @param fields every numeric top-level field under the name Redis prints, in server order; unmodifiable
 * @param perDb database index to that database's fields ({@code overhead.hashtable.main},
 *     {@code overhead.hashtable.expires}, and in 7.0 to 7.2 {@code overhead.hashtable.slot-to-keys}); unmodifiable
 */
public record MemoryStats(Map<String, Double> fields, Map<Integer, Map<String, Double>> perDb) {
  private static final Pattern DB_ENTRY = Pattern.compile("db\\.([0-9]{1,9})");
  // Deeper than anything Redis sends; the bound only keeps a malformed or cyclic reply from recursing forever.
  private static final int MAX_DEPTH = 8;

  public MemoryStats {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    Map<Integer, Map<String, Double>> dbs = new LinkedHashMap<>();
    perDb.forEach((db, values) -> dbs.put(db, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    perDb = Collections.unmodifiableMap(dbs);
  }

  /** Parses the reply; never throws. Odd-length lists, nulls and non-numeric values are skipped. */
  public static MemoryStats parse(List<?> reply) {
    Map<String, Double> fields = new LinkedHashMap<>();
    Map<Integer, Map<String, Double>> perDb = new LinkedHashMap<>();
    forEachPair(reply == null ? List.of() : reply, (name, value) -> {
      List<?> nested = asPairs(value);
      Matcher db = DB_ENTRY.matcher(name);
      if (nested != null && db.matches()) {
        flatten(nested, "", perDb.computeIfAbsent(Integer.parseInt(db.group(1)), n -> new LinkedHashMap<>()), 1);
      } else {
        put(name, value, fields, 0);
      }
    });
    return new MemoryStats(fields, perDb);
  }

  /** A top-level field, if Redis sent it as a number. */
  public OptionalDouble field(String name) {
    Double v = fields.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  private static void flatten(List<?> pairs, String prefix, Map<String, Double> into, int depth) {
    if (depth <= MAX_DEPTH) {
      forEachPair(pairs, (name, value) -> put(prefix + name, value, into, depth));
    }
  }

  /** A number goes in as it is; a nested list of pairs is flattened under {@code path.}. */
  private static void put(String path, Object value, Map<String, Double> into, int depth) {
    List<?> nested = asPairs(value);
    if (nested == null) {
      number(value).ifPresent(v -> into.put(path, v));
    } else {
      flatten(nested, path + ".", into, depth + 1);
    }
  }

  /** Calls {@code action} for each name/value pair of a flat reply, skipping nulls and odd trailing items. */
  private static void forEachPair(List<?> pairs, java.util.function.BiConsumer<String, Object> action) {
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      String name = name(pairs.get(i));
      Object value = pairs.get(i + 1);
      if (name != null && value != null) {
        action.accept(name, value);
      }
    }
  }

  private static String name(Object raw) {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return null;
  }

  /** A nested reply as an alternating name/value list; a RESP3 map is accepted too. Null for a scalar. */
  private static List<?> asPairs(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      List<Object> pairs = new ArrayList<>(map.size() * 2);
      map.forEach((k, v) -> {
        pairs.add(k);
        pairs.add(v);
      });
      return pairs;
    }
    return null;
  }

  private static OptionalDouble number(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
    String text = name(value);
    return text == null ? OptionalDouble.empty() : InfoReply.parseNumber(text);
  }
}
