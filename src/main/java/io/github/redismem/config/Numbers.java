package io.github.redismem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Parsing of the numeric, size and list kinds of {@link ValueKind}. */
final class Numbers {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);

  private Numbers() {}

  static long count(Object raw, long min) throws ValueKind.Invalid {
    String expected = "a whole number >= " + min;
    long value;
    if (raw instanceof Integer || raw instanceof Long) {
      value = ((Number) raw).longValue();
    } else if (raw instanceof String s && s.strip().matches("-?\\d{1,18}")) {
      value = Long.parseLong(s.strip());
    } else {
      throw new ValueKind.Invalid("expected " + expected + ", got " + Scalars.quoted(raw));
    }
    if (value < min) {
      throw new ValueKind.Invalid("expected " + expected + ", got " + value);
    }
    return value;
  }

  /** A count kept in an int: sizes and indexes of things held in memory. */
  static int intCount(Object raw, long min) throws ValueKind.Invalid {
    long n = count(raw, min);
    if (n > Integer.MAX_VALUE) {
      throw new ValueKind.Invalid("expected at most " + Integer.MAX_VALUE + ", got " + n);
    }
    return (int) n;
  }

  static double ratio(Object raw) throws ValueKind.Invalid {
    double value;
    try {
      value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value > 0 && value <= 1)) {
      throw new ValueKind.Invalid("expected a ratio in (0, 1] like 0.05, got " + Scalars.quoted(raw));
    }
    return value;
  }

  /** A number above 0 with no upper bound, such as a fragmentation ratio of 1.5. */
  static double positive(Object raw) throws ValueKind.Invalid {
    double value;
    try {
      value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw new ValueKind.Invalid("expected a number above 0 like 1.5, got " + Scalars.quoted(raw));
    }
    return value;
  }

  /** 10MiB, 10mb (both 1024-based, as Redis reads them), 512kb, 1048576. */
  static long bytes(Object raw) throws ValueKind.Invalid {
    String text = raw instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(raw).strip();
    Matcher m = SIZE.matcher(text);
    if (raw == null || !m.matches()) {
      throw new ValueKind.Invalid("expected a size like 10MiB or 1048576, got " + Scalars.quoted(raw));
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = switch (unit.charAt(0)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
    return Math.round(Double.parseDouble(m.group(1)) * factor);
  }

  /** A YAML list of regexes, or on the command line one regex or a flow list like ["^(?<prefix>a):", "b"]. */
  static List<Pattern> regexes(Object raw) throws ValueKind.Invalid {
    List<?> items;
    if (raw instanceof List<?> list) {
      items = list;
    } else if (raw instanceof String s && s.strip().startsWith("[")) {
      try {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(s);
        if (!(parsed instanceof List<?> list)) {
          throw new ValueKind.Invalid("expected a list of regexes, got " + Scalars.quoted(raw));
        }
        items = list;
      } catch (YAMLException e) {
        throw new ValueKind.Invalid("expected a list of regexes like [\"^(?<prefix>[a-z]+):\"], got "
            + Scalars.quoted(raw));
      }
    } else if (raw instanceof String s) {
      items = s.isBlank() ? List.of() : List.of(s);
    } else {
      throw new ValueKind.Invalid("expected a list of regexes, got " + Scalars.quoted(raw));
    }
    List<Pattern> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String regex = String.valueOf(items.get(i));
      Pattern p;
      try {
        p = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ValueKind.Invalid("item " + i + " is not a valid regex: " + e.getDescription() + " in "
            + Scalars.quoted(regex));
      }
      if (!regex.contains("(?<prefix>")) {
        throw new ValueKind.Invalid("item " + i + " needs a named group (?<prefix>...), got " + Scalars.quoted(regex));
      }
      out.add(p);
    }
    return List.copyOf(out);
  }
}
