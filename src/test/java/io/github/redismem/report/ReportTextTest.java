package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The terminal report of the sample reports: sections, alignment, hostile keys shown as text. */
class ReportTextTest {
  private final String text = ReportText.render(SampleReports.complete());

  @Test
  void everySectionInReadingOrder() {
    assertThat(text).containsSubsequence("Redis memory report for redis://cache:6379 (redis-memory-exporter 1.2.3,",
        "Instance", "Sampler", "Memory by data type and encoding", "Top keys", "Memory by prefix",
        "Memory by remaining TTL", "Findings").doesNotContain("PARTIAL");
  }

  @Test
  void tablesAreAlignedWithNumbersOnTheRight() {
    assertThat(text).contains("  DB  TTL    KEYS    MEMORY  SHARE\n"
        + "   0  none  2,006   693 KiB  79.8%\n"
        + "   0  4h        3   117 KiB  13.5%\n");
    assertThat(text.lines().filter(l -> l.endsWith(" "))).isEmpty();
  }

  @Test
  void findingsCarryTheirSavingFixAndExamples() {
    assertThat(text).contains("  no_ttl in db 0: ", "    keys 4,000, memory 879 KiB, estimated saving 879 KiB",
        "    fix (command): ", "    examples:", "      <script>alert(1)</script> (488 KiB, string raw, length 500,000)");
    assertThat(text).contains("  big_key in db 0", "estimated saving 0 B");
  }

  @Test
  void keysAreShownAsTheReportHoldsThemAndControlCharactersNeverReachTheTerminal() {
    assertThat(text).contains("line1\\x0aline2", "q\"uo\\\\te:1 & 'x'");
    assertThat(ReportFormat.printable("a\u009b[31mred\u001b")).isEqualTo("a\\u009b[31mred\\u001b");
    assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
  }

  @Test
  void aPartialReportSaysSoFirst() {
    Report partial = new ReportBuilder("1.2.3", "redis://cache:6379").build(SampleReports.memoryState(),
        new io.github.redismem.analysis.SamplerStatus(10, 0, 0, java.util.Map.of(), 0.3, 0.2, 1, "idle",
            java.util.Optional.of(SampleReports.pass())), SampleReports.NOW, true);
    assertThat(ReportText.render(partial).lines().skip(1).findFirst()).contains(
        "PARTIAL: the pass was stopped before it had seen every key; figures cover the keys seen so far.");
  }

  @Test
  void theSummaryCutsLongTablesButListsEveryFinding() {
    String summary = ReportText.summary(SampleReports.complete());
    assertThat(summary).contains("Findings", "big_key", "set_hashtable_under_limit", "string_json_blob",
        "The fixes of the other findings are in the full report.").doesNotContain("examples:");
    assertThat(ReportText.summary(SampleReports.firstPassRunning())).contains("No completed pass yet");
  }

  @Test
  void humanBytes() {
    assertThat(HumanBytes.format(0)).isEqualTo("0 B");
    assertThat(HumanBytes.format(1023)).isEqualTo("1023 B");
    assertThat(HumanBytes.format(1536)).isEqualTo("1.50 KiB");
    assertThat(HumanBytes.format(10.5 * (1 << 20))).isEqualTo("10.5 MiB");
    assertThat(HumanBytes.format(300L << 30)).isEqualTo("300 GiB");
    assertThat(HumanBytes.format(-2048)).isEqualTo("-2.00 KiB");
  }
}
