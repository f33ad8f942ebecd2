package io.github.redismem.report;

import java.util.Locale;

/** Byte counts as people read them: 1024-based, three significant digits, {@code 512 B}, {@code 1.50 MiB}. */
public final class HumanBytes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private HumanBytes() {}

  public static String format(double bytes) {
    if (Double.isNaN(bytes)) {
      return "-";
    }
    double value = Math.abs(bytes);
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String sign = bytes < 0 ? "-" : "";
    if (unit == 0) {
      return sign + Math.round(value) + " B";
    }
    String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
    return sign + String.format(Locale.ROOT, digits, value) + " " + UNITS[unit];
  }

  /**
   * A range with its unit said once when both ends share it: {@code 11.9-13.0 MiB}, else {@code 900 KiB-1.10 MiB};
   * one value when both ends read the same.
   *
   * @param dash what goes between the ends: an en dash where the output is not plain ASCII
   */
  public static String range(double low, double high, String dash) {
    String from = format(low);
    String to = format(high);
    if (from.equals(to)) {
      return from;
    }
    int space = to.indexOf(' ');
    String unit = space < 0 ? to : to.substring(space);
    return (space >= 0 && from.endsWith(unit) ? from.substring(0, from.length() - unit.length()) : from) + dash + to;
  }
}
