package io.github.redismem.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for the reports {@code analyze --baseline} reads back (and the tests, which parse the
 * exporter's JSON with it, so that it is also checked to be valid): objects become maps, arrays lists, numbers
 * doubles. Whatever RFC 8259 rejects throws {@link IllegalArgumentException} naming the line and column.
 * Nesting is bounded, so a hostile file cannot overflow the stack.
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 64;
  private final String text;
  private int at;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  public static Object parse(String text) {
    JsonReader p = new JsonReader(text.startsWith("\uFEFF") ? text.substring(1) : text);
    Object value = p.value();
    p.skipSpace();
    if (p.at != p.text.length()) {
      throw p.error("text after the JSON value");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("unexpected end of the text");
    }
    return switch (text.charAt(at)) {
      case '{' -> nested(true);
      case '[' -> nested(false);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Object nested(boolean object) {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    Object out = object ? object() : array();
    depth--;
    return out;
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
        throw error("expected a member name");
      }
      String name = string();
      skipSpace();
      expect(':');
      if (out.containsKey(name)) {
        throw error("duplicate member \"" + name + "\"");
      }
      out.put(name, value());
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
      char e = at < text.length() ? text.charAt(at++) : '\0';
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          String hex = text.substring(at, Math.min(text.length(), at + 4));
          if (!hex.matches("[0-9a-fA-F]{4}")) {
            throw error("bad \\u escape");
          }
          out.append((char) Integer.parseInt(hex, 16));
          at += 4;
        }
        default -> throw error("bad escape in a string");
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
      at = start;
      throw error("expected a value");
    }
    return Double.parseDouble(n);
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("expected a value");
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
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new IllegalArgumentException("not valid JSON: " + what + " at line " + line + ", column " + column);
  }
}
