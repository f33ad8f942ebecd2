package io.github.redismem.report;

import io.github.redismem.analysis.PassScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed between two analyses of the same Redis: per prefix, data type and encoding the change in keys and
 * bytes, the prefixes that grew and shrank most, and the totals. Built by {@link #compare}, pure; docs/report.md
 * documents each field under its JSON name ({@code growth}).
 *
 * <p>After sampled passes every figure is an estimate: each change carries a 99% range, combined from the two
 * figures' ranges as if their errors were independent (the same keys are picked in both passes, so the real error
 * of a difference is usually smaller). A change whose range includes 0 is within the estimates' error.
 *
 * @param basis {@code previous_pass} (the sampler's pass before the last) or {@code baseline} (a saved report)
 * @param from when the earlier analysis finished
 * @param to when the later analysis finished
 * @param sampled whether either analysis was sampled, so that the changes are estimates
 * @param prefixesComparable false when the two analyses grouped keys by prefix differently: prefixes are then not
 *     compared (the lists are empty); types and encodings are
 * @param notes what a reader must know to trust the comparison, one sentence each
 * @param total all databases together; its range is approximate (the encodings' ranges combined)
 * @param growingPrefixes the {@value #TOP} prefixes that grew most, biggest growth first
 * @param shrinkingPrefixes the {@value #TOP} prefixes that shrank most, biggest drop first
 * @param prefixesGrowing how many prefixes grew in all (the list shows at most {@value #TOP})
 * @param prefixesShrinking how many prefixes shrank in all
 * @param dataTypes every database and data type whose keys or bytes changed, biggest growth first
 * @param encodings every database, data type and encoding whose keys or bytes changed, biggest growth first
 */
public record Growth(String basis, Instant from, Instant to, boolean sampled, boolean prefixesComparable,
    List<String> notes, Change total, List<Change> growingPrefixes, List<Change> shrinkingPrefixes,
    int prefixesGrowing, int prefixesShrinking, List<Change> dataTypes, List<Change> encodings) {
  /** Prefixes shown per list. */
  public static final int TOP = 10;
  public static final String PREVIOUS_PASS = "previous_pass";
  public static final String BASELINE = "baseline";

  public Growth {
    notes = List.copyOf(notes);
    growingPrefixes = List.copyOf(growingPrefixes);
    shrinkingPrefixes = List.copyOf(shrinkingPrefixes);
    dataTypes = List.copyOf(dataTypes);
    encodings = List.copyOf(encodings);
  }

  /** Seconds between the two analyses; negative when the baseline is the newer one. */
  public double seconds() {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /**
   * The change of one group. Fields that do not apply to the group are empty strings: {@code prefix} for a type or
   * encoding, {@code dataType} and {@code encoding} for a prefix.
   *
   * @param db the database; -1 for the total
   * @param status {@code changed} (in both), {@code new} or {@code gone} (in one analysis only),
   *     {@code entered_top} or {@code left_top} (a prefix in one analysis only while the other one has an
   *     {@code other} bucket in that database: its figures there may be part of {@code other})
   * @param bytesChangeLow the 99% range of the change in bytes; equal to it when both figures are exact
   */
  public record Change(int db, String prefix, String dataType, String encoding, String status, long keysBefore,
      long keysAfter, long bytesBefore, long bytesAfter, long bytesChangeLow, long bytesChangeHigh) {
    public long keysChange() {
      return keysAfter - keysBefore;
    }

    public long bytesChange() {
      return bytesAfter - bytesBefore;
    }

    /** True when the change is an estimate whose 99% range includes no change at all. */
    public boolean withinError() {
      return bytesChangeLow < bytesChangeHigh && bytesChangeLow <= 0 && bytesChangeHigh >= 0;
    }

    /** The change relative to the earlier bytes; empty when there were none. */
    public Optional<Double> bytesChangeRatio() {
      return bytesBefore > 0 ? Optional.of((double) bytesChange() / bytesBefore) : Optional.empty();
    }
  }

  /**
   * One of the two analyses compared.
   *
   * @param scope its prefix settings; empty when unknown (a report saved by an exporter that did not write them)
   * @param partial whether its pass was cut short
   */
  public record Side(String target, Optional<PassScope> scope, boolean partial, Report.Analysis analysis) {}

  /** Compares {@code before} with {@code after}. */
  public static Growth compare(String basis, Side before, Side after) {
    Report.Analysis b = before.analysis();
    Report.Analysis a = after.analysis();
    List<String> notes = new ArrayList<>();
    boolean comparable = true;
    if (before.scope().isPresent() && after.scope().isPresent()) {
      if (!before.scope().get().equals(after.scope().get())) {
        comparable = false;
        notes.add("The prefix settings differ (before: " + describe(before.scope().get()) + "; now: "
            + describe(after.scope().get()) + "): prefixes are not compared, data types and encodings are.");
      }
    } else if (before.scope().isEmpty() || after.scope().isEmpty()) {
      notes.add("The " + (before.scope().isEmpty() ? "earlier" : "later") + " report does not say its prefix "
          + "settings (written by an older exporter): prefixes are compared as if they were the same.");
    }
    if (!before.target().equals(after.target())) {
      notes.add("The reports are of different targets (" + before.target() + ", then " + after.target() + ").");
    }
    if (before.partial() || after.partial()) {
      notes.add("The " + (before.partial() ? "earlier" : "later") + " pass was cut short: it covers only some keys,"
          + " so part of the change is keys it did not see.");
    }
    if (b.finishedAt().isAfter(a.finishedAt())) {
      notes.add("The baseline is newer than the analysis it is compared with: growth is counted from the newer"
          + " one back.");
    }
    boolean sampled = b.estimation().sampled() || a.estimation().sampled();
    if (sampled) {
      notes.add("Figures are estimates from a sample: a change whose range includes 0 is within the estimates'"
          + " error.");
    }

    List<Change> prefixChanges = comparable ? prefixes(b, a) : List.of();
    List<Change> growing = prefixChanges.stream().filter(c -> c.bytesChange() > 0)
        .sorted(Comparator.comparingLong(Change::bytesChange).reversed().thenComparing(Change::prefix)).toList();
    List<Change> shrinking = prefixChanges.stream().filter(c -> c.bytesChange() < 0)
        .sorted(Comparator.comparingLong(Change::bytesChange).thenComparing(Change::prefix)).toList();
    return new Growth(basis, b.finishedAt(), a.finishedAt(), sampled, comparable, notes, total(b, a),
        growing.stream().limit(TOP).toList(), shrinking.stream().limit(TOP).toList(), growing.size(),
        shrinking.size(), changed(groups(b, a, e -> new Group(e.db(), "", e.dataType(), ""))),
        changed(groups(b, a, e -> new Group(e.db(), "", e.dataType(), e.encoding()))));
  }

  private static String describe(PassScope s) {
    return "delimiters \"" + s.prefixDelimiters() + "\", depth " + s.prefixDepth() + ", "
        + (s.prefixPatterns().isEmpty() ? "no patterns" : "patterns " + s.prefixPatterns()) + ", max "
        + s.maxPrefixes() + " prefixes";
  }

  /** Figures of one group in one analysis: value and 99% bounds of bytes, keys. */
  private record Figures(long keys, double bytes, double bytesLow, double bytesHigh) {
    static final Figures NONE = new Figures(0, 0, 0, 0);

    /** Sums two groups' figures; the ranges' half-widths add as independent errors. */
    Figures plus(Figures o) {
      return new Figures(keys + o.keys, bytes + o.bytes,
          bytes + o.bytes - Math.hypot(bytes - bytesLow, o.bytes - o.bytesLow),
          bytes + o.bytes + Math.hypot(bytesHigh - bytes, o.bytesHigh - o.bytes));
    }
  }

  private record Group(int db, String prefix, String dataType, String encoding) {}

  private static Change change(Group g, String status, Figures before, Figures after) {
    double change = after.bytes() - before.bytes();
    double low = change - Math.hypot(after.bytes() - after.bytesLow(), before.bytesHigh() - before.bytes());
    double high = change + Math.hypot(after.bytesHigh() - after.bytes(), before.bytes() - before.bytesLow());
    long value = Math.round(after.bytes()) - Math.round(before.bytes());
    return new Change(g.db(), g.prefix(), g.dataType(), g.encoding(), status, before.keys(), after.keys(),
        Math.round(before.bytes()), Math.round(after.bytes()), Math.min(value, Math.round(low)),
        Math.max(value, Math.round(high)));
  }

  private static Change total(Report.Analysis b, Report.Analysis a) {
    return change(new Group(-1, "", "", ""), "changed", totalFigures(b), totalFigures(a));
  }

  /** The analysis's total: its keys and bytes, with the encodings' ranges combined around it. */
  private static Figures totalFigures(Report.Analysis x) {
    Figures sum = Figures.NONE;
    for (Report.EncodingRow e : x.encodings()) {
      sum = sum.plus(new Figures(e.keys(), e.bytes(), e.bytesLow(), e.bytesHigh()));
    }
    return new Figures(x.keys(), x.bytes(), x.bytes() - (sum.bytes() - sum.bytesLow()),
        x.bytes() + (sum.bytesHigh() - sum.bytes()));
  }

  private static List<Change> prefixes(Report.Analysis b, Report.Analysis a) {
    Map<Group, Figures> before = new LinkedHashMap<>();
    Map<Group, Figures> after = new LinkedHashMap<>();
    b.prefixes().forEach(p -> before.put(new Group(p.db(), p.prefix(), "", ""),
        new Figures(p.keys(), p.bytes(), p.bytesLow(), p.bytesHigh())));
    a.prefixes().forEach(p -> after.put(new Group(p.db(), p.prefix(), "", ""),
        new Figures(p.keys(), p.bytes(), p.bytesLow(), p.bytesHigh())));
    Set<Integer> otherBefore = dbsWithOther(b);
    Set<Integer> otherAfter = dbsWithOther(a);
    List<Change> out = new ArrayList<>();
    Set<Group> all = new java.util.LinkedHashSet<>(before.keySet());
    all.addAll(after.keySet());
    for (Group g : all) {
      Figures x = before.get(g);
      Figures y = after.get(g);
      String status = x != null && y != null ? "changed"
          : x == null ? (otherBefore.contains(g.db()) ? "entered_top" : "new")
          : (otherAfter.contains(g.db()) ? "left_top" : "gone");
      out.add(change(g, status, x == null ? Figures.NONE : x, y == null ? Figures.NONE : y));
    }
    return out;
  }

  private static Set<Integer> dbsWithOther(Report.Analysis x) {
    Set<Integer> dbs = new TreeSet<>();
    x.prefixes().stream().filter(p -> p.prefix().equals("other")).forEach(p -> dbs.add(p.db()));
    return dbs;
  }

  /** The encodings of both analyses summed by {@code key}, with their figures before and after. */
  private static List<Change> groups(Report.Analysis b, Report.Analysis a,
      Function<Report.EncodingRow, Group> key) {
    Map<Group, Figures> before = sums(b, key);
    Map<Group, Figures> after = sums(a, key);
    List<Change> out = new ArrayList<>();
    Set<Group> all = new java.util.LinkedHashSet<>(before.keySet());
    all.addAll(after.keySet());
    for (Group g : all) {
      Figures x = before.get(g);
      Figures y = after.get(g);
      out.add(change(g, x != null && y != null ? "changed" : x == null ? "new" : "gone",
          x == null ? Figures.NONE : x, y == null ? Figures.NONE : y));
    }
    return out;
  }

  private static Map<Group, Figures> sums(Report.Analysis x, Function<Report.EncodingRow, Group> key) {
    Map<Group, Figures> out = new LinkedHashMap<>();
    for (Report.EncodingRow e : x.encodings()) {
      out.merge(key.apply(e), new Figures(e.keys(), e.bytes(), e.bytesLow(), e.bytesHigh()), Figures::plus);
    }
    return out;
  }

  private static List<Change> changed(List<Change> changes) {
    return changes.stream().filter(c -> c.bytesChange() != 0 || c.keysChange() != 0)
        .sorted(Comparator.comparingLong(Change::bytesChange).reversed().thenComparingInt(Change::db)
            .thenComparing(Change::dataType).thenComparing(Change::encoding))
        .toList();
  }
}
