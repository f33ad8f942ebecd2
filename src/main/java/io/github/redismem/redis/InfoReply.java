package io.github.redismem.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The reply of INFO, split into sections and fields, both in the order the server printed them.
 *
 * <p>Section names are lower-cased ({@code "# Keysizes"} becomes {@code "keysizes"}) so callers need not know
 * how a version capitalises them. Field names and values are kept exactly as printed. A section header with no
 * fields (Redis prints {@code # Errorstats} and {@code # Modules} empty) is still present, with an empty map.
 * Lines before the first header, which only proxies and look-alikes send, go to the section {@code ""}.
 *
 * <p>A section holds each field name once: Redis 8 prints one {@code module:name=...} line per loaded module
 * under {@code # Modules}, and of those only the last survives here.
 *
 * @param sections section name (lower case) to its fields, in server order; unmodifiable
 */
public record InfoReply(Map<String, Map<String, String>> sections) {
  // Digits only, as Redis prints them; Double.parseDouble alone would also take "0x1p3", "1d", "Infinity".
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  public InfoReply {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    sections.forEach((name, fields) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(fields))));
    sections = Collections.unmodifiableMap(copy);
  }

  /** Parses INFO text; never throws, lines it does not understand are skipped. */
  public static InfoReply parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    if (text == null) {
      return new InfoReply(sections);
    }
    Map<String, String> current = null;
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        String name = trimmed.substring(1).strip().toLowerCase(Locale.ROOT);
        current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
        continue;
      }
      // Split at the first ':' only: values such as listener0:name=tcp,bind=*:6379 contain more of them.
      int colon = trimmed.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      if (current == null) {
        current = sections.computeIfAbsent("", n -> new LinkedHashMap<>());
      }
      current.put(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }
    return new InfoReply(sections);
  }

  /** The fields of a section, or an empty map if the server did not print it. */
  public Map<String, String> section(String name) {
    Map<String, String> fields = name == null ? null : sections.get(name.toLowerCase(Locale.ROOT));
    return fields == null ? Map.of() : fields;
  }

  public Optional<String> get(String section, String field) {
    return Optional.ofNullable(section(section).get(field));
  }

  /**
   * A field as a number. Values with a unit, such as {@code used_memory_peak_perc:93.88%} or
   * {@code used_memory_human:856.35K}, are not numbers here: the raw field next to them is.
   */
  public OptionalDouble number(String section, String field) {
    return get(section, field).map(InfoReply::parseNumber).orElse(OptionalDouble.empty());
  }

  /**
   * Parses a number as Redis prints it: integers, decimals with an optional exponent, and the {@code inf},
   * {@code +inf}, {@code -inf} that Redis prints for infinite doubles. Empty for anything else, NaN included,
   * because a NaN sample would poison every sum and comparison it meets.
   */
  public static OptionalDouble parseNumber(String raw) {
    if (raw == null) {
      return OptionalDouble.empty();
    }
    String text = raw.strip();
    switch (text.toLowerCase(Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return OptionalDouble.of(Double.POSITIVE_INFINITY);
      case "-inf", "-infinity":
        return OptionalDouble.of(Double.NEGATIVE_INFINITY);
      default:
        break;
    }
    if (!DECIMAL.matcher(text).matches()) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
