package io.github.redismem.analysis;

/**
 * What the first bytes of a JSON document say about the hash it would become: the whole attributes they hold,
 * their JSON bytes (separator included) and their bytes as listpack (or ziplist) entries, the window they were read
 * from, and whether the document ended inside it. {@link SavingsModel} scales these to the whole document.
 */
record JsonHead(int attributes, long jsonBytes, double compactBytes, int window, boolean complete) {

  /**
   * Reads attributes from the start of {@code head} until one is cut off, nested, or the object ends; null when the
   * head does not start a JSON object.
   */
  static JsonHead scan(byte[] head, boolean listpack) {
    int n = head.length;
    int i = skipBlank(head, 0);
    if (i >= n || head[i] != '{') {
      return null;
    }
    int windowStart = i + 1;
    int attributes = 0;
    long json = 0;
    double compact = 0;
    boolean complete = false;
    i = windowStart;
    while (true) {
      int start = skipBlank(head, i);
      if (start < n && head[start] == '}' && attributes == 0) {
        complete = true;
        break;
      }
      long[] key = string(head, start);
      if (key == null) {
        break;
      }
      int colon = skipBlank(head, (int) key[0]);
      if (colon >= n || head[colon] != ':') {
        break;
      }
      int valueStart = skipBlank(head, colon + 1);
      if (valueStart >= n) {
        break;
      }
      double valueEntry;
      int valueEnd;
      if (head[valueStart] == '"') {
        long[] value = string(head, valueStart);
        if (value == null) {
          break;
        }
        valueEnd = (int) value[0];
        valueEntry = SavingsModel.stringEntry(value[1], listpack);
      } else if (head[valueStart] == '{' || head[valueStart] == '[') {
        break; // nested: not a flat document from here on
      } else {
        valueEnd = valueStart;
        while (valueEnd < n && ",} \t\r\n".indexOf(head[valueEnd]) < 0) {
          valueEnd++;
        }
        if (valueEnd >= n) {
          break;
        }
        Long integer = canonicalInteger(head, valueStart, valueEnd);
        valueEntry = integer != null
            ? SavingsModel.intEntry(integer, listpack) : SavingsModel.stringEntry(valueEnd - valueStart, listpack);
      }
      int separator = skipBlank(head, valueEnd);
      if (separator >= n || head[separator] != ',' && head[separator] != '}') {
        break;
      }
      attributes++;
      json += separator + 1 - start;
      compact += SavingsModel.stringEntry(key[1], listpack) + valueEntry;
      i = separator + 1;
      if (head[separator] == '}') {
        complete = true;
        break;
      }
    }
    return new JsonHead(attributes, json, compact, Math.max(1, n - windowStart), complete);
  }

  private static int skipBlank(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i;
  }

  /** {end after the closing quote, bytes stored once unescaped} of the string at {@code i}, or null. */
  private static long[] string(byte[] b, int i) {
    if (i >= b.length || b[i] != '"') {
      return null;
    }
    long stored = 0;
    int j = i + 1;
    while (j < b.length) {
      if (b[j] == '\\') {
        boolean unicode = j + 1 < b.length && b[j + 1] == 'u';
        j += unicode ? 6 : 2;
        stored += unicode ? 2 : 1; // \\uXXXX is 1 to 3 bytes of UTF-8
      } else if (b[j] == '"') {
        return new long[] {j + 1, stored};
      } else {
        j++;
        stored++;
      }
    }
    return null;
  }

  /** The value, if the text is an integer as Redis would store it (no sign on zero, no leading zeros). */
  private static Long canonicalInteger(byte[] b, int from, int to) {
    int digitsFrom = from < to && b[from] == '-' ? from + 1 : from;
    int digits = to - digitsFrom;
    if (digits < 1 || digits > 19 || digits > 1 && b[digitsFrom] == '0' || digits == 1 && b[digitsFrom] == '0'
        && digitsFrom > from) {
      return null;
    }
    long value = 0;
    for (int i = digitsFrom; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return null;
      }
      value = value * 10 + (b[i] - '0');
      if (value < 0) {
        return null;
      }
    }
    return digitsFrom > from ? -value : value;
  }
}
