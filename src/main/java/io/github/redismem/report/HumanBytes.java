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
}
