package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.redismem.analysis.PassScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Growth.compare on hand-made analyses: one table of prefix cases, then the lists, estimates and scopes. */
class GrowthTest {
  static final Instant T0 = Instant.parse("2026-01-06T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-08T10:00:00Z");
  static final PassScope SCOPE = new PassScope(":", 1, List.of(), 50);

  static Report.PrefixRow prefix(int db, String name, long keys, long bytes) {
    return new Report.PrefixRow(db, name, keys, bytes, 0, bytes, bytes);
  }

  static Report.PrefixRow prefix(int db, String name, long keys, long bytes, long low, long high) {
    return new Report.PrefixRow(db, name, keys, bytes, 0, low, high);
  }

  static Report.EncodingRow encoding(int db, String type, String enc, long keys, long bytes) {
    return new Report.EncodingRow(db, type, enc, keys, bytes, keys, keys, bytes, bytes);
  }

  static Report.EncodingRow encoding(int db, String type, String enc, long keys, long bytes, long low, long high) {
    return new Report.EncodingRow(db, type, enc, keys, bytes, keys, keys, low, high);
  }

  static Report.Analysis analysis(Instant at, boolean sampled, List<Report.EncodingRow> encodings,
      List<Report.PrefixRow> prefixes) {
    long keys = encodings.stream().mapToLong(Report.EncodingRow::keys).sum();
    long bytes = encodings.stream().mapToLong(Report.EncodingRow::bytes).sum();
    return new Report.Analysis(at, 1, keys, 0, sampled ? 0.1 : 1, keys, bytes, encodings, List.of(), prefixes,
        List.of(), List.of(), new Report.Estimation(sampled, sampled ? 0.1 : 1, 0, false, 0, 0, 0, sampled));
  }

  static Growth compare(Report.Analysis before, Report.Analysis after) {
    return Growth.compare(Growth.PREVIOUS_PASS, new Growth.Side("t", Optional.of(SCOPE), false, before),
        new Growth.Side("t", Optional.of(SCOPE), false, after));
  }

  static Report.Analysis exact(Instant at, List<Report.PrefixRow> prefixes) {
    long keys = prefixes.stream().mapToLong(Report.PrefixRow::keys).sum();
    long bytes = prefixes.stream().mapToLong(Report.PrefixRow::bytes).sum();
    return analysis(at, false, List.of(encoding(0, "string", "raw", keys, bytes)), prefixes);
  }

