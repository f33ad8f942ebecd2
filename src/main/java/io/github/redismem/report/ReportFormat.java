package io.github.redismem.report;

import java.util.List;
import java.util.Locale;

/**
 * The small formatting decisions the text and Markdown reports share, so that both say the same thing; the report
 * page uses the ranges too.
 */
public final class ReportFormat {
  private ReportFormat() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A count's 99% range, {@code 1,900-2,100}; one value when both ends are equal. */
  static String countRange(long low, long high, String dash) {
    return low == high ? count(low) : count(low) + dash + count(high);
  }

  /**
   * A count with its 99% range, {@code 2,000 (1,900-2,100)}; the count alone when the range says nothing more
   * (an exact pass, whose bounds are the value).
   */
  public static String count(long n, long low, long high, String dash) {
    return withRange(count(n), countRange(low, high, dash));
  }

  /** Bytes with their 99% range, {@code 12.4 MiB (11.9-13.0 MiB)}; the bytes alone when the range is the value. */
  public static String bytes(long n, long low, long high, String dash) {
    return withRange(HumanBytes.format(n), HumanBytes.range(low, high, dash));
  }

  private static String withRange(String value, String range) {
    return range.equals(value) ? value : value + " (" + range + ")";
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  /** A share of a total, or {@code -} when the total is 0. */
  static String share(long part, long total) {
    return total > 0 ? percent((double) part / total) : "-";
  }

  /** A remaining TTL: {@code none} for -1, else the two largest units, {@code 3d4h}, {@code 25m}, {@code 40s}. */
  static String ttl(long seconds) {
    if (seconds < 0) {
      return "none";
    }
    long d = seconds / 86_400;
    long h = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    if (d > 0) {
      return d + "d" + (h > 0 ? h + "h" : "");
    }
    if (h > 0) {
      return h + "h" + (m > 0 ? m + "m" : "");
    }
    return m > 0 ? m + "m" + (s > 0 ? s + "s" : "") : s + "s";
  }

  static String seconds(double seconds) {
    return seconds < 10 ? String.format(Locale.ROOT, "%.2fs", seconds) : ttl(Math.round(seconds));
  }

  /** {@code maxmemory}: 0 means no limit. */
  static String limit(long maxBytes) {
    return maxBytes > 0 ? HumanBytes.format(maxBytes) : "no limit";
  }

  static String doctor(List<String> issues) {
    return issues.isEmpty() ? "no issues" : String.join(", ", issues);
  }

  /**
   * A key or prefix made safe for a terminal: report strings are {@code KeyText} already (control bytes as
   * {@code \xNN}), but a C1 control character (U+0080..U+009F) is valid UTF-8 and some terminals act on it.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** Cuts text to {@code max} chars with a trailing {@code ...}, for table columns. */
  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** An evidence number: whole numbers as they are, with thousands separators; others with two decimals. */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
