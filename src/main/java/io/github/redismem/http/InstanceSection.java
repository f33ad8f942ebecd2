package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.util.Map;
import java.util.TreeMap;

/** The report page's instance summary and sampler status: small cards of numbers, shown from the first scrape. */
final class InstanceSection {
  private InstanceSection() {}

  static void render(Report.Instance i, StringBuilder out) {
    out.append("<section id=\"instance\"><h2>Instance</h2>\n");
    if (!i.up()) {
      out.append("<p class=\"warn\">Redis did not answer: see <code>redismem_up</code> and the exporter's log."
          + "</p></section>\n");
      return;
    }
    out.append("<div class=\"cards\">");
    card(out, "used", ReportFormat.bytes(i.usedBytes()), i.maxBytes() > 0
        ? ReportFormat.percent((double) i.usedBytes() / i.maxBytes()) + " of maxmemory "
            + ReportFormat.bytes(i.maxBytes())
        : "no maxmemory limit");
    card(out, "RSS", ReportFormat.bytes(i.rssBytes()), "peak used " + ReportFormat.bytes(i.peakBytes()));
    card(out, "fragmentation", ReportFormat.decimal(i.fragmentationRatio()), "RSS / used");
    card(out, "keys", ReportFormat.count(i.keys()), ReportFormat.count(i.expiringKeys()) + " with a TTL");
    card(out, "evicted keys", ReportFormat.count(i.evictedKeys()), "policy " + i.maxmemoryPolicy());
    card(out, "server", i.server() + " " + i.version(), i.role());
    out.append("</div>\n<p id=\"doctor\">MEMORY DOCTOR: ");
    if (i.doctorIssues().isEmpty()) {
      out.append("no issues.");
    } else {
      out.append("<span class=\"warn\">");
      for (int n = 0; n < i.doctorIssues().size(); n++) {
        out.append(n > 0 ? ", " : "").append("<code>").append(escape(i.doctorIssues().get(n))).append("</code>");
      }
      out.append("</span> (<code>redismem_doctor_issue</code>).");
    }
    out.append("</p></section>\n");
  }

  static void sampler(Report.Sampler s, StringBuilder out) {
    out.append("<section id=\"sampler\"><h2>Key sampler</h2>\n<div class=\"cards\">");
    card(out, "state", s.state(), s.passesTotal() + (s.passesTotal() == 1 ? " pass, " : " passes, ")
        + ReportFormat.count(s.keysTotal()) + " keys");
    out.append("<div class=\"card\"><span>progress</span><b>").append(ReportFormat.percent(s.progress()))
        .append("</b><progress max=\"1\" value=\"").append(Math.max(0, Math.min(1, s.progress())))
        .append("\"></progress></div>");
    card(out, "last pass", s.lastPassAgeSeconds().isPresent()
        ? ReportFormat.seconds(s.lastPassAgeSeconds().getAsDouble()) + " ago" : "none yet", "");
    card(out, "keys/s", s.lastPassKeysPerSecond().isPresent()
        ? ReportFormat.count(Math.round(s.lastPassKeysPerSecond().getAsDouble())) : "\u2013", "in the last pass");
    card(out, "Redis time share", ReportFormat.percent(s.redisTimeRatio()), "measured");
    card(out, "sample ratio", ReportFormat.percent(s.sampleRatio()), "of keys inspected");
    if (!s.nodeText().isEmpty()) {
      card(out, "sampled node", s.nodeText(), "chosen per pass (sampling.readFrom)");
    }
    Map<String, Long> errors = new TreeMap<>(s.errors());
    errors.values().removeIf(n -> n == 0);
    if (!errors.isEmpty()) {
      StringBuilder text = new StringBuilder();
      errors.forEach((reason, n) -> text.append(text.length() > 0 ? ", " : "").append(reason).append(' ').append(n));
      card(out, "errors", Long.toString(errors.values().stream().mapToLong(Long::longValue).sum()), text.toString());
    }
    out.append("</div>");
    for (String limit : s.limits()) {
      out.append("<p class=\"warn\">Limited: ").append(escape(limit)).append("</p>");
    }
    out.append("</section>\n");
  }

  static void card(StringBuilder out, String name, String value, String detail) {
    out.append("<div class=\"card\"><span>").append(escape(name)).append("</span><b>").append(escape(value))
        .append("</b><span>").append(escape(detail)).append("</span></div>");
  }
}