  /** before, after, the one prefix row expected in growing or shrinking: name, status, keys and bytes change. */
  static Stream<Arguments> prefixCases() {
    return Stream.of(
        Arguments.of("grew", List.of(prefix(0, "user", 10, 1000)), List.of(prefix(0, "user", 15, 1600)),
            "user", "changed", 5L, 600L),
        Arguments.of("shrank", List.of(prefix(0, "user", 10, 1000)), List.of(prefix(0, "user", 4, 300)),
            "user", "changed", -6L, -700L),
        Arguments.of("appeared", List.of(prefix(0, "user", 10, 1000)),
            List.of(prefix(0, "user", 10, 1000), prefix(0, "session", 3, 500)), "session", "new", 3L, 500L),
        Arguments.of("disappeared", List.of(prefix(0, "user", 10, 1000), prefix(0, "session", 3, 500)),
            List.of(prefix(0, "user", 10, 1000)), "session", "gone", -3L, -500L),
        Arguments.of("in another database: new there", List.of(prefix(0, "user", 10, 1000)),
            List.of(prefix(0, "user", 10, 1000), prefix(3, "user", 2, 200)), "user", "new", 2L, 200L),
        Arguments.of("entered the top prefixes while the earlier pass had other",
            List.of(prefix(0, "user", 10, 1000), prefix(0, "other", 7, 700)),
            List.of(prefix(0, "user", 10, 1000), prefix(0, "cart", 5, 900), prefix(0, "other", 2, 700)),
            "cart", "entered_top", 5L, 900L),
        Arguments.of("left the top prefixes while the later pass has other",
            List.of(prefix(0, "user", 10, 1000), prefix(0, "cart", 5, 900)),
            List.of(prefix(0, "user", 10, 1000), prefix(0, "other", 5, 800)), "cart", "left_top", -5L, -900L),
        Arguments.of("other itself is a prefix", List.of(prefix(0, "other", 7, 700)),
            List.of(prefix(0, "other", 9, 1700)), "other", "changed", 2L, 1000L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prefixCases")
  void prefixChanges(String name, List<Report.PrefixRow> before, List<Report.PrefixRow> after, String prefix,
      String status, long keys, long bytes) {
    Growth g = compare(exact(T0, before), exact(T1, after));
    List<Growth.Change> rows = new ArrayList<>(g.growingPrefixes());
    rows.addAll(g.shrinkingPrefixes());
    Growth.Change c = rows.stream().filter(r -> r.prefix().equals(prefix) && r.status().equals(status))
        .findFirst().orElseThrow(() -> new AssertionError(prefix + " " + status + " not in " + rows));
    assertThat(c.keysChange()).isEqualTo(keys);
    assertThat(c.bytesChange()).isEqualTo(bytes);
    assertThat(c.bytesChangeLow()).isEqualTo(bytes);
    assertThat(c.bytesChangeHigh()).isEqualTo(bytes);
    assertThat(c.withinError()).isFalse();
    assertThat(g.prefixesComparable()).isTrue();
    assertThat(g.sampled()).isFalse();
    assertThat(g.notes()).isEmpty();
  }

  @Test
  void totalsAndTheTimeBetween() {
    Growth g = compare(exact(T0, List.of(prefix(0, "a", 10, 1000))),
        exact(T1, List.of(prefix(0, "a", 10, 1000), prefix(0, "b", 5, 3000))));
    assertThat(g.from()).isEqualTo(T0);
    assertThat(g.to()).isEqualTo(T1);
    assertThat(g.seconds()).isEqualTo(2 * 86_400.0);
    assertThat(g.total()).isEqualTo(new Growth.Change(-1, "", "", "", "changed", 10, 15, 1000, 4000, 3000, 3000));
    assertThat(g.total().bytesChangeRatio()).contains(3.0);
    // unchanged prefixes are in neither list
    assertThat(g.growingPrefixes()).extracting(Growth.Change::prefix).containsExactly("b");
    assertThat(g.shrinkingPrefixes()).isEmpty();
  }

  @Test
  void theListsAreBoundedBiggestChangeFirstAndCountEveryPrefix() {
    List<Report.PrefixRow> before = new ArrayList<>();
    List<Report.PrefixRow> after = new ArrayList<>();
    IntStream.range(0, 25).forEach(i -> {
      before.add(prefix(0, "up" + i, 1, 1000));
      after.add(prefix(0, "up" + i, 2, 1000 + 100L * (i + 1)));
      before.add(prefix(0, "down" + i, 1, 10_000));
      after.add(prefix(0, "down" + i, 1, 10_000 - 10L * (i + 1)));
    });
    Growth g = compare(exact(T0, before), exact(T1, after));
    assertThat(g.prefixesGrowing()).isEqualTo(25);
    assertThat(g.prefixesShrinking()).isEqualTo(25);
    assertThat(g.growingPrefixes()).hasSize(Growth.TOP).extracting(Growth.Change::prefix)
        .startsWith("up24", "up23").endsWith("up15");
    assertThat(g.shrinkingPrefixes()).hasSize(Growth.TOP).extracting(Growth.Change::bytesChange)
        .startsWith(-250L, -240L).endsWith(-160L);
  }

  @Test
  void dataTypesSumTheirEncodingsAndEncodingsAreEachRow() {
    Report.Analysis before = analysis(T0, false, List.of(encoding(0, "hash", "listpack", 100, 10_000),
        encoding(0, "hash", "hashtable", 2, 50_000), encoding(0, "string", "raw", 10, 1000)), List.of());
    Report.Analysis after = analysis(T1, false, List.of(encoding(0, "hash", "listpack", 90, 9000),
        encoding(0, "hash", "hashtable", 12, 300_000), encoding(0, "string", "raw", 10, 1000),
        encoding(0, "zset", "skiplist", 1, 4000)), List.of());
    Growth g = compare(before, after);
    assertThat(g.dataTypes()).extracting(Growth.Change::dataType, Growth.Change::status, Growth.Change::keysChange,
        Growth.Change::bytesChange).containsExactly(tuple("hash", "changed", 0L, 249_000L),
        tuple("zset", "new", 1L, 4000L));
    assertThat(g.encodings()).extracting(Growth.Change::encoding, Growth.Change::bytesChange)
        .containsExactly(tuple("hashtable", 250_000L), tuple("skiplist", 4000L), tuple("listpack", -1000L));
  }

  @Test
  void estimatesCarryARangeAndSayWhenTheChangeIsWithinTheirError() {
    // +100 bytes, each figure +-1000: the change is within the error; +5000 with the same error is not
    Report.Analysis before = analysis(T0, true, List.of(encoding(0, "string", "raw", 100, 10_000, 9000, 11_000)),
        List.of(prefix(0, "noise", 50, 10_000, 9000, 11_000), prefix(0, "real", 50, 10_000, 9000, 11_000)));
    Report.Analysis after = analysis(T1, true, List.of(encoding(0, "string", "raw", 100, 15_100, 14_100, 16_100)),
        List.of(prefix(0, "noise", 50, 10_100, 9100, 11_100), prefix(0, "real", 50, 15_000, 14_000, 16_000)));
    Growth g = compare(before, after);
    assertThat(g.sampled()).isTrue();
    assertThat(g.notes()).anyMatch(n -> n.contains("within the estimates' error"));
    Growth.Change noise = g.growingPrefixes().get(1);
    assertThat(noise.prefix()).isEqualTo("noise");
    assertThat(noise.bytesChange()).isEqualTo(100);
    // sqrt(1000^2 + 1000^2) = 1414
    assertThat(noise.bytesChangeLow()).isEqualTo(100 - 1414);
    assertThat(noise.bytesChangeHigh()).isEqualTo(100 + 1414);
    assertThat(noise.withinError()).isTrue();
    Growth.Change real = g.growingPrefixes().get(0);
    assertThat(real.prefix()).isEqualTo("real");
    assertThat(real.withinError()).isFalse();
    assertThat(real.bytesChangeLow()).isEqualTo(5000 - 1414);
    assertThat(g.total().bytesChange()).isEqualTo(5100);
    assertThat(g.total().withinError()).isFalse();
  }

  @Test
  void differentPrefixSettingsAreNotComparedButTypesAndEncodingsAre() {
    Report.Analysis before = exact(T0, List.of(prefix(0, "user", 10, 1000)));
    Report.Analysis after = exact(T1, List.of(prefix(0, "user:*", 12, 1500)));
    Growth g = Growth.compare(Growth.BASELINE, new Growth.Side("t", Optional.of(SCOPE), false, before),
        new Growth.Side("t", Optional.of(new PassScope(":", 2, List.of(), 50)), false, after));
    assertThat(g.prefixesComparable()).isFalse();
    assertThat(g.growingPrefixes()).isEmpty();
    assertThat(g.shrinkingPrefixes()).isEmpty();
    assertThat(g.notes()).singleElement().asString().startsWith("The prefix settings differ (before: delimiters "
        + "\":\", depth 1, no patterns, max 50 prefixes; now: delimiters \":\", depth 2");
    assertThat(g.encodings()).extracting(Growth.Change::bytesChange).containsExactly(500L);
    assertThat(g.total().bytesChange()).isEqualTo(500);
  }

  @Test
  void anUnknownScopeAnotherTargetAPartialPassAndANewerBaselineAreNoted() {
    Report.Analysis older = exact(T0, List.of(prefix(0, "user", 10, 1000)));
    Report.Analysis newer = exact(T1, List.of(prefix(0, "user", 10, 1200)));
    Growth g = Growth.compare(Growth.BASELINE, new Growth.Side("redis://a:6379", Optional.empty(), true, newer),
        new Growth.Side("redis://b:6379", Optional.of(SCOPE), false, older));
    assertThat(g.prefixesComparable()).isTrue();
    assertThat(g.notes()).hasSize(4);
    assertThat(g.notes().get(0)).contains("earlier report does not say its prefix settings");
    assertThat(g.notes().get(1)).contains("different targets (redis://a:6379, then redis://b:6379)");
    assertThat(g.notes().get(2)).contains("earlier pass was cut short");
    assertThat(g.notes().get(3)).contains("baseline is newer");
    assertThat(g.seconds()).isNegative();
    assertThat(g.shrinkingPrefixes()).extracting(Growth.Change::bytesChange).containsExactly(-200L);
  }

  @Test
  void aReportComparedWithItselfThroughItsJsonHasNoChange() throws Exception {
    for (Report r : List.of(SampleReports.complete(), SampleReports.sampled())) {
      Growth.Side saved = BaselineReport.read(ReportJson.write(r));
      IndependentJson.sameAsOurReader(ReportJson.write(r));
      Growth g = Growth.compare(Growth.BASELINE, saved, r.asGrowthSide().orElseThrow());
      assertThat(g.total().bytesChange()).isZero();
      assertThat(g.total().keysChange()).isZero();
      assertThat(g.growingPrefixes()).isEmpty();
      assertThat(g.shrinkingPrefixes()).isEmpty();
      assertThat(g.dataTypes()).isEmpty();
      assertThat(g.encodings()).isEmpty();
      assertThat(saved.analysis().prefixes()).isEqualTo(r.analysis().orElseThrow().prefixes());
      assertThat(saved.analysis().encodings()).isEqualTo(r.analysis().orElseThrow().encodings());
    }
  }
}
