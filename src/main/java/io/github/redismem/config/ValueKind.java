package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of a setting (or a YAML scalar) becomes a typed value; each kind explains what it expected when the
 * text does not fit. The type parameter is what the setting's record field holds, so no value is ever cast.
 */
@FunctionalInterface
public interface ValueKind<T> {
  ValueKind<String> STRING = raw -> Scalars.scalar(raw, "a string");
  ValueKind<Secret> SECRET = raw -> Secret.of(Scalars.scalar(raw, "a string"));
  ValueKind<Duration> DURATION = raw -> {
    String text = raw instanceof String s ? s.trim() : null;
    Duration d = text == null ? null : Scalars.parseDuration(text);
    if (d == null || d.isZero() || d.isNegative()) {
      throw new Invalid("expected a duration like 5s, got " + Scalars.quoted(raw));
    }
    return d;
  };
  /** A duration, or 0 to switch something off ({@link Duration#ZERO}). */
  ValueKind<Duration> DURATION_OR_OFF = raw -> {
    String text = raw instanceof String s ? s.trim() : raw instanceof Number n ? String.valueOf(n) : null;
    if (text != null && text.equals("0")) {
      return Duration.ZERO;
    }
    Duration d = text == null ? null : Scalars.parseDuration(text);
    if (d == null || d.isNegative()) {
      throw new Invalid("expected a duration like 5m, or 0 for off, got " + Scalars.quoted(raw));
    }
    return d;
  };
  /**
   * A duration down to microseconds ({@code 500us}, {@code 0.5ms}, {@code 1ms}), or 0 for off: the other duration
   * kinds round to milliseconds, too coarse for a bound on how long one command may hold Redis.
   */
  ValueKind<Duration> FINE_DURATION_OR_OFF = raw -> {
    String text = raw instanceof String s ? s.trim() : raw instanceof Number n ? String.valueOf(n) : null;
    java.util.regex.Matcher fine = text == null ? null
        : java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(us|ms)").matcher(text);
    if (fine != null && fine.matches()) {
      double micros = Double.parseDouble(fine.group(1)) * (fine.group(2).equals("ms") ? 1_000 : 1);
      return Duration.ofNanos(Math.round(micros * 1_000));
    }
    return DURATION_OR_OFF.parse(raw);
  };
  ValueKind<String> REDIS_URL = raw -> Scalars.redisAddress(Scalars.scalar(raw, "a URL like redis://host:6379"));
  /** A file that must be readable now; empty for none. */
  ValueKind<Optional<Path>> READABLE_FILE = raw -> {
    String text = Scalars.scalar(raw, "a file path");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(text);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new Invalid("cannot read " + Scalars.quoted(text) + ": "
          + (Files.exists(p) ? "not a readable file" : "no such file"));
    }
    try {
      Files.readString(p);
    } catch (IOException e) {
      throw new Invalid("cannot read " + Scalars.quoted(text) + ": " + e.getMessage());
    }
    return Optional.of(p);
  };
  ValueKind<ListenAddress> LISTEN_ADDRESS = raw -> {
    String text = raw instanceof Integer i ? ":" + i : Scalars.scalar(raw, "an address like :19121");
    Matcher m = Pattern.compile("^(?:\\[([0-9a-fA-F:.]+)]|([^:\\[\\]]*)):(\\d{1,5})$").matcher(text.trim());
    if (!m.matches() || Integer.parseInt(m.group(3)) > 65535) {
      throw new Invalid("expected [host]:port like :19121 or 127.0.0.1:19121, got " + Scalars.quoted(raw));
    }
    String host = m.group(1) != null ? m.group(1) : m.group(2);
    return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(m.group(3)));
  };
  ValueKind<String> HTTP_PATH = raw -> {
    String text = Scalars.scalar(raw, "a path like /metrics");
    if (!text.startsWith("/") || text.equals("/") || text.startsWith("/-/") || text.contains("?")
        || text.chars().anyMatch(Character::isWhitespace)) {
      throw new Invalid("expected a path like /metrics (not /, not under /-/), got " + Scalars.quoted(raw));
    }
    return text;
  };
  ValueKind<String> LOG_LEVEL = oneOf("debug", "info", "warn", "error");
  /** logfmt is the Prometheus ecosystem's name for the text format; both read as {@code text}. */
  ValueKind<String> LOG_FORMAT = raw -> {
    String format = Scalars.oneOf(raw, "text", "logfmt", "json");
    return format.equals("logfmt") ? "text" : format;
  };
  ValueKind<Boolean> BOOLEAN = raw -> Scalars.oneOf(raw, "true", "false").equals("true");
  ValueKind<Long> COUNT = raw -> Numbers.count(raw, 0);
  ValueKind<Long> POSITIVE_COUNT = raw -> Numbers.count(raw, 1);
  /** A count held in an int field: a record component that indexes or sizes something in memory. */
  ValueKind<Integer> INT_COUNT = raw -> Numbers.intCount(raw, 0);
  ValueKind<Integer> POSITIVE_INT = raw -> Numbers.intCount(raw, 1);
  /** A whole number, or empty for "not set" (then -1). */
  ValueKind<Long> OPTIONAL_COUNT = raw -> raw instanceof String s && s.isBlank() ? -1L : Numbers.count(raw, 0);
  ValueKind<Double> RATIO = Numbers::ratio;
  ValueKind<Long> BYTES = Numbers::bytes;
  /** A number above 0 without the ratio's upper bound of 1 (a fragmentation ratio). */
  ValueKind<Double> POSITIVE_NUMBER = Numbers::positive;
  ValueKind<String> NON_EMPTY = raw -> {
    String text = Scalars.scalar(raw, "a non-empty string");
    if (text.isEmpty()) {
      throw new Invalid("expected a non-empty string, got \"\"");
    }
    return text;
  };
  ValueKind<List<Pattern>> REGEX_LIST = Numbers::regexes;
  /** The one kind a YAML mapping may give: command names by command ({@link RenamedCommands}). */
  ValueKind<RenamedCommands> COMMAND_RENAMES = RenamedCommands::parse;

  /** Reads one value: text from a flag or the environment, or a YAML scalar or list. */
  T parse(Object raw) throws Invalid;

  /** Parses the value of a flag that is not a setting (a command's own), naming {@code flag} if it is bad. */
  default T parseFlag(String flag, String text) throws ConfigException {
    try {
      return parse(text);
    } catch (Invalid e) {
      throw new ConfigException(flag, e.getMessage());
    }
  }

  /** One of a few words, case-insensitive. */
  static ValueKind<String> oneOf(String... allowed) {
    return raw -> Scalars.oneOf(raw, allowed);
  }

  /** Thrown by {@link #parse}; the loader prefixes the setting's path or flag. */
  final class Invalid extends Exception {
    public Invalid(String message) {
      super(message);
    }
  }

  /** Where the HTTP server binds. */
  record ListenAddress(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
