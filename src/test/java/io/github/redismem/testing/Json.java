package io.github.redismem.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for tests: objects become {@link LinkedHashMap}, arrays {@link List}, numbers
 * {@link Double}, and {@code true}/{@code false}/{@code null} themselves. Anything RFC 8259 rejects (trailing
 * commas, raw control characters in strings, bad escapes, text after the value) throws
 * {@link IllegalArgumentException}, so a test parsing the exporter's output also checks that it is valid JSON.
 */
public final class Json {
  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  public static Object parse(String text) {
    Json p = new Json(text);
    Object value = p.value();
    p.skipSpace();
    if (p.at != text.length()) {
      throw p.error("text after the value");
    }
    return value;
  }

  /** A string as a JSON literal, for writing small requests by hand. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Follows a path of object names and array indices, e.g. {@code at(doc, "analysis", "top_keys", 0, "key")}. */
  public static Object at(Object doc, Object... path) {
    Object current = doc;
    for (Object step : path) {
      if (step instanceof Integer i) {
        current = ((List<?>) current).get(i);
      } else {
        Map<?, ?> map = (Map<?, ?>) current;
        if (!map.containsKey(step)) {
          throw new AssertionError("no field " + step + " in " + map.keySet());
        }
        current = map.get(step);
      }
    }
    return current;
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> out = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek() == '}') {
      at++;
      return out;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a name");
      }
      String name = string();
      skipSpace();
      expect(':');
      if (out.put(name, value()) != null) {
        throw error("duplicate name " + name);
      }
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return out;
      }
    }
  }

  private List<Object> array() {
    List<Object> out = new ArrayList<>();
    at++;
    skipSpace();
    if (peek() == ']') {
      at++;
      return out;
    }
    while (true) {
      out.add(value());
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return out;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("raw control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          String hex = text.substring(at, at + 4);
          if (!hex.matches("[0-9a-fA-F]{4}")) {
            throw error("bad \\u escape");
          }
          out.append((char) Integer.parseInt(hex, 16));
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Double number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String n = text.substring(start, at);
    if (!n.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
      throw error("bad number '" + n + "'");
    }
    return Double.parseDouble(n);
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("bad literal");
    }
    at += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, at - 30);
    return new IllegalArgumentException(what + " at " + at + ": ..." + text.substring(from, Math.min(text.length(), at + 30)));
  }
}
