package io.github.redismem.report;

import java.util.List;
import java.util.Locale;

/**
 * How every rendering of a report (text, Markdown, the page) writes each kind of quantity, one rule per kind, so that
 * the same figure reads the same wherever it is shown: bytes in binary units ({@link HumanBytes}), counts with
 * thousands separators, percentages to one decimal without a trailing {@code .0}, ratios with two decimals,
 * durations and TTLs in their biggest sensible unit. Signed changes between passes are {@link GrowthFormat}'s.
 */
public final class ReportFormat {
  /** The dash between a range's ends where the output is not plain ASCII (Markdown, HTML). */
  public static final String EN_DASH = "\u2013";

  private ReportFormat() {}

  /** Bytes as people read them: {@code 512 B}, {@code 1.50 KiB}, {@code 24.6 MiB}. */
  public static String bytes(double bytes) {
    return HumanBytes.format(bytes);
  }

  public static String count(long n) {
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

  /**
   * A ratio as a percentage to one decimal, a whole number without its {@code .0}: {@code 3.7%}, {@code 79.8%},
   * {@code 37%}. (The page wrote whole percentages from 10% up and the reports always one decimal; this keeps the
   * decimal where it says something.)
   */
  public static String percent(double ratio) {
    String p = String.format(Locale.ROOT, "%.1f", 100 * ratio);
    return (p.endsWith(".0") ? p.substring(0, p.length() - 2) : p) + "%";
  }

  /** A ratio of two sizes, such as fragmentation: two decimals, {@code 1.42}. */
  public static String decimal(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A share of a total, or {@code -} when the total is 0. */
  static String share(long part, long total) {
    return total > 0 ? percent((double) part / total) : "-";
  }

  /** A remaining TTL: {@code none} for -1 (or any negative reply), else a duration as {@link #seconds}. */
  public static String ttl(long seconds) {
    return seconds < 0 ? "none" : seconds((double) seconds);
  }

  /**
   * A duration in its biggest sensible unit, number and unit apart as in {@code 12.4 MiB}: {@code 4.3 s},
   * {@code 42 s}, {@code 3.5 min}, {@code 2.0 h}, {@code 3.0 d}.
   */
  public static String seconds(double s) {
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

  /** An evidence number: whole numbers as counts, with thousands separators; others as {@link #decimal}. */
  public static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? count((long) v) : decimal(v);
  }
}
