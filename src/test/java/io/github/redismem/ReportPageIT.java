package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.HeadlessChromium;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report page in a real headless Chromium, against a running exporter and a real Redis holding the standard
 * dataset plus a 3 MB key named {@code <script>alert(1)</script>}. The browser opens the page during the first
 * pass, sees the progress, and must get the finished report through the page's own refresh; then every section is
 * checked, the hostile key must show as text and nothing may have gone wrong in the console. Screenshots per
 * Redis version (the 1280x2000 window, and the whole page) land in target/ for review.
 */
class ReportPageIT {
  private static final String HOSTILE = "<script>alert(1)</script>";

  /** What the page shows, gathered in the browser: the DOM as it is after scripts ran, not the HTML sent. */
  private static final String INSPECT = """
      (() => {
        const text = s => { const e = document.querySelector(s); return e ? e.textContent : null; };
        const charts = {};
        for (const id of ['chart-encodings', 'chart-prefixes', 'chart-ttls']) {
          const svg = document.getElementById(id);
          charts[id] = svg === null ? null : {
            bars: Array.from(svg.querySelectorAll('rect')).filter(r => r.getBBox().width > 0).length,
            height: svg.getBoundingClientRect().height,
            labels: Array.from(svg.querySelectorAll('text')).map(t => t.textContent)
          };
        }
        return {
          pending: text('#first-pass'),
          topKeys: Array.from(document.querySelectorAll('#top-keys-table tbody tr'))
            .map(tr => Array.from(tr.cells).map(td => td.textContent)),
          prefixRows: document.querySelectorAll('#prefixes-table tbody tr').length,
          charts: charts,
          findings: Array.from(document.querySelectorAll('.finding')).map(f => f.id),
          examples: Array.from(document.querySelectorAll('.finding .examples code')).map(c => c.textContent),
          fixSteps: document.querySelectorAll('.finding .steps li').length,
          sampler: text('#sampler'),
          instance: text('#instance'),
          scripts: document.scripts.length,
          mainScripts: document.querySelectorAll('main script').length,
          links: Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))
        };
      })()
      """;

  @RedisTest
  void theReportPageShowsEverySectionAndTheHostileKeyAsText(RedisBinary binary) throws Exception {
    Path chromium = HeadlessChromium.binary();
    try (RedisServer redis = binary.start()) {
      KeyspaceDataset.Truth truth = KeyspaceDataset.standard(redis, 42);
      redis.admin().set(HOSTILE, "x".repeat(3 << 20));
      // ~1,000 keys/s makes the first pass last a few seconds: long enough to see the page before it completes
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxKeysPerSecond=1000",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h",
          "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES);
          HeadlessChromium browser = new HeadlessChromium(chromium, 1280, 2000)) {
        browser.open("http://127.0.0.1:" + exporter.port() + "/");
        @SuppressWarnings("unchecked")
        Map<String, Object> early = (Map<String, Object>) browser.evaluate(INSPECT);
        assertThat((String) early.get("pending")).as("page during the first pass").startsWith("First pass in progress (");
        assertThat((String) early.get("instance")).contains("used", "keys");

        Map<String, Object> page = waitForTheRefreshedReport(browser);
        String version = (redis.version() + "-" + binary.label()).replaceAll("[^A-Za-z0-9.]+", "-");
        browser.screenshot(Path.of("target", "report-page-" + version + ".png"), false);
        browser.screenshot(Path.of("target", "report-page-" + version + "-full.png"), true);

        List<Object> topKeys = list(page.get("topKeys"));
        assertThat(topKeys).hasSizeGreaterThan(5);
        List<Object> top = list(topKeys.get(0));
        assertThat(top.subList(0, 4)).as("db, key, type, encoding of the biggest key")
            .containsExactly("0", HOSTILE, "string", "raw");
        // bytes as MEMORY USAGE says (the allocator rounds 3 MiB up to a size class), elements, TTL
        assertThat(top.subList(4, 7)).containsExactly(memoryUsage(redis, HOSTILE), "3,145,728", "none");
        assertThat((String) list(topKeys.get(1)).get(1)).isEqualTo("blob:big");
        for (String id : List.of("chart-encodings", "chart-prefixes", "chart-ttls")) {
          assertThat((Double) at(page, "charts", id, "bars")).as(id + " bars").isPositive();
          assertThat((Double) at(page, "charts", id, "height")).as(id + " height").isGreaterThan(20);
        }
        assertThat(list(at(page, "charts", "chart-encodings", "labels"))).anyMatch(l -> l.toString()
            .startsWith("db2 "));
        assertThat((Double) page.get("prefixRows")).isGreaterThan(5);
        Set<String> expectedFindings = new TreeSet<>();
        truth.keys(KeyspaceDataset.Truth.By.FINDING).keySet()
            .forEach(f -> expectedFindings.add("finding-" + f.substring(f.indexOf('|') + 1) + "-" + f.substring(0,
                f.indexOf('|'))));
        assertThat(list(page.get("findings"))).containsAll(expectedFindings);
        assertThat(list(page.get("examples"))).contains(HOSTILE);
        assertThat((Double) page.get("fixSteps")).isGreaterThanOrEqualTo(expectedFindings.size());
        assertThat((String) page.get("sampler")).contains("idle", "last pass", "keys/s", "Redis time share");
        assertThat(page.get("links")).isEqualTo(List.of("metrics", "report.json", "-/healthy", "-/ready"));

        // the hostile key is text: no script of its own, no dialog, nothing in the console
        assertThat((Double) page.get("scripts")).isEqualTo(1);
        assertThat((Double) page.get("mainScripts")).isZero();
        assertThat(browser.events("Page.javascriptDialogOpening")).isEmpty();
        assertThat(browser.events("Runtime.exceptionThrown")).isEmpty();
        assertThat(browser.events("Runtime.consoleAPICalled")).isEmpty();
        assertThat(browser.events("Log.entryAdded")).as("browser log (CSP violations, failed loads)")
            .filteredOn(e -> !"verbose".equals(at(e, "params", "entry", "level"))).isEmpty();

        Object json = Json.parse(Scrape.get(exporter.port(), "/report.json").body());
        assertThat(at(json, "analysis", "top_keys", 0, "key")).isEqualTo(HOSTILE);
        assertThat(at(json, "instance", "keys")).isEqualTo((double) truth.keys().size() + 1);
      }
    }
  }

  /** MEMORY USAGE of a key as the page formats bytes. */
  private static String memoryUsage(RedisServer redis, String key) {
    double bytes = redis.admin().memoryUsage(key);
    return String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / (1 << 20));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** Waits for the page's own refresh (every few seconds while the first pass runs) to bring the finished report. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> waitForTheRefreshedReport(HeadlessChromium browser) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Map<String, Object> page = (Map<String, Object>) browser.evaluate(INSPECT);
      if (page.get("pending") == null && !list(page.get("topKeys")).isEmpty()) {
        return page;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the page did not refresh to the finished report within 60 s; chromium said:\n"
        + browser.stderr());
  }
}
