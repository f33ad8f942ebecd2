package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.util.List;

/**
 * The report page's threshold what-ifs: per encoding threshold that keys are over, the candidate values with the
 * keys they would convert, the memory freed and the size of a compact key at the limit (its O(N) cost).
 */
final class WhatIfSection {
  private WhatIfSection() {}

  static void render(List<Report.WhatIfRow> rows, StringBuilder out) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("<section id=\"what-ifs\"><h2>Threshold what-ifs</h2>\n<p class=\"note\">Keys that would convert to"
        + " the compact encoding, and the memory they would free, if a threshold were raised and the keys"
        + " re-encoded (estimated). A compact key is scanned on every lookup and rewritten on every insert (O(N)):"
        + " the last column is about its size at the limit.</p>\n");
    for (Report.WhatIfRow r : rows) {
      out.append("<article class=\"what-if\" id=\"what-if-").append(escape(r.setting())).append("\"><h3><code>")
          .append(escape(r.setting())).append("</code> = ").append(r.current()).append("</h3>\n<p class=\"facts\">")
          .append(ReportFormat.count(r.keysOver())).append(' ').append(escape(r.dataType())).append(" keys in ")
          .append(escape(r.fromEncoding())).append(" over it, ").append(escape(ReportFormat.bytes(r.bytesOver())))
          .append("</p>\n");
      if (r.candidates().isEmpty()) {
        out.append("<p>Held back by the value limit: <strong>")
            .append(escape(ReportFormat.bytes(r.reclaimableAboveLongest())))
            .append("</strong> would be freed at a value above their longest element (not measured by the"
                + " sampler).</p>\n");
      } else {
        out.append("<table class=\"what-if-table\"><thead><tr><th class=\"n\">value</th><th>basis</th>"
            + "<th class=\"n\">keys converted</th><th class=\"n\">saving</th>"
            + "<th class=\"n\">compact key at limit</th></tr></thead><tbody>\n");
        for (Report.WhatIfCandidate c : r.candidates()) {
          out.append("<tr><td class=\"n\">").append(c.value()).append("</td><td>").append(escape(c.basis()))
              .append("</td><td class=\"n\">").append(ReportFormat.count(c.keys())).append("</td><td class=\"n\">")
              .append(escape(ReportFormat.bytes(c.reclaimableBytes()))).append("</td><td class=\"n\">~")
              .append(escape(ReportFormat.bytes(c.maxCompactBytes()))).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        if (r.keysBeyond() > 0) {
          out.append("<p>").append(ReportFormat.count(r.keysBeyond())).append(" keys convert at none of these values"
              + " (over 8x, or elements too long).</p>\n");
        }
      }
      out.append("<ol class=\"steps\">");
      r.command().forEach(s -> out.append("<li><code>").append(escape(s)).append("</code></li>"));
      out.append("</ol></article>\n");
    }
    out.append("</section>\n");
  }
}
