package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The report page at {@code /}: the whole {@link Report} as one server-rendered HTML document with inline CSS,
 * inline SVG charts and one small script. Nothing is loaded from elsewhere, so it works offline; every link is
 * relative, so it works behind a proxy that serves the exporter under a prefix.
 *
 * <p>It refreshes itself by fetching its own URL and swapping the {@code <main>} element, rather than fetching
 * report.json and rendering it again in JavaScript: the HTML is rendered (and escaped) in one place only, scroll
 * position survives, and a failed refresh leaves the last good report on screen with a note. The interval is
 * short while the first pass runs and longer after. Without JavaScript a {@code <noscript>} meta refresh does it.
 */
final class ReportPage {
  /** Seconds between refreshes while the first pass runs, and after. */
  static final int REFRESH_PENDING = 5;
  static final int REFRESH_READY = 30;

  static final String SCRIPT = """
      (function () {
        var status = document.getElementById('refresh-status');
        function schedule() {
          var main = document.getElementById('report');
          setTimeout(refresh, (Number(main.getAttribute('data-refresh')) || 30) * 1000);
        }
        function refresh() {
          if (document.hidden) { schedule(); return; }
          fetch(window.location.href, { cache: 'no-store', headers: { 'Accept': 'text/html' } })
            .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })
            .then(function (html) {
              var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('report');
              if (fresh) { document.getElementById('report').replaceWith(fresh); }
              status.textContent = '';
            })
            .catch(function (e) { status.textContent = 'Refresh failed (' + e.message + '); retrying.'; })
            .then(schedule);
        }
        schedule();
      })();
      """;

  /** The Content-Security-Policy: only this page's own script runs, even if some text escaped escaping. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; script-src '"
      + sha256(SCRIPT) + "'";

  private static final String STYLE = """
      body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
      header,main{max-width:72em;margin:0 auto;padding:0 1.2em}
      header{padding-top:1em}header nav a{margin-right:1em}
      h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #d5d9e0}
      h3{font-size:1.05em;margin:.2em 0}small{color:#5b6475;font-weight:normal}
      code{background:#eceef2;padding:0 .25em;border-radius:3px;word-break:break-all}
      .cards{display:flex;flex-wrap:wrap;gap:.6em}
      .card{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:.5em .8em;min-width:9em}
      .card b{display:block;font-size:1.15em}.card span{color:#5b6475;font-size:.85em}
      .warn{color:#a33b00}.note{color:#5b6475}.pending{font-size:1.1em;background:#fff6d6;padding:.6em .8em}
      .partial{background:#ffe1d6;padding:.6em .8em}
      progress{width:16em}
      table{border-collapse:collapse;width:100%;background:#fff;margin:.5em 0}
      th,td{border-bottom:1px solid #e3e6eb;padding:.25em .5em;text-align:left;vertical-align:top}
      th.n,td.n{text-align:right;white-space:nowrap}td.key{max-width:30em}
      svg.chart{width:100%;height:auto;background:#fff;border:1px solid #d5d9e0;border-radius:6px}
      svg.chart text{font:13px system-ui,sans-serif;fill:#1d2330}svg.chart rect{fill:#3d6fb6}
      svg.chart path.range{stroke:#1d2330;stroke-width:1.5;fill:none}
      .estimate{background:#e8f0fb;padding:.6em .8em}
      .finding{background:#fff;border:1px solid #d5d9e0;border-left:4px solid #d9822b;border-radius:6px;
        padding:.6em 1em;margin:.8em 0}
      .finding p{margin:.3em 0}.steps li,.examples li{margin:.15em 0}
      footer{max-width:72em;margin:2em auto;padding:0 1.2em;color:#5b6475;font-size:.85em}
      """;

  private final String metricsLink;

  /** @param telemetryPath the configured metrics path, linked relatively */
  ReportPage(String telemetryPath) {
    this.metricsLink = telemetryPath.substring(1);
  }

  String render(Report r) {
    boolean pending = r.analysis().isEmpty() && !r.sampler().state().equals("disabled");
    StringBuilder out = new StringBuilder(32_768);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // no favicon request (a 404 the browser would log as an error)
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>Redis memory report \u00b7 ").append(escape(r.target())).append("</title>\n")
        .append("<noscript><meta http-equiv=\"refresh\" content=\"").append(REFRESH_READY).append("\"></noscript>")
        .append("<style>").append(STYLE).append("</style></head><body>\n<header><h1>redis-memory-exporter</h1>")
        .append("<p>Where the memory of <code>").append(escape(r.target())).append("</code> goes. Version <code>")
        .append(escape(r.exporterVersion())).append("</code>.</p><nav><a href=\"").append(escape(metricsLink))
        .append("\">Metrics</a><a href=\"report.json\">report.json</a><a href=\"-/healthy\">Health</a>")
        .append("<a href=\"-/ready\">Readiness</a> <span id=\"refresh-status\" class=\"warn\"></span></nav>")
        .append("</header>\n<main id=\"report\" data-refresh=\"").append(pending ? REFRESH_PENDING : REFRESH_READY)
        .append("\">\n");
    if (r.partial()) {
      out.append("<p class=\"partial\">Partial report: the pass was stopped before it covered every key.</p>\n");
    }
    SnapshotSection.render(r, out);
    InstanceSection.render(r.instance(), out);
    ClusterNodesSection.render(r.nodes(), out);
    InstanceFindingsSection.render(r.instance(), r.instanceFindings(), out);
    InstanceSection.sampler(r.sampler(), out);
    if (r.analysis().isPresent()) {
      AnalysisSections.render(r.analysis().get(), out);
    } else if (pending) {
      out.append("<p class=\"pending\" id=\"first-pass\">First pass in progress (")
          .append(ReportFormat.percent(r.sampler().progress()))
          .append(r.estimate().isPresent() ? "): the figures below are an early estimate until it completes.</p>\n"
              : "): memory by type, top keys, prefixes, TTLs and findings appear when it completes.</p>\n");
    } else {
      out.append("<p class=\"note\">The key sampler is off (<code>sampling.enabled=false</code>): only the"
          + " instance summary is available.</p>\n");
    }
    r.estimate().ifPresent(e -> earlyEstimate(e, out));
    r.allocator().ifPresent(a -> AllocatorPageSection.render(a, out));
    GrowthSection.render(r, out);
    out.append("<footer>Generated ").append(escape(r.generatedAt().toString()))
        .append(". Refreshes itself every ").append(pending ? REFRESH_PENDING : REFRESH_READY)
        .append(" s.</footer>\n</main>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    return out.toString();
  }

  /**
   * The running pass's early estimate, after the last complete pass when there is one; its sections' ids are
   * prefixed so that they never clash with the complete pass's.
   */
  private static void earlyEstimate(Report.EarlyAnalysis e, StringBuilder out) {
    out.append("<section id=\"early-estimate\"><h2>Early estimate at ").append(ReportFormat.percent(e.progress()))
        .append(" of the running pass</h2>\n<p class=\"estimate\">Extrapolated from the keys the running pass has"
            + " read so far: SCAN's order has nothing to do with key names, so they are close to a uniform sample"
            + " (docs/sampling.md, \"Early estimates\"). Ranges are 99% bounds; top keys and examples are those seen"
            + " so far; databases the pass has not reached yet are not in it. Made ")
        .append(escape(e.madeAt().toString())).append(".</p>\n");
    StringBuilder sections = new StringBuilder();
    AnalysisSections.render(e.analysis(), sections);
    out.append(sections.toString().replace(" id=\"", " id=\"estimate-")).append("</section>\n");
  }

  private static String sha256(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
