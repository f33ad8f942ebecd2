package io.github.redismem;

import io.github.redismem.testing.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Grafana dashboard file as the monitoring e2e test reads it: its template variables and every Prometheus query of
 * its panels (rows and collapsed rows included) and annotations.
 */
record GrafanaDashboard(Path file, List<Variable> variables, List<Query> queries) {

  /**
   * A template variable. {@code query} is the variable query, the custom or interval options, or the constant;
   * {@code regex} is the filter applied to query results, as written (often {@code /.../}).
   */
  record Variable(String name, String type, String query, boolean multi, boolean includeAll, String allValue,
      String regex) {
  }

  /** A PromQL query, {@code where} naming the file, panel and target for messages. */
  record Query(String where, String expr, String legendFormat, boolean annotation) {
  }

  static GrafanaDashboard load(Path file) {
    Map<?, ?> doc;
    try {
      doc = (Map<?, ?>) Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
    }
    List<Variable> variables = new ArrayList<>();
    for (Object item : list(at(doc, "templating", "list"))) {
      Map<?, ?> v = (Map<?, ?>) item;
      Object query = v.get("query");
      if (query instanceof Map<?, ?> q) {
        query = q.get("query");
      }
      variables.add(new Variable(text(v.get("name")), text(v.get("type")), text(query),
          Boolean.TRUE.equals(v.get("multi")), Boolean.TRUE.equals(v.get("includeAll")), text(v.get("allValue")),
          text(v.get("regex"))));
    }
    List<Query> queries = new ArrayList<>();
    String name = file.getFileName().toString();
    collectPanels(name, list(doc.get("panels")), queries);
    for (Object row : list(doc.get("rows"))) {
      collectPanels(name, list(((Map<?, ?>) row).get("panels")), queries);
    }
    for (Object item : list(at(doc, "annotations", "list"))) {
      Map<?, ?> a = (Map<?, ?>) item;
      if (a.get("expr") instanceof String expr && !expr.isBlank() && isPrometheus(a.get("datasource"))) {
        queries.add(new Query(name + ": annotation \"" + a.get("name") + "\"", expr, null, true));
      }
    }
    return new GrafanaDashboard(file, List.copyOf(variables), List.copyOf(queries));
  }

  private static void collectPanels(String file, List<?> panels, List<Query> out) {
    for (Object item : panels) {
      Map<?, ?> panel = (Map<?, ?>) item;
      collectPanels(file, list(panel.get("panels")), out);
      for (Object t : list(panel.get("targets"))) {
        Map<?, ?> target = (Map<?, ?>) t;
        Object datasource = target.get("datasource") != null ? target.get("datasource") : panel.get("datasource");
        if (target.get("expr") instanceof String expr && !expr.isBlank() && isPrometheus(datasource)) {
          out.add(new Query(file + ": panel \"" + panel.get("title") + "\" (id " + id(panel.get("id")) + ") target "
              + target.get("refId"), expr, text(target.get("legendFormat")), false));
        }
      }
    }
  }

  /** Prometheus, the dashboard's datasource variable, or unset; not Grafana's own or another type. */
  private static boolean isPrometheus(Object datasource) {
    if (datasource instanceof Map<?, ?> d) {
      return d.get("type") == null || "prometheus".equals(d.get("type"));
    }
    return datasource == null || !String.valueOf(datasource).startsWith("-- ");
  }

  private static String id(Object id) {
    return id instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(id);
  }

  private static Object at(Map<?, ?> doc, String... path) {
    Object current = doc;
    for (String step : path) {
      current = current instanceof Map<?, ?> m ? m.get(step) : null;
    }
    return current;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static String text(Object value) {
    return value == null ? null : value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
        : String.valueOf(value);
  }
}
