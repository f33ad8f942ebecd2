package io.github.redismem.report;

import static io.github.redismem.report.ReportFormat.count;
import static io.github.redismem.report.ReportFormat.cut;
import static io.github.redismem.report.ReportFormat.printable;

import java.util.List;

/** The growth section of the text report ({@link ReportText}): the total, top prefixes, types and encodings. */
final class GrowthText {
  private static final String INDENT = "  ";
  private static final int KEY_WIDTH = 60;

  private GrowthText() {}

  static void render(Growth g, StringBuilder out) {
    out.append('\n').append(GrowthFormat.title(g)).append('\n');
    out.append(INDENT).append(GrowthFormat.total(g)).append('\n');
    g.notes().forEach(n -> out.append(INDENT).append("note: ").append(printable(n)).append('\n'));
    if (g.prefixesComparable()) {
      out.append(String.format("%n%sPrefixes that grew most (%d of %d)%n", INDENT,
          g.growingPrefixes().size(), g.prefixesGrowing()));
      table(g.growingPrefixes(), true, false, g.sampled(), out);
      out.append(String.format("%n%sPrefixes that shrank most (%d of %d)%n", INDENT,
          g.shrinkingPrefixes().size(), g.prefixesShrinking()));
      table(g.shrinkingPrefixes(), true, false, g.sampled(), out);
    }
    out.append(String.format("%n%sBy data type%n", INDENT));
    table(g.dataTypes(), false, false, g.sampled(), out);
    out.append(String.format("%n%sBy data type and encoding%n", INDENT));
    table(g.encodings(), false, true, g.sampled(), out);
  }

  private static void table(List<Growth.Change> rows, boolean prefix, boolean encoding, boolean sampled,
      StringBuilder out) {
    if (rows.isEmpty()) {
      out.append(INDENT).append(INDENT).append("none\n");
      return;
    }
    TextTable t = new TextTable("DB>", prefix ? "PREFIX" : "TYPE", "ENCODING", "KEYS>", "KEYS CHANGE>", "MEMORY>",
        "CHANGE>", "CHANGE RANGE>", "RATIO>", "NOTE");
    for (Growth.Change c : rows) {
      String note = GrowthFormat.note(c);
      t.row(c.db(), prefix ? cut(printable(c.prefix()), KEY_WIDTH) : c.dataType(), encoding ? c.encoding() : null,
          count(c.keysAfter()), GrowthFormat.count(c.keysChange()), HumanBytes.format(c.bytesAfter()),
          GrowthFormat.bytes(c.bytesChange()), sampled ? GrowthFormat.range(c) : null, GrowthFormat.ratio(c),
          note.isEmpty() ? null : note);
    }
    out.append(t.render(INDENT + INDENT));
  }
}
