package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Growth;
import io.github.redismem.report.GrowthFormat;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.util.List;

/**
 * The report page's growth section: what changed since the previous pass (docs/report.md). Every prefix and note
 * goes through {@link Html#escape}.
 */
final class GrowthSection {
  private GrowthSection() {}

  static void render(Report r, StringBuilder out) {
    if (r.growth().isEmpty()) {
      if (r.analysis().isPresent()) {
        out.append("<section id=\"growth\"><h2>Growth</h2>\n<p class=\"note\">What grew since the previous pass "
            + "shows here once a second pass has completed.</p></section>\n");
      }
      return;
    }
    Growth g = r.growth().get();
    out.append("<section id=\"growth\"><h2>").append(escape(GrowthFormat.title(g))).append("</h2>\n<p>")
        .append(escape(GrowthFormat.total(g))).append("</p>\n");
    g.notes().forEach(n -> out.append("<p class=\"note\">").append(escape(n)).append("</p>\n"));
    if (g.prefixesComparable()) {
      out.append("<h3>Prefixes that grew most <small>").append(g.growingPrefixes().size()).append(" of ")
          .append(g.prefixesGrowing()).append("</small></h3>\n");
      table("growth-growing", g.growingPrefixes(), true, false, g.sampled(), out);
      out.append("<h3>Prefixes that shrank most <small>").append(g.shrinkingPrefixes().size()).append(" of ")
          .append(g.prefixesShrinking()).append("</small></h3>\n");
      table("growth-shrinking", g.shrinkingPrefixes(), true, false, g.sampled(), out);
    }
    out.append("<h3>By data type and encoding</h3>\n");
    table("growth-encodings", g.encodings(), false, true, g.sampled(), out);
    out.append("</section>\n");
  }

  private static void table(String id, List<Growth.Change> rows, boolean prefix, boolean encoding,
      boolean sampled, StringBuilder out) {
    if (rows.isEmpty()) {
      out.append("<p id=\"").append(id).append("\">None.</p>\n");
      return;
    }
    out.append("<table id=\"").append(id).append("\"><thead><tr><th>db</th><th>")
        .append(prefix ? "prefix" : "type").append("</th>").append(encoding ? "<th>encoding</th>" : "")
        .append("<th class=\"n\">keys</th><th class=\"n\">keys change</th><th class=\"n\">bytes</th>")
        .append("<th class=\"n\">change</th>").append(sampled ? "<th class=\"n\">99% range</th>" : "")
        .append("<th class=\"n\">ratio</th><th>note</th></tr></thead><tbody>\n");
    for (Growth.Change c : rows) {
      out.append("<tr><td>").append(c.db()).append("</td>")
          .append(prefix ? "<td class=\"key\"><code>" + escape(c.prefix()) + "</code></td>"
              : "<td>" + escape(c.dataType()) + "</td>")
          .append(encoding ? "<td>" + escape(c.encoding()) + "</td>" : "")
          .append("<td class=\"n\">").append(ReportFormat.count(c.keysAfter())).append("</td><td class=\"n\">")
          .append(escape(GrowthFormat.count(c.keysChange()))).append("</td><td class=\"n\">")
          .append(escape(ReportFormat.bytes(c.bytesAfter()))).append("</td><td class=\"n\" title=\"")
          .append(c.bytesChange()).append(" bytes\">").append(escape(GrowthFormat.bytes(c.bytesChange())))
          .append("</td>").append(sampled ? "<td class=\"n\">" + escape(GrowthFormat.range(c)) + "</td>" : "")
          .append("<td class=\"n\">").append(escape(GrowthFormat.ratio(c))).append("</td><td>")
          .append(escape(GrowthFormat.note(c))).append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }
}
