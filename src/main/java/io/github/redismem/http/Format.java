package io.github.redismem.http;

import io.github.redismem.report.HumanBytes;
import io.github.redismem.report.ReportFormat;
import java.util.Locale;

/** Numbers as people read them on the report page: binary byte units, short durations, percentages. */
final class Format {
  private static final String DASH = "\u2013";

  private Format() {}

  static String bytes(double bytes) {
    return HumanBytes.format(bytes); // the same units as the text and Markdown reports
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Bytes of a sampled pass with their 99% range, {@code 12.4 MiB (11.9–13.0 MiB)}; alone when exact. */
  static String bytes(long n, long low, long high) {
    return ReportFormat.bytes(n, low, high, DASH);
  }

  /** A count with its 99% range, {@code 2,000 (1,900–2,100)}; alone when exact. */
  static String count(long n, long low, long high) {
    return ReportFormat.count(n, low, high, DASH);
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
