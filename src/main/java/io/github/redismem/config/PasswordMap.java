package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * redis_exporter's password file ({@code -redis.password-file}): a JSON object from Redis URI to password, e.g.
 * {@code {"redis://cache:6379": "pw", "rediss://user@other:6380": "pw2"}}. The exporter takes the entry of its own
 * redis.addr, so one file can serve both exporters. Read at every connection, like redis.passwordFile.
 */
public final class PasswordMap {
  private PasswordMap() {}

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

  /** A JSON object whose values are all strings; a mistake is named by its place, never by the text there. */
  static Map<String, String> parse(String json) throws ValueKind.Invalid {
    Object doc;
    try {
      doc = JsonReader.parse(json);
    } catch (IllegalArgumentException e) {
      throw new ValueKind.Invalid("not a JSON object of URI to password: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ValueKind.Invalid("not a JSON object of URI to password: the file holds a JSON "
          + (doc instanceof List<?> ? "array" : "value") + ", not an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String password)) {
        throw new ValueKind.Invalid("not a JSON object of URI to password: the value of "
            + RedisUriText.redact(String.valueOf(e.getKey())) + " is not a string");
      }
      out.put(String.valueOf(e.getKey()), password);
    }
    return out;
  }
}
