package io.github.redismem.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, as terminals show {@code ps} or {@code kubectl get}: a header, then one
 * line per row, columns two spaces apart, numbers right-aligned. Widths count chars, which is exact for the ASCII
 * and most of the UTF-8 that key names hold, and close enough for wide CJK characters. A column whose every cell is
 * {@code null} is left out, so that a column only some reports have (the ranges of a sampled pass) needs no second
 * table.
 */
final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** @param headers column titles; a title ending in {@code >} is right-aligned (the marker is not shown) */
  TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].endsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
    }
  }

  /** @param cells one per column; {@code null} for none (an empty cell, or no column if no row has one) */
  TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? null : String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, each line indented by {@code indent} and ending in a newline, without trailing spaces. */
  String render(String indent) {
    int[] widths = new int[headers.size()];
    boolean[] shown = new boolean[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      shown[i] = rows.isEmpty();
      for (List<String> row : rows) {
        if (row.get(i) != null) {
          widths[i] = Math.max(widths[i], row.get(i).length());
          shown[i] = true;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, indent, headers, widths, shown);
    rows.forEach(row -> line(out, indent, row, widths, shown));
    return out.toString();
  }

  private void line(StringBuilder out, String indent, List<String> cells, int[] widths, boolean[] shown) {
    StringBuilder line = new StringBuilder(indent);
    boolean first = true;
    for (int i = 0; i < cells.size(); i++) {
      if (!shown[i]) {
        continue;
      }
      String cell = cells.get(i) == null ? "" : cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(first ? "" : "  ").append(rightAligned[i] ? pad + cell : cell + pad);
      first = false;
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
