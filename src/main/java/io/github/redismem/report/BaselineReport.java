package io.github.redismem.report;

import io.github.redismem.analysis.PassScope;
import io.github.redismem.config.JsonReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back a report saved as JSON ({@code analyze --format=json}, {@code /report.json}) as the earlier side of a
 * {@link Growth} comparison. Only what growth needs is read: the target, whether the pass was partial, the prefix
 * settings, and the analysis's totals, encodings and prefixes. Anything else may be missing or extra, so reports of
 * older and newer versions are read too; what is read must be there and well-typed, and an error names its path.
 */
public final class BaselineReport {
  private BaselineReport() {}

  /** A file that is no usable baseline; the message says why, naming the JSON path where it applies. */
  public static final class InvalidBaseline extends Exception {
    public InvalidBaseline(String message) {
      super(message);
    }
  }

  public static Growth.Side read(String json) throws InvalidBaseline {
    Object doc;
    try {
      doc = JsonReader.parse(json);
    } catch (IllegalArgumentException e) {
      throw new InvalidBaseline(e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> root) || !root.containsKey("analysis") || !root.containsKey("target")) {
      throw new InvalidBaseline("not a redis-memory-exporter report: expected a JSON object with \"target\" and "
          + "\"analysis\", as analyze --format=json and /report.json write");
    }
    if (root.get("analysis") == null) {
      throw new InvalidBaseline("the report has no analysis (\"analysis\": null): it was saved before a pass "
          + "completed, or with the sampler off");
    }
    try {
      Map<?, ?> a = object(root.get("analysis"), "analysis");
      String target = string(root.get("target"), "target");
      boolean partial = root.get("partial") instanceof Boolean b && b;
      Optional<PassScope> scope = root.get("scope") == null ? Optional.empty()
          : Optional.of(scope(object(root.get("scope"), "scope")));
      return new Growth.Side(target, scope, partial, analysis(a));
    } catch (IllegalArgumentException e) {
      throw new InvalidBaseline(e.getMessage());
    }
  }

  private static PassScope scope(Map<?, ?> s) {
    List<String> patterns = new ArrayList<>();
    List<?> list = list(s.get("prefix_patterns"), "scope.prefix_patterns");
    for (int i = 0; i < list.size(); i++) {
      patterns.add(string(list.get(i), "scope.prefix_patterns[" + i + "]"));
    }
    return new PassScope(string(s.get("prefix_delimiters"), "scope.prefix_delimiters"),
        (int) number(s.get("prefix_depth"), "scope.prefix_depth"), patterns,
        (int) number(s.get("max_prefixes"), "scope.max_prefixes"));
  }

  private static Report.Analysis analysis(Map<?, ?> a) {
    Instant finishedAt;
    String finished = string(a.get("finished_at"), "analysis.finished_at");
    try {
      finishedAt = Instant.parse(finished);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("analysis.finished_at: expected an ISO-8601 time, got \"" + finished + "\"");
    }
    List<Report.EncodingRow> encodings = new ArrayList<>();
    List<?> rows = list(a.get("encodings"), "analysis.encodings");
    for (int i = 0; i < rows.size(); i++) {
      String path = "analysis.encodings[" + i + "]";
      Map<?, ?> e = object(rows.get(i), path);
      long keys = whole(e, "keys", path);
      long bytes = whole(e, "bytes", path);
      encodings.add(new Report.EncodingRow((int) whole(e, "db", path), string(e.get("data_type"),
          path + ".data_type"), string(e.get("encoding"), path + ".encoding"), keys, bytes,
          wholeOr(e, "keys_low", path, keys), wholeOr(e, "keys_high", path, keys),
          wholeOr(e, "bytes_low", path, bytes), wholeOr(e, "bytes_high", path, bytes)));
    }
    List<Report.PrefixRow> prefixes = new ArrayList<>();
    rows = list(a.get("prefixes"), "analysis.prefixes");
    for (int i = 0; i < rows.size(); i++) {
      String path = "analysis.prefixes[" + i + "]";
      Map<?, ?> p = object(rows.get(i), path);
      long bytes = whole(p, "bytes", path);
      prefixes.add(new Report.PrefixRow((int) whole(p, "db", path), string(p.get("prefix"), path + ".prefix"),
          whole(p, "keys", path), bytes, wholeOr(p, "keys_without_ttl", path, 0),
          wholeOr(p, "bytes_low", path, bytes), wholeOr(p, "bytes_high", path, bytes)));
    }
    double ratio = a.get("sample_ratio") == null ? 1 : number(a.get("sample_ratio"), "analysis.sample_ratio");
    boolean sampled = a.get("estimation") instanceof Map<?, ?> est ? est.get("sampled") instanceof Boolean b && b
        : ratio < 1;
    Report.Estimation estimation = new Report.Estimation(sampled, ratio, 0, false, 0, 0, 0, sampled);
    return new Report.Analysis(finishedAt, 0, 0, 0, ratio, whole(a, "keys", "analysis"),
        whole(a, "bytes", "analysis"), encodings, List.of(), prefixes, List.of(), List.of(), estimation);
  }

  private static Map<?, ?> object(Object v, String path) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(path + ": expected an object");
  }

  private static List<?> list(Object v, String path) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(path + ": expected an array");
  }

  private static String string(Object v, String path) {
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(path + ": expected a string");
  }

  private static double number(Object v, String path) {
    if (v instanceof Double d && Double.isFinite(d)) {
      return d;
    }
    throw new IllegalArgumentException(path + ": expected a number");
  }

  private static long whole(Map<?, ?> m, String name, String path) {
    double d = number(m.get(name), path + "." + name);
    if (d < 0 || d != Math.rint(d)) {
      throw new IllegalArgumentException(path + "." + name + ": expected a whole number >= 0, got " + d);
    }
    return (long) d;
  }

  private static long wholeOr(Map<?, ?> m, String name, String path, long otherwise) {
    return m.get(name) == null ? otherwise : whole(m, name, path);
  }
}
