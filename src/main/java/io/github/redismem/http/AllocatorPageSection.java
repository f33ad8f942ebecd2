package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;

/** The report page's allocator section: jemalloc's totals, the verdict on active defrag, the wasting classes. */
final class AllocatorPageSection {
  private AllocatorPageSection() {}

  static void render(Report.Allocator a, StringBuilder out) {
    out.append("<section id=\"allocator\"><h2>Allocator <small>MEMORY MALLOC-STATS");
    a.ageSeconds().ifPresent(age -> out.append(", read ").append(ReportFormat.seconds(age)).append(" ago"));
    out.append("</small></h2>\n");
    if (!a.available()) {
      out.append("<p class=\"note\">Not available: ").append(escape(a.unavailableReason()))
          .append("</p></section>\n");
      return;
    }
    out.append("<div class=\"cards\">");
    InstanceSection.card(out, "allocated", ReportFormat.bytes(a.allocatedBytes()), "jemalloc " + a.version());
    InstanceSection.card(out, "active", ReportFormat.bytes(a.activeBytes()),
        "ratio " + ReportFormat.decimal(a.fragmentationRatio()) + " of allocated");
    InstanceSection.card(out, "slab free space", ReportFormat.bytes(a.binWastedBytes()), "in partly used slabs");
    InstanceSection.card(out, "defrag could reclaim", ReportFormat.bytes(a.reclaimableBytes()), "estimated");
    InstanceSection.card(out, "resident", ReportFormat.bytes(a.residentBytes()),
        "metadata " + ReportFormat.bytes(a.metadataBytes()));
    InstanceSection.card(out, "retained", ReportFormat.bytes(a.retainedBytes()), "virtual, not resident");
    out.append("</div>\n<p id=\"defrag-verdict\"").append(a.verdict().equals("would_help") ? " class=\"warn\"" : "")
        .append("><code>").append(escape(a.verdict())).append("</code>: ").append(escape(a.explanation()))
        .append("</p>\n");
    if (!a.sizeClasses().isEmpty()) {
      out.append("<table><thead><tr><th class=\"n\">size</th><th>range</th><th class=\"n\">regions</th>"
          + "<th class=\"n\">allocated</th><th class=\"n\">slabs</th><th class=\"n\">wasted</th>"
          + "<th class=\"n\">used</th></tr></thead><tbody>\n");
      for (Report.SizeClassRow c : a.sizeClasses()) {
        out.append("<tr><td class=\"n\">").append(c.size()).append("</td><td>").append(escape(c.range()))
            .append("</td><td class=\"n\">").append(ReportFormat.count(c.regions())).append("</td><td class=\"n\">")
            .append(ReportFormat.bytes(c.allocatedBytes())).append("</td><td class=\"n\">")
            .append(ReportFormat.bytes(c.activeBytes())).append("</td><td class=\"n\">")
            .append(ReportFormat.bytes(c.wastedBytes())).append("</td><td class=\"n\">")
            .append(ReportFormat.percent(c.utilisation())).append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    out.append("</section>\n");
  }
}
