package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;
import java.util.List;

/**
 * The report page's table of a Redis Cluster's nodes (redis.cluster): what each answered, which samples its shard,
 * and whose pass is in the cluster-wide analysis. Absent for one Redis.
 */
final class ClusterNodesSection {
  private static final String NONE = "\u2013";

  private ClusterNodesSection() {}

  static void render(List<Report.NodeRow> nodes, StringBuilder out) {
    if (nodes.isEmpty()) {
      return;
    }
    out.append("<section id=\"cluster-nodes\"><h2>Cluster nodes</h2>\n<p>The instance figures above sum the "
        + "primaries; the analysis below merges the passes of the nodes with pass keys (each node's own page: "
        + "<code>/scrape?target=</code> its address).</p>\n");
    out.append("<table id=\"cluster-nodes-table\"><thead><tr><th>node</th><th>role</th><th>shard</th><th>up</th>"
        + "<th class=\"n\">used</th><th class=\"n\">max</th><th class=\"n\">keys</th><th>samples</th>"
        + "<th class=\"n\">pass keys</th><th>pass finished</th></tr></thead><tbody>\n");
    for (Report.NodeRow n : nodes) {
      out.append("<tr><td><code>").append(escape(n.node())).append("</code></td><td>").append(escape(n.role()))
          .append("</td><td><code>").append(escape(n.shard())).append("</code></td><td")
          .append(n.up() ? ">yes" : " class=\"warn\">no").append("</td><td class=\"n\">")
          .append(ReportFormat.bytes(n.usedBytes())).append("</td><td class=\"n\">")
          .append(n.maxBytes() > 0 ? ReportFormat.bytes(n.maxBytes()) : "none").append("</td><td class=\"n\">")
          .append(ReportFormat.count(n.keys())).append("</td><td>").append(n.samples() ? "yes" : NONE)
          .append("</td><td class=\"n\">")
          .append(n.passFinishedAt().isPresent() ? ReportFormat.count(n.passKeys()) : NONE).append("</td><td>")
          .append(n.passFinishedAt().map(t -> escape(t.toString())).orElse(NONE)).append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }
}
