package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.util.List;

/** The report page's instance findings: each with the numbers behind it and its fix, under the instance cards. */
final class InstanceFindingsSection {
  private InstanceFindingsSection() {}

  static void render(Report.Instance instance, List<Report.InstanceFindingRow> findings, StringBuilder out) {
    if (!instance.up()) {
      return;
    }
    out.append("<section id=\"instance-findings\"><h2>Instance findings</h2>\n");
    if (findings.isEmpty()) {
      out.append("<p>No instance-level problem found (<code>redismem_instance_finding</code>).</p>");
    }
    for (Report.InstanceFindingRow f : findings) {
      out.append("<article class=\"finding\" id=\"instance-finding-").append(escape(f.finding())).append("\"><h3>")
          .append(escape(f.title())).append(" <small><code>").append(escape(f.finding()))
          .append("</code></small></h3>\n<p class=\"facts\">").append(escape(ReportFormat.bytes(f.bytes())))
          .append(" concerned; ");
      int n = 0;
      for (var e : f.evidence().entrySet()) {
        out.append(n++ > 0 ? ", " : "").append("<code>").append(escape(e.getKey())).append("</code> ")
            .append(escape(ReportFormat.number(e.getValue())));
      }
      out.append("</p>\n<p>").append(escape(f.fix().summary())).append("</p>\n<p>Fix (")
          .append(escape(f.fix().kind())).append("):</p><ol class=\"steps\">");
      f.fix().steps().forEach(s -> out.append("<li><code>").append(escape(s)).append("</code></li>"));
      out.append("</ol>\n</article>\n");
    }
    out.append("</section>\n");
  }
}
