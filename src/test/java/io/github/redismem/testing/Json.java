package io.github.redismem.testing;

import io.github.redismem.config.JsonReader;
import java.util.List;
import java.util.Map;

/**
 * JSON for tests: {@link #parse} is the exporter's own strict parser ({@link JsonReader}: objects become
 * {@link java.util.LinkedHashMap}, arrays {@link List}, numbers {@link Double}; anything RFC 8259 rejects throws
 * {@link IllegalArgumentException}), so a test parsing the exporter's output also checks that it is valid JSON;
 * plus helpers to write small requests and to follow a path into a document.
 */
public final class Json {
  private Json() {}

  public static Object parse(String text) {
    return JsonReader.parse(text);
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
}
