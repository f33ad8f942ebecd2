package io.github.redismem;

import io.github.redismem.GrafanaDashboard.Variable;
import io.github.redismem.PrometheusHttp.Reply;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chooses values for a dashboard's template variables as Grafana would offer them, asking Prometheus what a query
 * variable ({@code label_values}, {@code label_names}, {@code metrics}, {@code query_result}) yields; custom,
 * interval, constant and textbox variables take their options.
 */
final class GrafanaVariables {
  private final PrometheusHttp prometheus;

  GrafanaVariables(PrometheusHttp prometheus) {
    this.prometheus = prometheus;
  }

  /**
   * Chooses every template variable's values in order, running query variables (with the variables before them
   * substituted) through Prometheus: All (or every value of a multi-value variable) when {@code all}, else the
   * first value. Null, with a failure added, when a variable query fails or yields nothing.
   */
  GrafanaInterpolation choose(GrafanaDashboard dashboard, boolean all, long now, Set<String> failures) {
    GrafanaInterpolation grafana = new GrafanaInterpolation(now);
    for (Variable v : dashboard.variables()) {
      List<String> values;
      switch (v.type() == null ? "" : v.type()) {
        case "query" -> {
          String query = grafana.apply(v.query() == null ? "" : v.query());
          try {
            values = filter(query(query), v.regex());
          } catch (AssertionError e) {
            failures.add(dashboard.file() + ": variable $" + v.name() + ": " + e.getMessage());
            return null;
          }
          if (values.isEmpty()) {
            failures.add(dashboard.file() + ": variable $" + v.name() + " has no values: " + query
                + (v.regex() == null || v.regex().isEmpty() ? "" : " filtered by " + v.regex()));
            return null;
          }
        }
        case "custom", "interval" -> values = Stream.of((v.query() == null ? "" : v.query()).split("(?<!\\\\),"))
            .map(s -> s.contains(" : ") ? s.substring(s.indexOf(" : ") + 3) : s).map(String::strip)
            .filter(s -> !s.isEmpty()).toList();
        case "constant", "textbox" -> values = List.of(v.query() == null ? "" : v.query());
        default -> {
          continue; // datasource, adhoc: not part of a query's text
        }
      }
      if (values.isEmpty()) {
        failures.add(dashboard.file() + ": variable $" + v.name() + " has no options");
        return null;
      }
      boolean chooseAll = all && (v.includeAll() || v.multi());
      grafana.choose(v, chooseAll ? values : values.subList(0, 1), all && v.includeAll());
    }
    return grafana;
  }

  /** What Grafana's Prometheus data source answers to a variable query. */
  private List<String> query(String query) {
    Matcher m = Pattern.compile("(?s)^\\s*(label_values|label_names|metrics|query_result)\\s*\\((.*)\\)\\s*$")
        .matcher(query);
    if (!m.matches()) {
      return values(prometheus.labelValues("__name__", null), query).stream()
          .filter(n -> n.matches(query)).toList(); // a bare query is a metric name regex in old dashboards
    }
    String args = m.group(2).strip();
    return switch (m.group(1)) {
      case "label_values" -> {
        int comma = args.lastIndexOf(',');
        String label = args.substring(comma + 1).strip();
        yield values(prometheus.labelValues(label, comma < 0 ? null : args.substring(0, comma).strip()), query);
      }
      case "label_names" -> values(prometheus.labelNames(args.isEmpty() ? null : args), query);
      case "metrics" -> values(prometheus.labelValues("__name__", null), query).stream()
          .filter(n -> Pattern.compile(args).matcher(n).find()).toList();
      default -> {
        Reply reply = prometheus.query(args);
        if (!reply.success()) {
          throw new AssertionError(query + ": " + reply.error());
        }
        List<String> out = new ArrayList<>();
        for (Object r : (List<?>) ((Map<?, ?>) reply.data()).get("result")) {
          Map<?, ?> series = (Map<?, ?>) r;
          Map<?, ?> labels = (Map<?, ?>) series.get("metric");
          StringBuilder text = new StringBuilder(String.valueOf(labels.get("__name__") == null ? ""
              : labels.get("__name__"))).append('{');
          labels.forEach((k, v) -> {
            if (!"__name__".equals(k)) {
              text.append(text.charAt(text.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v)
                  .append('"');
            }
          });
          List<?> value = (List<?>) series.get("value");
          out.add(text.append("} ").append(value.get(1)).append(' ')
              .append((long) ((Double) value.get(0) * 1000)).toString());
        }
        yield out;
      }
    };
  }

  private static List<String> values(Reply reply, String query) {
    if (!reply.success()) {
      throw new AssertionError(query + ": " + reply.error());
    }
    return ((List<?>) reply.data()).stream().map(String::valueOf).toList();
  }

  /** A variable's {@code regex}, as Grafana applies it: matching values only, capture group 1 (or "value") if any. */
  private static List<String> filter(List<String> values, String regex) {
    if (regex == null || regex.isEmpty()) {
      return values;
    }
    String body = regex.startsWith("/") ? regex.substring(1, regex.lastIndexOf('/')) : regex;
    Pattern pattern = Pattern.compile(body);
    Set<String> out = new LinkedHashSet<>();
    for (String value : values) {
      Matcher m = pattern.matcher(value);
      if (m.find()) {
        String named = body.contains("?<value>") ? m.group("value") : null;
        out.add(named != null ? named : m.groupCount() > 0 && m.group(1) != null ? m.group(1) : value);
      }
    }
    return List.copyOf(out);
  }
}
