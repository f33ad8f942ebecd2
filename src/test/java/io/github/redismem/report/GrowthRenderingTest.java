package io.github.redismem.report;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redismem.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampler's previous pass through ReportBuilder into the JSON, text and Markdown reports. */
class GrowthRenderingTest {
  private final Report report = SampleGrowth.report();

  @Test
  void theBuilderComparesTheLastPassWithThePreviousOne() {
    Growth g = report.growth().orElseThrow();
    assertThat(g.basis()).isEqualTo(Growth.PREVIOUS_PASS);
    assertThat(g.seconds()).isEqualTo(300.0);
    assertThat(g.total().bytesChange()).isEqualTo(80_000 - 30_000);
    assertThat(g.total().keysChange()).isEqualTo(998);
    assertThat(g.growingPrefixes()).extracting(Growth.Change::prefix).containsExactly("user:");
    assertThat(g.shrinkingPrefixes()).extracting(Growth.Change::prefix, Growth.Change::status)
        .containsExactly(org.assertj.core.api.Assertions.tuple(SampleGrowth.HOSTILE_PREFIX, "gone"));
    assertThat(g.dataTypes()).extracting(Growth.Change::dataType).containsExactly("string", "list");
    assertThat(report.scope()).contains(SampleGrowth.SCOPE);
    // one pass only: nothing to compare with
    assertThat(SampleReports.complete().growth()).isEmpty();
  }

  @Test
  void jsonHasScopeAndGrowthAfterTheAnalysis() {
    String json = ReportJson.write(report);
    Object doc = Json.parse(json);
    assertThat(json.indexOf("\"scope\"")).isGreaterThan(json.indexOf("\"analysis\""));
    assertThat(at(doc, "scope")).isEqualTo(Map.of("prefix_delimiters", ":", "prefix_depth", 1.0,
        "prefix_patterns", List.of(), "max_prefixes", 50.0));
    assertThat(at(doc, "growth", "basis")).isEqualTo("previous_pass");
    assertThat(at(doc, "growth", "seconds")).isEqualTo(300.0);
    assertThat(at(doc, "growth", "prefixes_comparable")).isEqualTo(true);
    assertThat(at(doc, "growth", "total")).isEqualTo(Map.of("keys_before", 1013.0, "keys_after", 2011.0,
        "keys_change", 998.0, "bytes_before", 840_000.0, "bytes_after", 890_000.0, "bytes_change", 50_000.0,
        "bytes_change_low", 50_000.0, "bytes_change_high", 50_000.0, "within_error", false));
    assertThat(at(doc, "growth", "growing_prefixes", 0)).isEqualTo(Map.ofEntries(Map.entry("db", 0.0),
        Map.entry("prefix", "user:"), Map.entry("status", "changed"), Map.entry("keys_before", 1000.0),
        Map.entry("keys_after", 2000.0), Map.entry("keys_change", 1000.0), Map.entry("bytes_before", 80_000.0),
        Map.entry("bytes_after", 160_000.0), Map.entry("bytes_change", 80_000.0),
        Map.entry("bytes_change_low", 80_000.0), Map.entry("bytes_change_high", 80_000.0),
        Map.entry("within_error", false)));
    assertThat(at(doc, "growth", "shrinking_prefixes", 0, "prefix")).isEqualTo(SampleGrowth.HOSTILE_PREFIX);
    assertThat(at(doc, "growth", "prefixes_growing")).isEqualTo(1.0);
    assertThat(at(doc, "growth", "encodings", 0, "encoding")).isEqualTo("embstr");
    assertThat(at(doc, "growth", "encodings", 1, "status")).isEqualTo("gone");
    assertThat(at(doc, "growth", "data_types", 0)).isEqualTo(Map.ofEntries(Map.entry("db", 0.0),
        Map.entry("data_type", "string"), Map.entry("status", "changed"), Map.entry("keys_before", 1006.0),
        Map.entry("keys_after", 2006.0), Map.entry("keys_change", 1000.0), Map.entry("bytes_before", 630_000.0),
        Map.entry("bytes_after", 710_000.0), Map.entry("bytes_change", 80_000.0),
        Map.entry("bytes_change_low", 80_000.0), Map.entry("bytes_change_high", 80_000.0),
        Map.entry("within_error", false)));
    assertThat(at(Json.parse(ReportJson.write(SampleReports.complete())), "growth")).isNull();

    JsonNode tree = IndependentJson.sameAsOurReader(json);
    List<String> names = new java.util.ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    assertThat(names.indexOf("scope")).isGreaterThan(names.indexOf("analysis"));
    assertThat(names.indexOf("growth")).isGreaterThan(names.indexOf("analysis"));
    assertThat(tree.at("/growth/growing_prefixes").isArray()).isTrue();
    assertThat(tree.at("/growth/total/within_error").isBoolean()).isTrue();
    assertThat(tree.at("/growth/shrinking_prefixes/0/prefix").textValue()).isEqualTo(SampleGrowth.HOSTILE_PREFIX);
    assertThat(IndependentJson.sameAsOurReader(ReportJson.write(SampleReports.complete())).get("growth").isNull())
        .isTrue();
  }

  @Test
  void textShowsTheSectionLast() {
    String text = ReportText.render(report);
    int at = text.indexOf("Growth since the previous pass (2025-01-02T02:58:23Z, 5.0 min before)");
    assertThat(at).isGreaterThan(text.indexOf("Findings"));
    String section = text.substring(at);
    assertThat(section).contains("Memory +48.8 KiB (+6.0%, from 820 KiB to 869 KiB), keys +998.",
        "Prefixes that grew most (1 of 1)", "Prefixes that shrank most (1 of 1)", "By data type and encoding",
        "gone").doesNotContain("CHANGE RANGE");
    assertThat(section.lines().filter(l -> l.contains("user:")).findFirst().orElseThrow())
        .matches(" +0 +user: +2,000 +\\+1,000 +156 KiB +\\+78.1 KiB +\\+100.0% *");
  }

  @Test
  void markdownEscapesPrefixesAndNotes() {
    String md = ReportMarkdown.render(report);
    assertThat(md).contains("## Growth since the previous pass", "### Prefixes that grew most (1 of 1)",
        "| 0 | `user:` | 2,000 | +1,000 | 156 KiB | +78.1 KiB | +100.0% |  |",
        "`" + SampleGrowth.HOSTILE_PREFIX + "`")
        .doesNotContain("99% range");
  }

  @Test
  void aSampledComparisonShowsRanges() {
    Report sampled = SampleReports.sampled();
    Growth g = Growth.compare(Growth.BASELINE, SampleReports.complete().asGrowthSide().orElseThrow(),
        sampled.asGrowthSide().orElseThrow());
    Report r = sampled.withGrowth(java.util.Optional.of(g));
    assertThat(ReportText.render(r)).contains("CHANGE RANGE", "Growth since the baseline");
    assertThat(ReportMarkdown.render(r)).contains("99% range", "> Figures are estimates from a sample");
  }
}
