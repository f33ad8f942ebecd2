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
  void anExactPassHasNoRangesAndNoEstimateNote() {
    assertThat(text).doesNotContain("RANGE", "unattributed", "Estimated from", "sampled keys", "99%");
    assertThat(text).contains("\nTop keys\n");
  }

  @Test
  void aSampledPassSaysHowItWasEstimatedAndGivesRangeColumns() {
    String sampled = ReportText.render(SampleReports.sampled());
    assertThat(sampled).contains("  keys analysed: 20,110, 13.5 MiB (estimated from a sample)\n"
        + "  Estimated from a 10% sample of keys (docs/sampling.md):\n"
        + "    ranges are 99% bounds;\n"
        + "    keys of 64.0 KiB or more counted once at their size;\n"
        + "    3.20 MiB of the 13.5 MiB dataset (used_memory_dataset) unattributed.\n");
    assertThat(sampled).contains(
        "  DB  TYPE          ENCODING     KEYS     KEYS RANGE    MEMORY      MEMORY RANGE  SHARE\n"
        + "   0  string        raw            60          40-86  5.72 MiB     5.25-6.48 MiB  42.3%\n"
        + "   0  string        embstr     20,000  19,201-20,800  2.33 MiB     2.19-2.48 MiB  17.2%\n"
        + "   0  hash          hashtable      30          18-45  1.53 MiB     1.14-2.00 MiB  11.3%\n"
        + "   2  zset          skiplist       20          10-32   781 KiB  488 KiB-1.19 MiB   5.6%\n"
        + "   -  unattributed  -               -              -  3.20 MiB                 -  23.6%\n");
    assertThat(sampled).contains("\nTop keys (biggest of the sampled keys: other keys may be bigger)\n",
        "  DB  PREFIX            KEYS    MEMORY      MEMORY RANGE  SHARE  NO TTL\n",
        "   0  none  20,060  19,300-20,900  8.05 MiB     7.53-8.87 MiB  59.5%\n",
        "   0  hash_hashtable_under_limit      30          18-45  1.53 MiB  1.14-2.00 MiB  977 KiB\n",
        "   0  no_ttl                      20,060  19,300-20,900  8.05 MiB  7.53-8.87 MiB        -\n",
        "    keys 20,060 (19,300-20,900), memory 8.05 MiB (7.53-8.87 MiB); memory without TTL: only eviction or a DEL"
            + " frees it\n",
        // exact within the sample (a big key counted once): the value alone
        "    keys 1, memory 488 KiB, estimated saving 0 B\n");
    assertThat(sampled.lines().filter(l -> l.endsWith(" "))).isEmpty();
    assertThat(ReportText.summary(SampleReports.sampled()))
        .contains("   -  unattributed  -", "Estimated from a 10%");
  }

  @Test
  void findingsCarryTheirSavingFixAndExamples() {
    assertThat(text).contains("  no_ttl in db 0: ",
        "    keys 4,000, memory 879 KiB; memory without TTL: only eviction or a DEL frees it\n",
        "    fix (command): ", "    examples:", "      <script>alert(1)</script> (488 KiB, string raw, length 500,000)");
    assertThat(text).contains("  big_key in db 0", "estimated saving 0 B",
        "    keys 3, memory 117 KiB, estimated saving 78.1 KiB\n");
    assertThat(text).doesNotContain("estimated saving 879 KiB");
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
    assertThat(HumanBytes.range(12_480_000, 13_600_000, "-")).isEqualTo("11.9-13.0 MiB");
    assertThat(HumanBytes.range(900 << 10, 1_153_434, "-")).isEqualTo("900 KiB-1.10 MiB");
    assertThat(HumanBytes.range(1536, 1536, "-")).isEqualTo("1.50 KiB");
    assertThat(ReportFormat.countRange(1900, 2100, "-")).isEqualTo("1,900-2,100");
    assertThat(ReportFormat.count(2000, 1900, 2100, "-")).isEqualTo("2,000 (1,900-2,100)");
    assertThat(ReportFormat.count(2000, 2000, 2000, "-")).isEqualTo("2,000");
    assertThat(ReportFormat.bytes(1536, 1536, 1536, "-")).isEqualTo("1.50 KiB");
  }

  @Test
  void instanceFindingsFollowTheInstanceWithTheirFix() {
    String text = ReportText.render(SampleReports.complete());
    assertThat(text).contains("\nInstance findings\n  maxmemory_unset: No memory limit or eviction for a cache (")
        .contains("    evidence: maxmemory 0, used_memory 25,772,968,")
        .contains("      CONFIG SET maxmemory ");
    assertThat(text.indexOf("Instance findings")).isLessThan(text.indexOf("\nSampler"));
    assertThat(ReportMarkdown.render(SampleReports.complete())).contains("## Instance findings\n\n### `maxmemory_unset`");
  }

  @Test
  void thresholdWhatIfsFollowTheFindingsWithTheirCandidatesAndCommand() {
    assertThat(text).containsSubsequence("Findings",
        "Threshold what-ifs (keys re-encoded after raising the threshold; estimated)",
        "hash-max-listpack-value = 64: 3 hash keys in hashtable over it",
        "held back by the value limit: 78.1 KiB would be freed at a value above their longest element",
        "zset-max-listpack-entries = 128: 2 zset keys in skiplist over it, 58.6 KiB",
        "VALUE  BASIS   KEYS CONVERTED    SAVING  COMPACT KEY AT LIMIT",
        "256  2x,p99               2  34.2 KiB",
        "CONFIG SET zset-max-listpack-entries 256 (now 128)");
  }

  @Test
  void aReportWithoutWhatIfsHasNoSectionForThem() {
    assertThat(ReportText.render(SampleReports.sampled())).doesNotContain("what-ifs");
  }

  @Test
  void aClustersTopKeysAndExamplesShowTheirNodeAndASingleNodesShowNone() {
    String cluster = ReportText.render(SampleReports.cluster());
    assertThat(cluster).contains(
        "  NODE           DB  KEY                        TYPE    ENCODING     MEMORY  ELEMENTS      TTL\n"
        + "  10.0.0.1:7000   0  <script>alert(1)</script>  string  raw         488 KiB   500,000     none\n"
        + "  10.0.0.2:7001   0  feed:9                     list    quicklist   439 KiB     9,000     none\n",
        "      feed:9 (439 KiB, list quicklist, length 9,000, on 10.0.0.2:7001)\n");
    assertThat(text).contains("  DB  KEY ").doesNotContain("NODE", "10.0.0.1");
  }
}
