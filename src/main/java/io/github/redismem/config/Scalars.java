package io.github.redismem.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text-level parsing shared by the {@link ValueKind}s: strings, words, durations and Redis addresses. */
final class Scalars {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Scalars() {}

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

  static String scalar(Object raw, String expected) throws ValueKind.Invalid {
    if (raw instanceof String s) {
      return s;
    }
    throw new ValueKind.Invalid("expected " + expected + ", got " + quoted(raw));
  }

  static String oneOf(Object raw, String... allowed) throws ValueKind.Invalid {
    String text = raw instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
    for (String a : allowed) {
      if (a.equals(text)) {
        return a;
      }
    }
    throw new ValueKind.Invalid("expected one of " + String.join(", ", allowed) + ", got " + quoted(raw));
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

  /** Checks a Redis address early so that a typo stops start-up instead of failing every scrape. */
  static String redisAddress(String text) throws ValueKind.Invalid {
    String t = text.trim();
    if (SentinelAddress.isSentinel(t)) {
      SentinelAddress.parse(t);
      return t;
    }
    String withScheme = t.contains("://") ? t : "redis://" + t;
    String problem;
    try {
      URI uri = new URI(withScheme);
      String scheme = uri.getScheme();
      if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
        problem = "scheme must be redis://, rediss:// or redis-sentinel:// (rediss-sentinel:// with TLS)";
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
    throw new ValueKind.Invalid("expected a URL like redis://host:6379, got " + quoted(RedisUriText.redact(t))
        + " (" + problem + ")");
  }
}
