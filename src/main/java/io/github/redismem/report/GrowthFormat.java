package io.github.redismem.report;

import java.util.Locale;

/** How growth reads in the text report, the Markdown and the page: signed figures, the title, a change's note. */
public final class GrowthFormat {
  private GrowthFormat() {}

  /** {@code +1.50 GiB}, {@code -512 B}, {@code 0 B}. */
  public static String bytes(long change) {
    return (change > 0 ? "+" : "") + HumanBytes.format(change);
  }

  /** {@code +1,204}, {@code -3}, {@code 0}. */
  public static String count(long change) {
    return String.format(Locale.ROOT, "%+,d", change).replace("+0", "0");
  }

  /** The 99% range of a change, {@code -1.00 MiB..+3.00 MiB}; the change alone when exact. */
  public static String range(Growth.Change c) {
    return c.bytesChangeLow() == c.bytesChangeHigh() ? bytes(c.bytesChange())
        : bytes(c.bytesChangeLow()) + ".." + bytes(c.bytesChangeHigh());
  }

  /** The change relative to the earlier bytes, {@code +12.5%}; {@code new} when there were none. */
  public static String ratio(Growth.Change c) {
    return c.bytesChangeRatio().map(r -> String.format(Locale.ROOT, "%+.1f%%", 100 * r)).orElse("new");
  }

  /** What a reader must know about one change besides its figures; empty when nothing. */
  public static String note(Growth.Change c) {
    String status = switch (c.status()) {
      case "new" -> "new";
      case "gone" -> "gone";
      case "entered_top" -> "new in the top prefixes (may have been in other)";
      case "left_top" -> "left the top prefixes (may be in other now)";
      default -> "";
    };
    String error = c.withinError() ? "within the estimates' error" : "";
    return status.isEmpty() ? error : error.isEmpty() ? status : status + "; " + error;
  }

  /** {@code Growth since the previous pass} or {@code Growth since the baseline}, with the time between. */
  public static String title(Growth g) {
    String since = g.basis().equals(Growth.PREVIOUS_PASS) ? "the previous pass" : "the baseline";
    double s = Math.abs(g.seconds());
    return "Growth since " + since + " (" + g.from() + ", " + (g.seconds() < 0 ? "-" : "")
        + ReportFormat.seconds(s) + " " + (g.seconds() < 0 ? "after" : "before") + ")";
  }

  /** One sentence: the total change in bytes and keys. */
  public static String total(Growth g) {
    Growth.Change t = g.total();
    return String.format(Locale.ROOT, "Memory %s (%s, from %s to %s), keys %s%s.", bytes(t.bytesChange()),
        ratio(t), HumanBytes.format(t.bytesBefore()), HumanBytes.format(t.bytesAfter()), count(t.keysChange()),
        t.bytesChangeLow() == t.bytesChangeHigh() ? ""
            : "; 99% range " + range(t) + (t.withinError() ? ", within the estimates' error" : ""));
  }
}
