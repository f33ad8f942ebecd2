package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * redis_exporter's password file ({@code -redis.password-file}): a JSON object from Redis URI to password, e.g.
 * {@code {"redis://cache:6379": "pw", "rediss://user@other:6380": "pw2"}}. The exporter takes the entry of its own
 * redis.addr, so one file can serve both exporters. Read at every connection, like redis.passwordFile.
 */
public final class PasswordMap {
  private final String text;
  private int at;

  private PasswordMap(String text) {
    this.text = text;
  }

  /** The password for {@code addr} in {@code file}. */
  public static String passwordFor(Path file, String addr) throws IOException {
    Map<String, String> map;
    try {
      map = parse(Files.readString(file));
    } catch (ValueKind.Invalid e) {
      throw new IOException("redis.passwordMapFile " + file + ": " + e.getMessage());
    }
    String password = map.get(addr);
    if (password == null) {
      throw new IOException("redis.passwordMapFile " + file + " has no entry for " + RedisUriText.redact(addr));
    }
    return password;
  }

  /** Checks at start-up that the file parses and holds an entry for {@code addr}; names no password. */
  static void check(Path file, String addr) throws ValueKind.Invalid {
    Map<String, String> map;
    try {
      map = parse(Files.readString(file));
    } catch (IOException e) {
      throw new ValueKind.Invalid("cannot read " + file + ": " + FileProblem.reason(file, e));
    }
    if (!map.containsKey(addr)) {
      throw new ValueKind.Invalid(file + " has no entry for redis.addr " + RedisUriText.redact(addr)
          + " (its keys: " + map.keySet().stream().map(RedisUriText::redact).toList() + ")");
    }
  }

  /** A JSON object whose values are all strings. */
  static Map<String, String> parse(String json) throws ValueKind.Invalid {
    PasswordMap p = new PasswordMap(json);
    Map<String, String> out = new LinkedHashMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.at++;
    } else {
      while (true) {
        p.skipSpace();
        String key = p.string("a URI in quotes");
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        out.put(key, p.string("a password in quotes"));
        p.skipSpace();
        if (p.peek() == ',') {
          p.at++;
          continue;
        }
        p.expect('}');
        break;
      }
    }
    p.skipSpace();
    if (p.at != json.length()) {
      throw p.invalid("nothing after the object");
    }
    return out;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private void expect(char c) throws ValueKind.Invalid {
    if (peek() != c) {
      throw invalid("'" + c + "'");
    }
    at++;
  }

  private String string(String what) throws ValueKind.Invalid {
    if (peek() != '"') {
      throw invalid(what);
    }
    at++;
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = peek();
      at++;
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw invalid("four hex digits");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException ex) {
            throw invalid("four hex digits");
          }
          at += 4;
        }
        default -> {
          at--;
          throw invalid("an escape like \\n");
        }
      }
    }
    throw invalid("a closing quote");
  }

  /** Names the position only: the text around it may be a password. */
  private ValueKind.Invalid invalid(String expected) {
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
    return new ValueKind.Invalid("not a JSON object of URI to password: expected " + expected + " at line " + line
        + ", column " + column);
  }
}
