package io.github.redismem.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A minimal streaming JSON writer: objects, arrays, strings, numbers, booleans and null, written compactly.
 *
 * <p>Strings are escaped so that the output is valid JSON whatever they hold, and safe to embed in HTML: quotes,
 * backslashes and every control character; {@code <}, {@code >}, {@code &} and U+2028/U+2029 as {@code \}{@code u}
 * escapes (so {@code </script>} never appears); unpaired surrogates as escapes too. Non-finite numbers, which JSON
 * cannot carry, are written as null.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder(4096);
  /** Per open container: whether it has no member yet. */
  private final Deque<Boolean> empty = new ArrayDeque<>();
  private boolean afterName;

  JsonWriter beginObject() {
    separate();
    out.append('{');
    empty.push(true);
    return this;
  }

  JsonWriter endObject() {
    empty.pop();
    out.append('}');
    return this;
  }

  JsonWriter beginArray() {
    separate();
    out.append('[');
    empty.push(true);
    return this;
  }

  JsonWriter endArray() {
    empty.pop();
    out.append(']');
    return this;
  }

  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    afterName = true;
    return this;
  }

  JsonWriter value(String text) {
    separate();
    if (text == null) {
      out.append("null");
    } else {
      string(text);
    }
    return this;
  }

  JsonWriter value(long n) {
    separate();
    out.append(n);
    return this;
  }

  JsonWriter value(double d) {
    separate();
    if (!Double.isFinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(Double.toString(d).toLowerCase(Locale.ROOT));
    }
    return this;
  }

  JsonWriter value(boolean b) {
    separate();
    out.append(b);
    return this;
  }

  JsonWriter nullValue() {
    separate();
    out.append("null");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Writes the comma before a member, except after a name or as a container's first member. */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!empty.isEmpty()) {
      if (!empty.peek()) {
        out.append(',');
      }
      empty.pop();
      empty.push(false);
    }
  }

  /**
   * {@code s} as a JSON string literal, escaped exactly as the writer escapes it: the one JSON escaper, for JSON
   * built elsewhere (the exporter's JSON log lines).
   */
  public static String quote(String s) {
    JsonWriter w = new JsonWriter();
    w.string(s);
    return w.out.toString();
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
              || unpairedSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean unpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
