package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;
import static io.github.redismem.report.ReportFormat.EN_DASH;
import static io.github.redismem.report.ReportFormat.bytes;
import static io.github.redismem.report.ReportFormat.count;
import static io.github.redismem.report.ReportFormat.percent;
import static io.github.redismem.report.ReportFormat.seconds;
import static io.github.redismem.report.ReportFormat.ttl;

import io.github.redismem.report.EstimateNote;
import io.github.redismem.report.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report page's sections about the last pass: memory by data type and encoding, top keys, prefixes, TTL
 * buckets and findings. Every key, prefix and text from the report goes through {@link Html#escape}.
 */
final class AnalysisSections {
  /** Bars beyond this go unshown in a chart (the table below it still lists them). */
  private static final int CHART_ROWS = 15;

  private AnalysisSections() {}

  static void render(Report.Analysis a, StringBuilder out) {
    boolean manyDbs = a.encodings().stream().map(Report.EncodingRow::db).distinct().count() > 1
        || a.prefixes().stream().map(Report.PrefixRow::db).distinct().count() > 1;
    out.append("<p class=\"note\">Last pass: ").append(count(a.keys())).append(" keys, ")
        .append(escape(bytes(a.bytes()))).append(" (MEMORY USAGE)")
        .append(a.sampleRatio() < 1 ? ", estimated from a sample of " + percent(a.sampleRatio()) : "")
        .append(", finished ").append(escape(a.finishedAt().toString())).append(" in ")
        .append(seconds(a.durationSeconds())).append(".</p>\n");
    if (a.estimation().sampled()) {
      out.append("<p class=\"estimate\" id=\"estimation\">").append(escape(EstimateNote.sentence(a.estimation())))
          .append("</p>\n");
    }
    encodings(a, manyDbs, out);
    topKeys(a.topKeys(), a.estimation().topKeysFromSample(), out);
    prefixes(a, manyDbs, out);
    ttls(a, out);
    findings(a.findings(), out);
    WhatIfSection.render(a.whatIfs(), out);
  }

  private static void encodings(Report.Analysis a, boolean manyDbs, StringBuilder out) {
    SvgBarChart chart = new SvgBarChart("chart-encodings", "Memory by data type and encoding");
    a.encodings().stream().limit(CHART_ROWS).forEach(e -> chart.bar(
        (manyDbs ? "db" + e.db() + " " : "") + e.dataType() + " \u00b7 " + e.encoding(), e.bytes(), e.bytesLow(),
        e.bytesHigh(), bytes(e.bytes(), e.bytesLow(), e.bytesHigh(), EN_DASH) + " \u00b7 "
            + count(e.keys(), e.keysLow(), e.keysHigh(), EN_DASH) + " keys"));
    long unattributed = a.estimation().unattributedBytes();
    if (unattributed > 0) {
      chart.bar("unattributed: no category known", unattributed, bytes(unattributed));
    }
    out.append("<section id=\"encodings\"><h2>Memory by data type and encoding</h2>\n")
        .append(a.encodings().isEmpty() ? "<p>No keys.</p>" : chart.render()).append("</section>\n");
  }

  private static void topKeys(List<Report.KeyRow> keys, boolean fromSample, StringBuilder out) {
    out.append("<section id=\"top-keys\"><h2>Top keys")
        .append(fromSample ? " <small>" + escape(EstimateNote.TOP_KEYS) + "</small>" : "").append("</h2>\n");
    if (keys.isEmpty()) {
      out.append("<p>No keys.</p></section>\n");
      return;
    }
    // a node column only in a cluster's report, so that a single node's page stays as it was
    boolean nodes = Report.KeyRow.anyNode(keys);
    out.append("<table id=\"top-keys-table\"><thead><tr>").append(nodes ? "<th>node</th>" : "")
        .append("<th>db</th><th>key</th><th>type</th><th>encoding</th>"
        + "<th class=\"n\">bytes</th><th class=\"n\">elements</th><th class=\"n\">TTL</th></tr></thead><tbody>\n");
    for (Report.KeyRow k : keys) {
      out.append("<tr>").append(nodes ? "<td>" + escape(k.node()) + "</td>" : "").append("<td>").append(k.db())
          .append("</td><td class=\"key\"><code>").append(escape(k.key()))
          .append("</code></td><td>").append(escape(k.dataType())).append("</td><td>").append(escape(k.encoding()))
          .append("</td><td class=\"n\" title=\"").append(k.bytes()).append(" bytes\">")
          .append(escape(bytes(k.bytes()))).append("</td><td class=\"n\">").append(count(k.elements()))
          .append("</td><td class=\"n\">").append(escape(ttl(k.ttlSeconds()))).append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }

  private static void prefixes(Report.Analysis a, boolean manyDbs, StringBuilder out) {
    out.append("<section id=\"prefixes\"><h2>Memory by prefix</h2>\n");
    if (a.prefixes().isEmpty()) {
      out.append("<p>No keys.</p></section>\n");
      return;
    }
    SvgBarChart chart = new SvgBarChart("chart-prefixes", "Memory by key prefix");
    a.prefixes().stream().limit(CHART_ROWS).forEach(p -> chart.bar((manyDbs ? "db" + p.db() + " " : "")
        + p.prefix(), p.bytes(), p.bytesLow(), p.bytesHigh(),
        bytes(p.bytes(), p.bytesLow(), p.bytesHigh(), EN_DASH) + " \u00b7 " + count(p.keys()) + " keys"));
    out.append(chart.render()).append("<table id=\"prefixes-table\"><thead><tr><th>db</th><th>prefix</th>"
        + "<th class=\"n\">keys</th><th class=\"n\">bytes</th><th class=\"n\">share</th>"
        + "<th class=\"n\">keys without TTL</th></tr></thead><tbody>\n");
    for (Report.PrefixRow p : a.prefixes()) {
      out.append("<tr><td>").append(p.db()).append("</td><td class=\"key\"><code>").append(escape(p.prefix()))
          .append("</code></td><td class=\"n\">").append(count(p.keys())).append("</td><td class=\"n\">")
          .append(escape(bytes(p.bytes(), p.bytesLow(), p.bytesHigh(), EN_DASH))).append("</td><td class=\"n\">")
          .append(a.bytes() > 0 ? percent((double) p.bytes() / a.bytes()) : "")
          .append("</td><td class=\"n\">").append(count(p.keysWithoutTtl())).append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }

  /**
   * All databases together, in bucket order: how much memory leaves by itself, and when. The ranges of a sampled
   * pass are the sums of the databases' bounds: wider than the sum's own 99% bounds, never narrower.
   */
  private static void ttls(Report.Analysis a, StringBuilder out) {
    Map<String, long[]> byBucket = new LinkedHashMap<>();
    for (String bucket : Report.TtlRow.BUCKETS) {
      byBucket.put(bucket, new long[6]);
    }
    for (Report.TtlRow t : a.ttls()) {
      long[] v = byBucket.computeIfAbsent(t.bucket(), b -> new long[6]);
      v[0] += t.keys();
      v[1] += t.keysLow();
      v[2] += t.keysHigh();
      v[3] += t.bytes();
      v[4] += t.bytesLow();
      v[5] += t.bytesHigh();
    }
    SvgBarChart chart = new SvgBarChart("chart-ttls", "Memory by remaining TTL");
    byBucket.forEach((bucket, v) -> chart.bar(bucket.equals(Report.TtlRow.NONE) ? "no TTL" : "expires within " + bucket,
        v[3], v[4], v[5], bytes(v[3], v[4], v[5], EN_DASH) + " \u00b7 " + count(v[0], v[1], v[2], EN_DASH) + " keys"));
    out.append("<section id=\"ttls\"><h2>Memory by TTL</h2>\n").append(chart.render()).append("</section>\n");
  }

  private static void findings(List<Report.FindingRow> findings, StringBuilder out) {
    out.append("<section id=\"findings\"><h2>Findings</h2>\n");
    if (findings.isEmpty()) {
      out.append("<p>No memory anti-patterns found.</p>");
    }
    for (Report.FindingRow f : findings) {
      out.append("<article class=\"finding\" id=\"finding-").append(escape(f.finding())).append('-').append(f.db())
          .append("\"><h3>").append(escape(f.title())).append(" <small><code>").append(escape(f.finding()))
          .append("</code> db").append(f.db()).append("</small></h3>\n<p class=\"facts\">")
          .append(escape(count(f.keys(), f.keysLow(), f.keysHigh(), EN_DASH))).append(" keys, ")
          .append(escape(bytes(f.bytes(), f.bytesLow(), f.bytesHigh(), EN_DASH)))
          .append(f.savingNote().map(note -> "; " + escape(note))
              .orElse("; estimated saving <strong>" + escape(bytes(f.reclaimableBytes())) + "</strong>"))
          .append("</p>\n<p>").append(escape(f.fix().summary())).append("</p>\n<p>Fix (")
          .append(escape(f.fix().kind())).append("):</p><ol class=\"steps\">");
      f.fix().steps().forEach(s -> out.append("<li><code>").append(escape(s)).append("</code></li>"));
      out.append("</ol>\n");
      if (!f.examples().isEmpty()) {
        out.append("<p>Example keys:</p><ul class=\"examples\">");
        f.examples().forEach(k -> out.append("<li><code>").append(escape(k.key())).append("</code> ")
            .append(escape(k.dataType())).append('/').append(escape(k.encoding())).append(", ")
            .append(escape(bytes(k.bytes()))).append(k.node().isEmpty() ? "" : ", on " + escape(k.node()))
            .append("</li>"));
        out.append("</ul>\n");
      }
      out.append("</article>\n");
    }
    out.append("</section>\n");
  }
}
