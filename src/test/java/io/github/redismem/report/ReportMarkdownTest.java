package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Markdown report: GitHub tables that hostile key names cannot break. */
class ReportMarkdownTest {
  private final String md = ReportMarkdown.render(SampleReports.complete());

  @Test
  void sectionsAreHeadingsAndTablesHaveAlignedNumbers() {
    assertThat(md).startsWith("# Redis memory report for redis://cache:6379\n")
        .containsSubsequence("## Instance", "## Sampler", "## Findings", "## Memory by data type and encoding",
            "## Top keys", "## Memory by prefix", "## Memory by remaining TTL")
        .contains("| db | finding | keys | memory | estimated saving |\n|---:|---|---:|---:|---:|\n");
  }

  @Test
  void everyTableRowHasAsManyCellsAsItsHeader() {
    String[] lines = md.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("|---") || lines[i].startsWith("|---:")) {
        int cells = cells(lines[i - 1]);
        for (int j = i + 1; j < lines.length && lines[j].startsWith("|"); j++) {
          assertThat(cells(lines[j])).as(lines[j]).isEqualTo(cells);
        }
      }
    }
  }

  /** Cells as GitHub counts them: pipes not escaped by a backslash. */
  private static int cells(String row) {
    return row.replaceAll("\\\\\\|", "").split("\\|", -1).length - 2;
  }

  @Test
  void keysAreCodeSpansThatMarkupAndPipesCannotEscape() {
    assertThat(md).contains("`<script>alert(1)</script>`", "`line1\\x0aline2`");
    assertThat(ReportMarkdown.code("a|b", true)).isEqualTo("`a\\|b`");
    assertThat(ReportMarkdown.code("a|b", false)).isEqualTo("`a|b`");
    assertThat(ReportMarkdown.code("x``y`", false)).isEqualTo("``` x``y` ```");
    assertThat(ReportMarkdown.code("", true)).isEqualTo("`  `");
  }

  @Test
  void proseIsEscaped() {
    assertThat(ReportMarkdown.escape("<b>*x*</b> | [l](u) & `c`"))
        .isEqualTo("&lt;b&gt;\\*x\\*&lt;/b&gt; \\| \\[l\\](u) &amp; \\`c\\`");
  }

  @Test
  void aPartialReportSaysSoInAQuote() {
    Report partial = new ReportBuilder("1.2.3", "redis://cache:6379").build(SampleReports.memoryState(),
        new io.github.redismem.analysis.SamplerStatus(10, 0, 0, java.util.Map.of(), 0.3, 0.2, 1, "idle",
            java.util.Optional.of(SampleReports.pass())), SampleReports.NOW, true);
    assertThat(ReportMarkdown.render(partial)).contains("> **Partial:** the pass was stopped");
    assertThat(ReportMarkdown.render(SampleReports.firstPassRunning())).contains("No completed pass yet");
  }
}
