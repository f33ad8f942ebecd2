package io.github.redismem.bench;

import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded replies under {@code samples/} (copied from src/test/resources/samples) and the MemoryState built
 * from them as ExpositionGoldenTest builds it. The redis-cli array reader is a copy of the test Fixtures', so the
 * benchmarks do not depend on test classes.
 */
public final class Samples {
  /** The samples shipped in this jar. */
  public static final List<String> DIRS = List.of("redis-7.0", "redis-8.2");

  private Samples() {}

  /** A sample file as text, exactly as stored ({@code \r\n} line ends kept); path relative to samples/. */
  public static String text(String resource) {
    String path = "/samples/" + resource;
    try (InputStream in = Samples.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String info(String dir) {
    return text(dir + "/info.txt");
  }

  /** MEMORY STATS as the objects Lettuce hands over in RESP2: Long, String, List. */
  public static List<Object> memoryStatsReply(String dir) {
    return parseCliArray(text(dir + "/memory-stats.txt"));
  }

  /** What one scrape of that server reads: INFO, MEMORY STATS, MEMORY DOCTOR and CONFIG GET, nothing failed. */
  public static MemoryState state(String dir) {
    return new MemoryState(true, Duration.ofMillis(3), Optional.of(InfoReply.parse(info(dir))),
        Optional.of(MemoryStats.parse(memoryStatsReply(dir))),
        Optional.of(DoctorText.parse(text(dir + "/memory-doctor.txt"))), config(), List.of(), Map.of());
  }

  /** CONFIG GET replies as 7.x spells them (listpack names plus the ziplist aliases), as in the golden test. */
  public static Map<String, String> config() {
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

  // ---- redis-cli --no-raw array reader (copy of src/test/.../redis/Fixtures.parseCliArray) ----

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

  private record Level(int column, List<Object> elements) {}

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
