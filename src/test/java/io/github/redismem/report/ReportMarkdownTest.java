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
  void keysWithoutTtlShowTheirMemoryAndANoteNotASaving() {
    assertThat(md).contains("| 0 | `no_ttl` | 4,000 | 879 KiB | - |\n",
        "| 0 | `hash_hashtable_under_limit` | 3 | 117 KiB | 78.1 KiB |\n",
        "### `no_ttl` in db 0: Keys without a TTL\n\nMemory without TTL: only eviction or a DEL frees it.\n\n");
    assertThat(md).doesNotContain("879 KiB |\n");
  }

  @Test
  void anExactPassHasNoRangesAndNoEstimateNote() {
    assertThat(md).doesNotContain("\u2013", "unattributed", "Estimated from", "sampled keys");
  }

  @Test
  void aSampledPassSaysHowItWasEstimatedAndShowsRangesInTheCells() {
    String sampled = ReportMarkdown.render(SampleReports.sampled());
    assertThat(sampled).contains("\n\n> Estimated from a 10% sample of keys (docs/sampling.md): ranges are 99% bounds; "
        + "keys of 64.0 KiB or more counted once at their size; 3.20 MiB of the 13.5 MiB dataset "
        + "(used\\_memory\\_dataset) unattributed.\n\n");
    assertThat(sampled).contains(
        "| 0 | string | raw | 60 (40\u201386) | 5.72 MiB (5.25\u20136.48 MiB) | 42.3% |\n",
        "| 2 | zset | skiplist | 20 (10\u201332) | 781 KiB (488 KiB\u20131.19 MiB) | 5.6% |\n"
            + "| - | unattributed | - | - | 3.20 MiB | 23.6% |\n",
        "## Top keys\n\nBiggest of the sampled keys: other keys may be bigger.\n\n",
        "| 0 | `(none)` | 60 | 5.72 MiB (5.25\u20136.48 MiB) | 42.3% | 60 |",
        "| 0 | none | 20,060 (19,300\u201320,900) | 8.05 MiB (7.53\u20138.87 MiB) | 59.5% |",
        "| 0 | `no_ttl` | 20,060 (19,300\u201320,900) | 8.05 MiB (7.53\u20138.87 MiB) | - |",
        "| 0 | `big_key` | 1 | 488 KiB | 0 B |");
    assertEqualCells(sampled);
  }

  @Test
  void everyTableRowHasAsManyCellsAsItsHeader() {
    assertEqualCells(md);
  }

  private static void assertEqualCells(String md) {
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

  @Test
  void thresholdWhatIfsAreTheLastSectionOneTablePerThreshold() {
    // biggest possible saving first: the value limit's 78.1 KiB before the zset's 34.2 KiB
    assertThat(md).containsSubsequence("## Memory by remaining TTL", "## Threshold what-ifs",
        "### `hash-max-listpack-value` = 64", "Held back by the value limit: 78.1 KiB",
        "### `zset-max-listpack-entries` = 128",
        "| value | basis | keys converted | saving | compact key at limit |\n|---:|---|---:|---:|---:|\n",
        "| 256 | 2x,p99 | 2 | 34.2 KiB | ~5.00 KiB |",
        "1. `CONFIG SET zset-max-listpack-entries 256 (now 128)`");
  }

  @Test
  void aClustersTopKeysAndExamplesShowTheirNodeAndASingleNodesShowNone() {
    String cluster = ReportMarkdown.render(SampleReports.cluster());
    assertThat(cluster).contains("| node | db | key | type | encoding | memory | elements | TTL |\n"
        + "|---|---:|---|---|---|---:|---:|---|\n"
        + "| `10.0.0.1:7000` | 0 | `<script>alert(1)</script>` | string | raw | 488 KiB | 500,000 | none |\n"
        + "| `10.0.0.2:7001` | 0 | `feed:9` | list | quicklist | 439 KiB | 9,000 | none |\n",
        "Examples: `<script>alert(1)</script>` (488 KiB, on `10.0.0.1:7000`), `feed:9` (439 KiB, on `10.0.0.2:7001`),");
    assertEqualCells(cluster);
    assertThat(md).contains("| db | key | type |").doesNotContain("| node |", "10.0.0.1");
  }
}
