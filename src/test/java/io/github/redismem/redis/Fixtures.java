package io.github.redismem.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sample replies under {@code src/test/resources/samples/} (see the README there for where each came from).
 *
 * <p>INFO and MEMORY DOCTOR samples are the exact bytes the server sent. MEMORY STATS samples are in the
 * format {@code redis-cli --no-raw} prints, because that is what one captures from a server by hand and can
 * read and edit; {@link #memoryStats} turns it back into the objects Lettuce's {@code NestedMultiOutput} gives
 * in RESP2: {@code Long} for integers, {@code String} for bulk strings, {@code List} for arrays.
 *
 * <p>Published with the other test classes in the build's {@code tests} jar: the JMH benchmarks under bench/jmh read
 * the same samples through this class instead of keeping copies.
 */
public final class Fixtures {
  /** Every sample directory holding info.txt, memory-stats.txt and memory-doctor.txt. */
  public static final List<String> SAMPLE_DIRS = List.of("redis-6.2", "redis-6.2/loaded", "redis-7.0",
      "redis-7.0/loaded", "redis-7.4", "redis-8.2", "valkey-8.0");

  private Fixtures() {
  }

  /** A sample file as text, exactly as stored; the path is relative to {@code samples/}. */
  public static String text(String resource) {
    String path = resource.startsWith("/") ? resource : "/samples/" + resource;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A MEMORY STATS sample as the objects Lettuce would hand over. */
  public static List<Object> memoryStats(String resource) {
    return parseCliArray(text(resource));
  }

  /** CONFIG GET replies as each version spells them (6.2: ziplist names; 7.x: listpack names and aliases). */
  public static Map<String, String> config(String sample) {
    if (sample.startsWith("redis-6.2")) {
      return Map.of("hash-max-ziplist-entries", "512", "hash-max-ziplist-value", "64",
          "zset-max-ziplist-entries", "128", "zset-max-ziplist-value", "64", "set-max-intset-entries", "512",
          "list-max-ziplist-size", "-2", "list-compress-depth", "0", "maxmemory-samples", "5",
          "activedefrag", "no", "active-defrag-threshold-lower", "10");
    }
    return Map.ofEntries(Map.entry("hash-max-listpack-entries", "128"), Map.entry("hash-max-ziplist-entries", "128"),
        Map.entry("hash-max-listpack-value", "64"), Map.entry("zset-max-listpack-entries", "128"),
        Map.entry("zset-max-listpack-value", "64"), Map.entry("set-max-intset-entries", "512"),
        Map.entry("set-max-listpack-entries", "128"), Map.entry("set-max-listpack-value", "64"),
        Map.entry("list-max-listpack-size", "-2"), Map.entry("list-compress-depth", "0"),
        Map.entry("maxmemory-samples", "5"), Map.entry("activedefrag", "yes"),
        Map.entry("active-defrag-ignore-bytes", "104857600"), Map.entry("active-defrag-threshold-lower", "10"),
        Map.entry("active-defrag-threshold-upper", "100"), Map.entry("active-defrag-cycle-min", "1"),
        Map.entry("active-defrag-cycle-max", "25"));
  }

  /**
   * What one scrape of a sample's server reads (INFO, MEMORY STATS, MEMORY DOCTOR, CONFIG GET; nothing failed), as
   * the golden exposition tests and the benchmarks use it.
   */
  public static MemoryState state(String sample) {
    String dir = sample + "/";
    return new MemoryState(true, Duration.ofMillis(3), Optional.of(InfoReply.parse(text(dir + "info.txt"))),
        Optional.of(MemoryStats.parse(memoryStats(dir + "memory-stats.txt"))),
        Optional.of(DoctorText.parse(text(dir + "memory-doctor.txt"))), config(sample), List.of(), Map.of());
  }

  /**
   * Reads an array as {@code redis-cli} prints it on a terminal. Each element line starts with its index,
   * {@code N) }; a nested array's first element follows its parent's index on the same line and the rest are
   * indented. The column of the {@code )} identifies the array an element belongs to: redis-cli right-aligns
   * indices within one array and indents each nesting level past its parent's.
   */
  static List<Object> parseCliArray(String text) {
    Deque<Level> open = new ArrayDeque<>();
    List<Object> root = null;
    for (String rawLine : text.split("\n")) {
      String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
      if (line.isBlank()) {
        continue;
      }
      List<Integer> columns = new ArrayList<>();
      int contentStart = indexMarkers(line, columns);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("not an element of a redis-cli array: " + line);
      }
      if (root == null) {
        root = new ArrayList<>();
        open.push(new Level(columns.get(0), root));
      }
      while (!open.isEmpty() && open.peek().column != columns.get(0)) {
        open.pop();
      }
      if (open.isEmpty()) {
        throw new IllegalArgumentException("index at an unexpected column: " + line);
      }
      for (int column : columns.subList(1, columns.size())) {
        List<Object> child = new ArrayList<>();
        open.peek().elements.add(child);
        open.push(new Level(column, child));
      }
      open.peek().elements.add(value(line.substring(contentStart)));
    }
    if (root == null) {
      throw new IllegalArgumentException("no array in the sample");
    }
    return root;
  }

  private record Level(int column, List<Object> elements) {
  }

  /** Collects the column of each {@code N)} at the start of the line; returns where the element's text starts. */
  private static int indexMarkers(String line, List<Integer> columns) {
    int i = 0;
    while (true) {
      int j = i;
      while (j < line.length() && line.charAt(j) == ' ') {
        j++;
      }
      int k = j;
      while (k < line.length() && Character.isDigit(line.charAt(k))) {
        k++;
      }
      boolean marker = k > j && k < line.length() && line.charAt(k) == ')'
          && (k + 1 == line.length() || line.charAt(k + 1) == ' ');
      if (!marker) {
        return i;
      }
      columns.add(k);
      i = Math.min(k + 2, line.length());
    }
  }

  private static Object value(String text) {
    if (text.startsWith("(integer) ")) {
      return Long.parseLong(text.substring("(integer) ".length()).strip());
    }
    if (text.startsWith("(double) ")) {
      return Double.parseDouble(text.substring("(double) ".length()).strip());
    }
    if (text.startsWith("(error) ")) {
      return text.substring("(error) ".length());
    }
    return switch (text) {
      case "(nil)" -> null;
      case "(empty array)", "(empty list or set)" -> new ArrayList<>();
      case "(true)" -> Boolean.TRUE;
      case "(false)" -> Boolean.FALSE;
      default -> text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2
          ? unquote(text.substring(1, text.length() - 1)) : text;
    };
  }

  /** Undoes redis-cli's quoting (sdscatrepr): backslash escapes and \xHH bytes. */
  private static String unquote(String quoted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c != '\\' || i + 1 == quoted.length()) {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      char e = quoted.charAt(++i);
      switch (e) {
        case 'n' -> bytes.write('\n');
        case 'r' -> bytes.write('\r');
        case 't' -> bytes.write('\t');
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'x' -> {
          bytes.write(Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> bytes.write(e);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
