package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.MemoryState;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportBuilder;
import io.github.redismem.report.SampleReports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private final ReportPage page = new ReportPage("/metrics");

  @Test
  void everyKeyIsEscapedAndOnlyThePagesOwnScriptExists() {
    String html = page.render(SampleReports.complete());
    assertThat(html).doesNotContain(SampleReports.HOSTILE_KEY)
        .contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>")
        .contains("q&quot;uo\\\\te:1 &amp; &#39;x&#39;")
        .contains("line1\\x0aline2");
    assertThat(count(html, "<script")).isEqualTo(1);
    assertThat(html).contains("<script>" + ReportPage.SCRIPT + "</script>");
    assertThat(ReportPage.CONTENT_SECURITY_POLICY).matches(".*script-src 'sha256-[A-Za-z0-9+/]{43}='$");
  }

  @Test
  void everySectionIsThereWithNonEmptyCharts() {
    String html = page.render(SampleReports.complete());
    for (String id : List.of("chart-encodings", "chart-prefixes", "chart-ttls")) {
      Matcher svg = Pattern.compile("<svg class=\"chart\" id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(html);
      assertThat(svg.find()).as(id).isTrue();
      assertThat(count(svg.group(), "<rect")).as(id).isPositive();
    }
    assertThat(html).contains("id=\"top-keys-table\"", "id=\"prefixes-table\"", "id=\"instance\"",
        "id=\"sampler\"", "id=\"finding-no_ttl-0\"", "id=\"finding-zset_skiplist_near_limit-2\"",
        "CONFIG SET zset-max-listpack-entries 256 (now 128)", "estimated saving <strong>78.1 KiB</strong>",
        "<p class=\"facts\">4,000 keys, 879 KiB; memory without TTL: only eviction or a DEL frees it</p>",
        "<b>24.6 MiB</b>", "<code>peak_memory</code>", "<b>idle</b>", "<b>42 s ago</b>", "<b>1,002</b>")
        .doesNotContain("First pass in progress");
    // keys without TTL show their memory, never a saving: a TTL frees nothing on a key meant to live forever
    Matcher noTtl = Pattern.compile("<article class=\"finding\" id=\"finding-no_ttl-0\">.*?</article>",
        Pattern.DOTALL).matcher(html);
    assertThat(noTtl.find()).isTrue();
    assertThat(noTtl.group()).doesNotContain("estimated saving");
    // 8 TTL buckets always, in order, so the chart's shape is comparable between instances
    Matcher ttls = Pattern.compile("<svg class=\"chart\" id=\"chart-ttls\".*?</svg>", Pattern.DOTALL).matcher(html);
    assertThat(ttls.find()).isTrue();
    assertThat(count(ttls.group(), "<rect")).isEqualTo(8);
    assertThat(ttls.group().indexOf("no TTL")).isLessThan(ttls.group().indexOf("expires within 1h"));
  }

  @Test
  void aRunningFirstPassShowsItsEarlyEstimateMarkedWithIdsOfItsOwn() {
    String html = page.render(SampleReports.early());
    assertThat(html).contains("): the figures below are an early estimate until it completes.</p>",
        "<section id=\"early-estimate\"><h2>Early estimate at 5% of the running pass</h2>",
        "Ranges are 99% bounds; top keys and examples are those seen so far;", "id=\"estimate-top-keys-table\"");
    java.util.List<String> ids = java.util.regex.Pattern.compile(" id=\"([^\"]+)\"").matcher(html).results()
        .map(m -> m.group(1)).toList();
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void anExactPassShowsNoRangesAndNoEstimateNote() {
    String html = page.render(SampleReports.complete());
    assertThat(html).doesNotContain("id=\"estimation\"", "<path class=\"range\"", "unattributed", "sampled keys",
        "99%");
  }

  @Test
  void aSampledPassSaysHowItWasEstimatedAndShowsEveryRange() {
    String html = page.render(SampleReports.sampled());
    assertThat(html).contains("<p class=\"estimate\" id=\"estimation\">Estimated from a 10% sample of keys "
        + "(docs/sampling.md): ranges are 99% bounds; keys of 64.0 KiB or more counted once at their size; "
        + "3.20 MiB of the 13.5 MiB dataset (used_memory_dataset) unattributed.</p>",
        "<h2>Top keys <small>biggest of the sampled keys: other keys may be bigger</small></h2>",
        // the prefix table, and the finding's facts
        "<td class=\"n\">5.72 MiB (5.25\u20136.48 MiB)</td>",
        "20,060 (19,300\u201320,900) keys, 8.05 MiB (7.53\u20138.87 MiB); memory without TTL: only eviction or a DEL"
            + " frees it</p>",
        "<p class=\"facts\">1 keys, 488 KiB; estimated saving");
    assertThat(html).doesNotContain(SampleReports.HOSTILE_KEY)
        .contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    Matcher encodings = Pattern.compile("<svg class=\"chart\" id=\"chart-encodings\".*?</svg>", Pattern.DOTALL)
        .matcher(html);
    assertThat(encodings.find()).isTrue();
    // a whisker per estimated bar, and a bar of its own for what no category was given
    assertThat(count(encodings.group(), "<path class=\"range\"")).isEqualTo(4);
    assertThat(count(encodings.group(), "<rect")).isEqualTo(5);
    assertThat(encodings.group()).contains("5.72 MiB (5.25\u20136.48 MiB) \u00b7 60 (40\u201386) keys",
        "unattributed: no category known: 3.20 MiB");
    // the TTL chart adds the databases' bounds up per bucket
    Matcher ttls = Pattern.compile("<svg class=\"chart\" id=\"chart-ttls\".*?</svg>", Pattern.DOTALL).matcher(html);
    assertThat(ttls.find()).isTrue();
    assertThat(ttls.group()).contains("8.05 MiB (7.53\u20138.87 MiB) \u00b7 20,060 (19,300\u201320,900) keys");
    assertThat(count(ttls.group(), "<path class=\"range\"")).isEqualTo(3);
  }

  @Test
  void aRangeIsAWhiskerFromItsLowToItsHighEnd() {
    String svg = new SvgBarChart("c", "t").bar("a", 50, 40, 100, "50").bar("b", 80, "80").render();
    // 100 is the scale's end (the highest bound, not the biggest value), at x = 300 + 430
    assertThat(svg).contains("<path class=\"range\" d=\"M472.0 9V19M472.0 14H730.0M730.0 9V19\"/>",
        "width=\"215.0\"", "width=\"344.0\"");
    assertThat(count(svg, "<path")).isEqualTo(1);
  }

  @Test
  void linksAreRelativeSoAProxyPrefixWorks() {
    String html = new ReportPage("/custom/metrics").render(SampleReports.complete());
    assertThat(html).contains("href=\"custom/metrics\"", "href=\"report.json\"", "href=\"-/healthy\"",
        "href=\"-/ready\"");
    assertThat(Pattern.compile("(href|src)=\"/").matcher(html).find()).isFalse();
    // nothing loaded from elsewhere: the SVG namespace is a name, not a fetch
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
  }

  @Test
  void beforeTheFirstPassTheSummaryAndProgressShowInsteadOfEmptyCharts() {
    String html = page.render(SampleReports.firstPassRunning());
    assertThat(html).contains("First pass in progress (37%)", "id=\"instance\"", "<b>24.6 MiB</b>",
        "data-refresh=\"" + ReportPage.REFRESH_PENDING + "\"").doesNotContain("<svg", "top-keys-table");
  }

  @Test
  void aDownRedisAndAnOffSamplerAreSaidPlainly() {
    MemoryState down = MemoryState.down(Duration.ofSeconds(1), List.of(), Map.of());
    Report r = new ReportBuilder("v", "redis://<redacted>@h:6379").build(down, ReportBuilder.SAMPLER_DISABLED,
        SampleReports.NOW, false);
    String html = page.render(r);
    assertThat(html).contains("Redis did not answer", "The key sampler is off", "redis://&lt;redacted&gt;@h:6379",
        "data-refresh=\"" + ReportPage.REFRESH_READY + "\"").doesNotContain("First pass in progress", "<svg");
  }

  @Test
  void aPartialReportSaysSo() {
    Report r = SampleReports.complete();
    Report partial = new Report(r.exporterVersion(), r.target(), r.generatedAt(), true, r.instance(), r.sampler(),
        r.analysis());
    assertThat(page.render(partial)).contains("Partial report");
    assertThat(page.render(r)).doesNotContain("Partial report");
  }

  @Test
  void escapeCoversEveryMarkupCharacter() {
    assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theWhatIfsSectionListsEachThresholdWithItsCandidates() {
    String html = page.render(SampleReports.complete());
    assertThat(html).containsSubsequence("id=\"findings\"", "<section id=\"what-ifs\">",
        "id=\"what-if-hash-max-listpack-value\"", "id=\"what-if-zset-max-listpack-entries\"",
        "<td class=\"n\">256</td><td>2x,p99</td>", "CONFIG SET zset-max-listpack-entries 256 (now 128)");
  }

  @Test
  void aClustersTopKeysHaveANodeColumnAndASingleNodesHaveNone() {
    String cluster = page.render(SampleReports.cluster());
    assertThat(cluster).contains("<thead><tr><th>node</th><th>db</th><th>key</th>",
        "<tr><td>10.0.0.2:7001</td><td>0</td><td class=\"key\"><code>feed:9</code>",
        "<li><code>feed:9</code> list/quicklist, 439 KiB, on 10.0.0.2:7001</li>");
    String single = page.render(SampleReports.complete());
    assertThat(single).contains("<thead><tr><th>db</th><th>key</th>",
        "<li><code>&lt;script&gt;alert(1)&lt;/script&gt;</code> string/raw, 488 KiB</li>")
        .doesNotContain("<th>node</th>");
  }

  @Test
  void aSnapshotSourceIsNamedAboveTheInstanceWithItsAge() {
    io.github.redismem.report.Report live = SampleReports.complete();
    assertThat(page.render(live)).doesNotContain("id=\"snapshot\"");
    String html = page.render(live.withSnapshot(SampleReports.snapshot().snapshot()));
    assertThat(html).contains("<h2>Source: RDB snapshot</h2>", "<code>/data/dump.rdb</code>", "written by Redis 7.0.15")
        .contains("before this report</b>");
    assertThat(html.indexOf("id=\"snapshot\"")).isLessThan(html.indexOf("id=\"instance\""));
  }
}
