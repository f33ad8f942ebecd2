package io.github.redismem.http;

import java.util.Locale;

/** Numbers as people read them on the report page: binary byte units, short durations, percentages. */
final class Format {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Format() {}

  static String bytes(double bytes) {
    double v = bytes;
    int unit = 0;
    while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit == 0 ? String.format(Locale.ROOT, "%.0f B", v)
        : String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double ratio) {
    double p = ratio * 100;
    return String.format(Locale.ROOT, p > 0 && p < 10 ? "%.1f%%" : "%.0f%%", p);
  }

  static String decimal(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A duration in its biggest sensible unit: 42 s, 3.5 min, 2.0 h, 3.0 d. */
  static String seconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
    return String.format(Locale.ROOT, "%.1f d", s / 86_400);
  }

  /** A key's TTL column: "none" for -1. */
  static String ttl(long seconds) {
    return seconds < 0 ? "none" : seconds((double) seconds);
  }
}
