package io.github.redismem.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the text of a setting becomes a value; each kind explains what it expected when the text does not fit. */
public enum ValueKind {
  STRING {
    @Override
    Object parse(Object raw) throws Invalid {
      return scalar(raw, "a string");
    }
  },
  SECRET {
    @Override
    Object parse(Object raw) throws Invalid {
      return Secret.of(scalar(raw, "a string"));
    }

    @Override
    String show(Object raw) {
      return "<redacted>";
    }
  },
  DURATION {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = raw instanceof String s ? s.trim() : null;
      Duration d = text == null ? null : parseDuration(text);
      if (d == null || d.isZero() || d.isNegative()) {
        throw new Invalid("expected a duration like 5s, got " + quoted(raw));
      }
      return d;
    }
  },
  /** A duration, or 0 to switch something off ({@link java.time.Duration#ZERO}). */
  DURATION_OR_OFF {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = raw instanceof String s ? s.trim() : raw instanceof Number n ? String.valueOf(n) : null;
      if (text != null && text.equals("0")) {
        return Duration.ZERO;
      }
      Duration d = text == null ? null : parseDuration(text);
      if (d == null || d.isNegative()) {
        throw new Invalid("expected a duration like 5m, or 0 for off, got " + quoted(raw));
      }
      return d;
    }
  },
  REDIS_URL {
    @Override
    Object parse(Object raw) throws Invalid {
      return RedisAddress.parse(scalar(raw, "a URL like redis://host:6379"));
    }
  },
  READABLE_FILE {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = scalar(raw, "a file path");
      if (text.isEmpty()) {
        return "";
      }
      Path p = Path.of(text);
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new Invalid("cannot read " + quoted(text) + ": "
            + (Files.exists(p) ? "not a readable file" : "no such file"));
      }
      try {
        Files.readString(p);
      } catch (IOException e) {
        throw new Invalid("cannot read " + quoted(text) + ": " + e.getMessage());
      }
      return text;
    }
  },
  LISTEN_ADDRESS {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = raw instanceof Integer i ? ":" + i : scalar(raw, "an address like :19121");
      Matcher m = Pattern.compile("^(?:\\[([0-9a-fA-F:.]+)]|([^:\\[\\]]*)):(\\d{1,5})$").matcher(text.trim());
      if (!m.matches() || Integer.parseInt(m.group(3)) > 65535) {
        throw new Invalid("expected [host]:port like :19121 or 127.0.0.1:19121, got " + quoted(raw));
      }
      String host = m.group(1) != null ? m.group(1) : m.group(2);
      return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(m.group(3)));
    }
  },
  HTTP_PATH {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = scalar(raw, "a path like /metrics");
      if (!text.startsWith("/") || text.equals("/") || text.startsWith("/-/") || text.contains("?")
          || text.chars().anyMatch(Character::isWhitespace)) {
        throw new Invalid("expected a path like /metrics (not /, not under /-/), got " + quoted(raw));
      }
      return text;
    }
  },
  LOG_LEVEL {
    @Override
    Object parse(Object raw) throws Invalid {
      return oneOf(raw, "debug", "info", "warn", "error");
    }
  },
  LOG_FORMAT {
    @Override
    Object parse(Object raw) throws Invalid {
      return oneOf(raw, "text", "json");
    }
  },
  BOOLEAN {
    @Override
    Object parse(Object raw) throws Invalid {
      return oneOf(raw, "true", "false").equals("true");
    }
  },
  COUNT {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.count(raw, 0);
    }
  },
  POSITIVE_COUNT {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.count(raw, 1);
    }
  },
  /** A whole number, or empty for "not set" (then -1). */
  OPTIONAL_COUNT {
    @Override
    Object parse(Object raw) throws Invalid {
      return raw instanceof String s && s.isBlank() ? -1L : Numbers.count(raw, 0);
    }
  },
  RATIO {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.ratio(raw);
    }
  },
  BYTES {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.bytes(raw);
    }
  },
  /** A number above 0 without the ratio's upper bound of 1 (a fragmentation ratio). */
  POSITIVE_NUMBER {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.positive(raw);
    }
  },
  NON_EMPTY {
    @Override
    Object parse(Object raw) throws Invalid {
      String text = scalar(raw, "a non-empty string");
      if (text.isEmpty()) {
        throw new Invalid("expected a non-empty string, got \"\"");
      }
      return text;
    }
  },
  REGEX_LIST {
    @Override
    Object parse(Object raw) throws Invalid {
      return Numbers.regexes(raw);
    }

    @Override
    String show(Object raw) {
      return quoted(raw);
    }
  };

  /** Parses the value of a flag that is not a setting (a subcommand's own), naming {@code flag} if it is bad. */
  public Object parseFlag(String flag, String text) throws ConfigException {
    try {
      return parse(text);
    } catch (Invalid e) {
      throw new ConfigException(flag, e.getMessage());
    }
  }

  /** Thrown by {@link #parse}; the loader prefixes the setting's path. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  abstract Object parse(Object raw) throws Invalid;

  /** How a raw value may be echoed back in an error message. */
  String show(Object raw) {
    return quoted(raw);
  }

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  /** Go-style durations as Prometheus users write them: 500ms, 5s, 1m30s, 2h. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION_PART.matcher(text);
    int at = 0;
    double millis = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      millis += n * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 86_400_000;
      };
      at = m.end();
    }
    return at == text.length() && at > 0 ? Duration.ofMillis(Math.round(millis)) : null;
  }

  static String scalar(Object raw, String expected) throws Invalid {
    if (raw instanceof String s) {
      return s;
    }
    throw new Invalid("expected " + expected + ", got " + quoted(raw));
  }

  private static String oneOf(Object raw, String... allowed) throws Invalid {
    String text = raw instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
    for (String a : allowed) {
      if (a.equals(text)) {
        return a;
      }
    }
    throw new Invalid("expected one of " + String.join(", ", allowed) + ", got " + quoted(raw));
  }

  static String quoted(Object raw) {
    if (raw instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    if (raw instanceof java.util.Map<?, ?>) {
      return "a mapping";
    }
    if (raw instanceof java.util.List<?>) {
      return "a list";
    }
    return String.valueOf(raw);
  }

  /** Where the HTTP server binds. */
  public record ListenAddress(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Checks a Redis address early so that a typo stops start-up instead of failing every scrape. */
  static final class RedisAddress {
    private RedisAddress() {}

    static String parse(String text) throws Invalid {
      String t = text.trim();
      String withScheme = t.contains("://") ? t : "redis://" + t;
      String problem;
      try {
        URI uri = new URI(withScheme);
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
          problem = "scheme must be redis:// or rediss://";
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
          problem = "no host";
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
          problem = "port must be 1..65535";
        } else if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().matches("/\\d{0,5}")) {
          problem = "the path may only be a database number like /0";
        } else {
          return withScheme;
        }
      } catch (URISyntaxException e) {
        problem = e.getReason();
      }
      throw new Invalid("expected a URL like redis://host:6379, got " + quoted(RedisUriText.redact(t))
          + " (" + problem + ")");
    }
  }
}
