package io.github.redismem.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as inline SVG: one labelled bar per row, scaled to the largest value. Inline SVG needs no
 * script and no library, prints, and scales with the page (a viewBox, no fixed pixel width). Every label is
 * HTML-escaped; a long label is cut on screen and shown whole in its tooltip. A bar may carry a range (the 99%
 * bounds of an estimate), drawn as a whisker across its end.
 */
final class SvgBarChart {
  private static final int WIDTH = 900;
  private static final int LABEL = 300;
  private static final int VALUE = 170;
  /** A little over the width of one character of the value text, to widen its column for long texts (ranges). */
  private static final double CHAR = 7.5;
  private static final int MAX_VALUE = 420;
  private static final int ROW = 24;
  private static final int MAX_LABEL_CHARS = 42;

  private record Bar(String label, double value, double low, double high, String valueText) {}

  private final String id;
  private final String title;
  private final List<Bar> bars = new ArrayList<>();

  SvgBarChart(String id, String title) {
    this.id = id;
    this.title = title;
  }

  SvgBarChart bar(String label, double value, String valueText) {
    return bar(label, value, value, value, valueText);
  }

  /** A bar with the range its value may be in; no whisker when {@code low == high}. */
  SvgBarChart bar(String label, double value, double low, double high, String valueText) {
    bars.add(new Bar(label, value, low, high, valueText));
    return this;
  }

  String render() {
    double max = bars.stream().mapToDouble(b -> Math.max(b.value(), b.high())).max().orElse(0);
    int longest = bars.stream().mapToInt(b -> b.valueText().length()).max().orElse(0);
    double span = WIDTH - LABEL - Math.min(MAX_VALUE, Math.max(VALUE, longest * CHAR + 12));
    int height = Math.max(1, bars.size()) * ROW + 4;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" id=\"").append(Html.escape(id)).append("\" role=\"img\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(height).append("\" aria-label=\"").append(Html.escape(title))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.escape(title)).append("</title>");
    int y = 2;
    for (Bar b : bars) {
      double w = max > 0 ? Math.max(1, b.value() / max * span) : 1;
      double end = w;
      String tip = Html.escape(b.label() + ": " + b.valueText());
      svg.append("<g><title>").append(tip).append("</title>")
          .append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 16)
          .append("\" text-anchor=\"end\">").append(Html.escape(cut(b.label()))).append("</text>")
          .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\"/>",
              LABEL, y + 3, w, ROW - 6));
      if (b.high() > b.low() && max > 0) {
        double from = LABEL + b.low() / max * span;
        double to = LABEL + b.high() / max * span;
        int mid = y + ROW / 2;
        svg.append(String.format(Locale.ROOT, "<path class=\"range\" d=\"M%.1f %dV%dM%.1f %dH%.1fM%.1f %dV%d\"/>",
            from, mid - 5, mid + 5, from, mid, to, to, mid - 5, mid + 5));
        end = Math.max(w, to - LABEL);
      }
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"v\">", LABEL + end + 6, y + 16))
          .append(Html.escape(b.valueText())).append("</text></g>");
      y += ROW;
    }
    return svg.append("</svg>").toString();
  }

  private static String cut(String label) {
    if (label.length() <= MAX_LABEL_CHARS) {
      return label;
    }
    int end = MAX_LABEL_CHARS - 1;
    // never split a surrogate pair: half an emoji is not text
    if (Character.isHighSurrogate(label.charAt(end - 1))) {
      end--;
    }
    return label.substring(0, end) + "\u2026";
  }
}
