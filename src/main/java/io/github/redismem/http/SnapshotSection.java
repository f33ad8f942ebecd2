package io.github.redismem.http;

import static io.github.redismem.http.Html.escape;

import io.github.redismem.report.Report;
import io.github.redismem.report.ReportFormat;

/**
 * The report page's source section when the analysis was read from an RDB snapshot ({@code sampling.source: rdb}):
 * which file, written when and by which Redis, so that nobody takes a snapshot's figures for a live SCAN's.
 */
final class SnapshotSection {
  private SnapshotSection() {}

  static void render(Report r, StringBuilder out) {
    if (r.snapshot().isEmpty()) {
      return;
    }
    Report.Snapshot s = r.snapshot().get();
    out.append("<section id=\"snapshot\"><h2>Source: RDB snapshot</h2>\n<p>Keys read from <code>")
        .append(escape(s.file())).append("</code> (").append(ReportFormat.bytes(s.fileBytes()))
        .append("), written by Redis ").append(escape(s.redisVersion())).append(" at ")
        .append(escape(s.writtenAt().toString())).append(", <b>")
        .append(ReportFormat.seconds(s.ageSeconds(r.generatedAt()))).append(" before this report</b>")
        .append(s.complete() ? "" : "; <span class=\"warn\">cut short</span>").append(". ")
        .append(ReportFormat.count(s.expiredKeys())).append(" keys had expired when it was written (left out). "
            + "Sizes are modelled as <code>MEMORY USAGE</code> would report them once loaded; the figures change "
            + "with the next snapshot Redis writes (<code>BGSAVE</code>), not with each pass.</p></section>\n");
  }
}
