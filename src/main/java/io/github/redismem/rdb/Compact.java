package io.github.redismem.rdb;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Byte sizes of Redis's compact encodings as built from given elements: a listpack (7.0 on) or ziplist (before 7.0)
 * grown entry by entry, and the integer rules both share. Redis stores an element as an integer when its text is
 * the canonical decimal of a 64-bit integer ({@code string2ll}, {@code lpStringToInt64}), and a sorted set's score
 * as the text {@code d2string} writes. Pure; one instance per blob being sized.
 */
final class Compact {
  /** A listpack's 6-byte header and end byte. */
  static final int LISTPACK_EMPTY = 7;
  /** A ziplist's 10-byte header and end byte. */
  static final int ZIPLIST_EMPTY = 11;

  private final boolean listpack;
  private long bytes;
  private long entries;
  /** The last ziplist entry's size: the next entry's prevlen field takes 1 byte below 254, else 5. */
  private long previous;

  Compact(boolean listpack) {
    this.listpack = listpack;
    this.bytes = listpack ? LISTPACK_EMPTY : ZIPLIST_EMPTY;
  }

  long bytes() {
    return bytes;
  }

  long entries() {
    return entries;
  }

  Compact add(byte[] element) {
    return isInteger(element) ? addInteger(parse(element)) : addText(element.length);
  }

  Compact addInteger(long value) {
    long content;
    if (listpack) {
      content = value >= 0 && value <= 127 ? 1 : value >= -4096 && value <= 4095 ? 2
          : value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 3 : value >= -(1 << 23) && value < 1 << 23 ? 4
          : value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 5 : 9;
    } else {
      content = value >= 0 && value <= 12 ? 1 : value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE ? 2
          : value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 3 : value >= -(1 << 23) && value < 1 << 23 ? 4
          : value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 5 : 9;
    }
    return entry(content);
  }

  Compact addText(long length) {
    long content;
    if (listpack) {
      content = (length < 64 ? 1 : length < 4096 ? 2 : 5) + length;
    } else {
      content = (length < 64 ? 1 : length < 16384 ? 2 : 5) + length;
    }
    return entry(content);
  }

  /** A sorted set's score, as {@code d2string} writes it into the blob. */
  Compact addScore(double score) {
    if (score == Math.rint(score) && score > -4503599627370495.0 && score < 4503599627370496.0 && score != 0) {
      return addInteger((long) score);
    }
    if (score == 0) {
      return 1 / score < 0 ? addText(2) : addInteger(0); // "-0" is text
    }
    return addText(scoreTextLength(score));
  }

  private Compact entry(long content) {
    long size;
    if (listpack) {
      size = content + (content <= 127 ? 1 : content < 16383 ? 2 : content < 2097151 ? 3 : content < 268435455 ? 4 : 5);
    } else {
      size = (previous < 254 ? 1 : 5) + content;
    }
    previous = size;
    bytes += size;
    entries++;
    return this;
  }

  /** The length of {@code printf("%.17g", score)} for a finite, non-integral score; 3 or 4 for infinities. */
  static int scoreTextLength(double score) {
    if (Double.isNaN(score)) {
      return 3;
    }
    if (Double.isInfinite(score)) {
      return score < 0 ? 4 : 3;
    }
    BigDecimal d = new BigDecimal(score).round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    int digits = d.unscaledValue().abs().toString().length();
    int exponent = digits - d.scale() - 1;
    int sign = score < 0 ? 1 : 0;
    if (exponent < -4 || exponent >= 17) {
      int exponentDigits = Math.max(2, Integer.toString(Math.abs(exponent)).length());
      return sign + digits + (digits > 1 ? 1 : 0) + 2 + exponentDigits;
    }
    if (exponent >= 0) {
      int fraction = Math.max(0, digits - (exponent + 1));
      return sign + exponent + 1 + (fraction > 0 ? 1 + fraction : 0);
    }
    return sign + 2 + (-exponent - 1) + digits;
  }

  /** Whether Redis stores these bytes as an integer: the canonical decimal text of a 64-bit integer. */
  static boolean isInteger(byte[] s) {
    int n = s.length;
    if (n == 0 || n > 20) {
      return false;
    }
    if (n == 1 && s[0] == '0') {
      return true;
    }
    int i = s[0] == '-' ? 1 : 0;
    if (i == n || s[i] < '1' || s[i] > '9') {
      return false;
    }
    for (int j = i + 1; j < n; j++) {
      if (s[j] < '0' || s[j] > '9') {
        return false;
      }
    }
    if (n - i < 19) {
      return true;
    }
    try {
      Long.parseLong(new String(s, java.nio.charset.StandardCharsets.US_ASCII));
      return true;
    } catch (NumberFormatException e) {
      return false; // beyond 64 bits
    }
  }

  /** The value of bytes {@link #isInteger} accepted. */
  static long parse(byte[] s) {
    long v = 0;
    boolean negative = s[0] == '-';
    for (int i = negative ? 1 : 0; i < s.length; i++) {
      v = v * 10 - (s[i] - '0'); // accumulated negative, so that Long.MIN_VALUE fits
    }
    return negative ? v : -v;
  }

  /** Bytes per member of an intset holding {@code value}: 2, 4 or 8. */
  static int intsetWidth(long value) {
    return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 2
        : value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 4 : 8;
  }
}
