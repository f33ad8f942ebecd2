package io.github.redismem;

import io.github.redismem.GrafanaDashboard.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template variables substituted into a Prometheus query as Grafana's Prometheus data source does it, for one choice
 * of values. A multi-value or All variable becomes a regex of its values ({@code (a|b)}, regex characters escaped
 * for a PromQL string), or its {@code allValue} unescaped when All is chosen and one is set; a single-value variable
 * becomes its value. {@code ${var:format}} supports raw, regex, pipe, csv, text, glob, singlequote and doublequote.
 *
 * <p>Grafana's own variables get the values of a one-hour dashboard ending now: {@code $__range} 1h,
 * {@code $__interval} 15s, and {@code $__rate_interval} 1m, what Grafana gives a data source with its default 15 s
 * scrape interval (at least four scrape intervals).
 */
final class GrafanaInterpolation {
  /** Grafana's syntax: {@code $var}, {@code [[var]]}, {@code [[var:fmt]]}, {@code ${var}}, {@code ${var:fmt}}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

  private record Choice(Variable variable, List<String> values, boolean all) {
  }

  private final Map<String, Choice> chosen = new LinkedHashMap<>();

  GrafanaInterpolation(long nowMillis) {
    builtin("__rate_interval", "1m");
    builtin("__rate_interval_ms", "60000");
    builtin("__interval", "15s");
    builtin("__interval_ms", "15000");
    builtin("__auto", "15s");
    builtin("__range", "1h");
    builtin("__range_s", "3600");
    builtin("__range_ms", "3600000");
    builtin("__from", Long.toString(nowMillis - 3_600_000));
    builtin("__to", Long.toString(nowMillis));
  }

  /** Chooses {@code values} for {@code variable}; {@code all} when they stand for its All option. */
  void choose(Variable variable, List<String> values, boolean all) {
    chosen.put(variable.name(), new Choice(variable, List.copyOf(values), all));
  }

  /** A short description of the choice, e.g. {@code job=All, instance=127.0.0.1:4711}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    chosen.forEach((name, c) -> {
      if (!name.startsWith("__")) {
        parts.add(name + "=" + (c.all ? "All" : String.join("+", c.values)));
      }
    });
    return String.join(", ", parts);
  }

  /** {@code text} with every known variable replaced; unknown ones are left as written (see {@link #unknown}). */
  String apply(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = first(m.group(3), m.group(6));
      Choice choice = chosen.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(choice == null ? m.group() : format(choice, format)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The variables {@code text} still refers to after {@link #apply}; {@code $1} (a regex group) does not count. */
  static List<String> unknown(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      if (!name.chars().allMatch(Character::isDigit)) {
        out.add(m.group());
      }
    }
    return out;
  }

  private void builtin(String name, String value) {
    choose(new Variable(name, "builtin", value, false, false, null, null), List.of(value), false);
  }

  private static String format(Choice c, String format) {
    Variable v = c.variable;
    if (c.all && v.allValue() != null && !"text".equals(format)) {
      return v.allValue(); // Grafana leaves a custom All value unformatted
    }
    List<String> values = c.values;
    if (format == null) {
      if (!v.multi() && !v.includeAll()) {
        return values.get(0).replace("\\", "\\\\").replace("'", "\\\\'");
      }
      List<String> escaped = values.stream().map(GrafanaInterpolation::promRegexEscape).toList();
      return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }
    return switch (format) {
      case "raw", "csv", "text" -> String.join(",", values);
      case "pipe" -> String.join("|", values);
      case "regex" -> {
        List<String> escaped = values.stream().map(s -> s.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0")).toList();
        yield escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
      }
      case "glob" -> values.size() == 1 ? values.get(0) : "{" + String.join(",", values) + "}";
      case "singlequote" -> String.join(",", values.stream().map(s -> "'" + s.replace("'", "\\'") + "'").toList());
      case "doublequote" -> String.join(",", values.stream().map(s -> "\"" + s.replace("\"", "\\\"") + "\"").toList());
      default -> throw new AssertionError("variable format :" + format + " is not one this test knows");
    };
  }

  /** Grafana's prometheusSpecialRegexEscape: regex characters escaped with two backslashes, for a PromQL string. */
  private static String promRegexEscape(String s) {
    return s.replace("\\", "\\\\\\\\").replaceAll("[$^*{}\\[\\]'+?.()|]", "\\\\\\\\$0");
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }
}
