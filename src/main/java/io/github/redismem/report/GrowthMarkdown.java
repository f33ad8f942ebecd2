package io.github.redismem.report;

import static io.github.redismem.report.ReportMarkdown.code;
import static io.github.redismem.report.ReportMarkdown.escape;

import java.util.ArrayList;
import java.util.List;

/** The growth section of the Markdown report ({@link ReportMarkdown}). */
final class GrowthMarkdown {
  private GrowthMarkdown() {}

  static void render(Growth g, StringBuilder out) {
    out.append("## ").append(escape(GrowthFormat.title(g))).append("\n\n");
    out.append(escape(GrowthFormat.total(g))).append("\n\n");
    g.notes().forEach(n -> out.append("> ").append(escape(n)).append("\n>\n"));
    if (!g.notes().isEmpty()) {
      out.setLength(out.length() - 2);
      out.append('\n');
    }
    if (g.prefixesComparable()) {
      out.append("### Prefixes that grew most (").append(g.growingPrefixes().size()).append(" of ")
          .append(g.prefixesGrowing()).append(")\n\n");
      table(g.growingPrefixes(), true, false, g.sampled(), out);
      out.append("### Prefixes that shrank most (").append(g.shrinkingPrefixes().size()).append(" of ")
          .append(g.prefixesShrinking()).append(")\n\n");
      table(g.shrinkingPrefixes(), true, false, g.sampled(), out);
    }
    out.append("### By data type\n\n");
    table(g.dataTypes(), false, false, g.sampled(), out);
    out.append("### By data type and encoding\n\n");
    table(g.encodings(), false, true, g.sampled(), out);
  }

  private static void table(List<Growth.Change> rows, boolean prefix, boolean encoding, boolean sampled,
      StringBuilder out) {
    if (rows.isEmpty()) {
      out.append("None.\n\n");
      return;
    }
    List<String> headers = new ArrayList<>(List.of("db", prefix ? "prefix" : "type"));
    if (encoding) {
      headers.add("encoding");
    }
    headers.addAll(List.of("keys", "keys change", "memory", "change"));
    if (sampled) {
      headers.add("99% range");
    }
    headers.addAll(List.of("ratio", "note"));
    out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    headers.forEach(h -> out.append(h.equals("prefix") || h.equals("type") || h.equals("encoding")
        || h.equals("note") ? "---|" : "---:|"));
    out.append('\n');
    for (Growth.Change c : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(String.valueOf(c.db()));
      cells.add(prefix ? code(c.prefix(), true) : escape(c.dataType()));
      if (encoding) {
        cells.add(escape(c.encoding()));
      }
      cells.addAll(List.of(ReportFormat.count(c.keysAfter()), GrowthFormat.count(c.keysChange()),
          HumanBytes.format(c.bytesAfter()), GrowthFormat.bytes(c.bytesChange())));
      if (sampled) {
        cells.add(escape(GrowthFormat.range(c)));
      }
      cells.add(escape(GrowthFormat.ratio(c)));
      cells.add(escape(GrowthFormat.note(c)));
      out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    out.append('\n');
  }
}
