package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.metrics.MetricCatalog;
import io.github.redismem.metrics.MetricFamily;
import io.github.redismem.testing.Json;
import io.prometheus.metrics.model.registry.MetricType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana dashboards in grafana/dashboards import as they are (no {@code __inputs}, one datasource variable),
 * filter every query by the {@code job} and {@code instance} variables, never divide by a series that can be 0
 * (maxmemory 0 means no limit), give every panel a unit and a description pointing at docs/dashboards.md, and
 * query only metrics the exporter serves.
 */
class DashboardsTest {
  private static final Path DIR = Path.of("grafana/dashboards");
  private static final Path RUNBOOK = Path.of("docs/dashboards.md");
  /** File name to uid: the uids are in links and bookmarks, so they never change. */
  private static final Map<String, String> UIDS = Map.of(
      "redis-memory.json", "redismem-memory",
      "key-analysis.json", "redismem-keys",
      "fleet.json", "redismem-fleet");
  private static final Set<String> TAGS = Set.of("redis", "redis-memory-exporter");
  private static final Map<String, Object> DATASOURCE = Map.of("type", "prometheus", "uid", "${datasource}");
  private static final String JOB = "job=~\"$job\"";
  private static final String INSTANCE = "instance=~\"$instance\"";


  private static final Pattern METRIC_NAME = Pattern.compile("redismem_[a-z0-9_]+");
  private static final Pattern RUNBOOK_REF = Pattern.compile("Runbook: docs/dashboards\\.md, ([^.]+)\\.");
  private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)\\]");
  private static final Pattern DASHBOARD_URL = Pattern.compile("/d/([a-z0-9-]+)/");

  static Stream<String> dashboards() {
    return UIDS.keySet().stream().sorted();
  }

  @Test
  void theFolderHoldsTheThreeDashboardsWithTheirStableUids() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(UIDS.keySet());
    }
    Set<String> uids = new HashSet<>();
    for (String file : UIDS.keySet()) {
      Map<String, Object> d = load(file);
      assertThat(d.get("uid")).as(file).isEqualTo(UIDS.get(file));
      assertThat(uids.add((String) d.get("uid"))).as("uid of " + file + " is unique").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void importsAsItIsAndIsTagged(String file) throws IOException {
    String text = Files.readString(DIR.resolve(file));
    Map<String, Object> d = load(file);
    assertThat(d).doesNotContainKeys("__inputs", "__requires", "__elements");
    assertThat(text).doesNotContain("${DS_");
    assertThat(d.get("id")).as("id (Grafana assigns its own)").isNull();
    assertThat(((Number) d.get("schemaVersion")).intValue()).isBetween(36, 41);
    assertThat(strings(d.get("tags"))).containsAll(TAGS);
    assertThat((String) d.get("title")).isNotBlank();
    assertThat((String) d.get("description")).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void hasTheDatasourceJobAndInstanceVariables(String file) throws IOException {
    Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
    for (Object v : list(Json.at(load(file), "templating", "list"))) {
      Map<String, Object> var = map(v);
      vars.put((String) var.get("name"), var);
    }
    List<Map<String, Object>> datasources = vars.values().stream()
        .filter(v -> "datasource".equals(v.get("type"))).toList();
    assertThat(datasources).as("datasource variables").hasSize(1);
    assertThat(datasources.get(0)).containsEntry("name", "datasource").containsEntry("query", "prometheus");
    for (String name : List.of("job", "instance")) {
      Map<String, Object> var = vars.get(name);
      assertThat(var).as(name + " variable").isNotNull()
          .containsEntry("type", "query").containsEntry("multi", true).containsEntry("includeAll", true)
          .containsEntry("allValue", ".+").containsEntry("datasource", DATASOURCE);
      assertThat(variableQuery(var)).contains("redismem_up");
    }
    assertThat(variableQuery(vars.get("instance"))).contains(JOB);
    vars.values().stream().filter(v -> "query".equals(v.get("type")))
        .filter(v -> !List.of("job", "instance").contains(v.get("name")))
        .forEach(v -> {
          assertThat(v.get("datasource")).as("datasource of variable " + v.get("name")).isEqualTo(DATASOURCE);
          assertThat(variableQuery(v)).as("variable " + v.get("name")).contains(JOB, INSTANCE);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyPanelHasADatasourceAUnitAndARunbookDescription(String file) throws IOException {
    Set<String> sections = runbookSections();
    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> p : panels(load(file))) {
      String title = file + ": " + p.get("title");
      assertThat(ids.add(p.get("id"))).as("unique id of " + title).isTrue();
      Map<String, Object> grid = map(p.get("gridPos"));
      assertThat(number(grid.get("x")) + number(grid.get("w"))).as("gridPos of " + title).isLessThanOrEqualTo(24);
      if ("row".equals(p.get("type"))) {
        continue;
      }
      assertThat(p.get("datasource")).as("datasource of " + title).isEqualTo(DATASOURCE);
      assertThat((String) Json.at(p, "fieldConfig", "defaults", "unit")).as("unit of " + title).isNotBlank();
      if ("heatmap".equals(p.get("type"))) {
        assertThat((String) Json.at(p, "options", "yAxis", "unit")).as("y unit of " + title).isNotBlank();
      }
      String description = (String) p.get("description");
      assertThat(description).as("description of " + title).isNotBlank();
      Matcher ref = RUNBOOK_REF.matcher(description);
      assertThat(ref.find()).as(title + " names its section of docs/dashboards.md").isTrue();
      assertThat(sections).as(title + "'s runbook section").contains(ref.group(1));
      assertThat(list(p.get("targets"))).as("targets of " + title).isNotEmpty();
      for (Object t : list(p.get("targets"))) {
        assertThat(map(t).get("datasource")).as("datasource of a target of " + title).isEqualTo(DATASOURCE);
      }
    }
  }

  /**
   * Every label selector carries the job and instance filters, so an expression is a function of the selected
   * instances only; ranges are {@code $__rate_interval}; a division by a series is guarded with {@code > 0}
   * (Grafana then shows nothing rather than +Inf or NaN); a raw maxmemory is compared, or shown with a value
   * mapping for 0 ("no limit").
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyQueryIsFilteredByJobAndInstanceAndSafeForMaxmemoryZero(String file) throws IOException {
    for (Query q : queries(load(file))) {
      String where = file + ": " + q.where() + ": " + q.expr();
      Matcher selectors = Pattern.compile("\\{([^}]*)\\}").matcher(q.expr());
      int count = 0;
      while (selectors.find()) {
        count++;
        assertThat(selectors.group(1)).as(where).contains(JOB, INSTANCE);
      }
      assertThat(count).as("selectors in " + where).isPositive();
      Matcher name = METRIC_NAME.matcher(q.expr());
      while (name.find()) {
        assertThat(q.expr().substring(name.end()).stripLeading()).as("%s has a selector in %s", name.group(), where)
            .startsWith("{");
      }
      Matcher range = RANGE.matcher(q.expr());
      while (range.find()) {
        assertThat(range.group(1)).as("range in " + where).isEqualTo("$__rate_interval");
      }
      assertDivisionsGuarded(q.expr(), where);
      Matcher max = Pattern.compile("redismem_memory_max_bytes\\{[^}]*\\}(?:\\s*@\\s*end\\(\\))?").matcher(q.expr());
      while (max.find()) {
        boolean compared = q.expr().substring(max.end()).matches("(?s)\\s*(>|==)\\s*0\\b.*");
        assertThat(compared || mapsZero(q.panel().get("fieldConfig"))).as("maxmemory 0 handled in " + where).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyMetricIsServedByTheExporter(String file) throws IOException {
    Set<String> served = servedNames();
    Set<String> unknown = new TreeSet<>();
    for (Query q : queries(load(file))) {
      Matcher m = METRIC_NAME.matcher(q.expr());
      while (m.find()) {
        if (!served.contains(m.group())) {
          unknown.add(m.group());
        }
      }
    }
    assertThat(unknown).as("metrics in " + file + " that MetricCatalog does not serve").isEmpty();
  }

  @Test
  void theDashboardsLinkToEachOther() throws IOException {
    Map<String, Set<String>> tags = new LinkedHashMap<>();
    for (String file : UIDS.keySet()) {
      tags.put(file, new HashSet<>(strings(load(file).get("tags"))));
    }
    for (String file : UIDS.keySet()) {
      Map<String, Object> d = load(file);
      boolean linksAll = list(d.get("links")).stream().map(DashboardsTest::map)
          .filter(l -> "dashboards".equals(l.get("type")))
          .filter(l -> Boolean.TRUE.equals(l.get("keepTime")) && Boolean.TRUE.equals(l.get("includeVars")))
          .anyMatch(l -> !strings(l.get("tags")).isEmpty()
              && tags.values().stream().allMatch(t -> t.containsAll(strings(l.get("tags")))));
      assertThat(linksAll).as(file + " links to the other dashboards by a tag they all carry").isTrue();
      Matcher url = DASHBOARD_URL.matcher(Files.readString(DIR.resolve(file)));
      while (url.find()) {
        assertThat(UIDS.values()).as("data link target in " + file).contains(url.group(1));
      }
    }
  }

  /** After each {@code /}: a number, or a parenthesised expression ending in {@code > 0}. */
  private static void assertDivisionsGuarded(String expr, String where) {
    for (int i = expr.indexOf('/'); i >= 0; i = expr.indexOf('/', i + 1)) {
      String rest = expr.substring(i + 1).stripLeading();
      if (rest.matches("(?s)[0-9].*")) {
        continue;
      }
      assertThat(rest).as("divisor in " + where).startsWith("(");
      int depth = 0;
      int end = 0;
      for (int j = 0; j < rest.length(); j++) {
        char c = rest.charAt(j);
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          end = j;
          break;
        }
      }
      assertThat(rest.substring(1, end).strip()).as("divisor guarded with > 0 in " + where).matches("(?s).*>\\s*0");
    }
  }

  /** Whether the panel's field config (defaults or an override) maps the value 0 to a text. */
  private static boolean mapsZero(Object node) {
    if (node instanceof Map<?, ?> m) {
      if ("value".equals(m.get("type")) && m.get("options") instanceof Map<?, ?> options
          && options.containsKey("0")) {
        return true;
      }
      return m.values().stream().anyMatch(DashboardsTest::mapsZero);
    }
    return node instanceof List<?> l && l.stream().anyMatch(DashboardsTest::mapsZero);
  }

  /** Every series name a scrape can hold: counters with _total, histograms as _bucket, _sum and _count. */
  private static Set<String> servedNames() {
    Set<String> names = new HashSet<>();
    for (MetricFamily f : MetricCatalog.all()) {
      if (f.type() == MetricType.HISTOGRAM) {
        names.addAll(List.of(f.name() + "_bucket", f.name() + "_sum", f.name() + "_count"));
      } else {
        names.add(f.name());
      }
    }
    return names;
  }

  private record Query(String where, String expr, Map<String, Object> panel) {}

  private static List<Query> queries(Map<String, Object> dashboard) {
    List<Query> out = new ArrayList<>();
    for (Map<String, Object> p : panels(dashboard)) {
      for (Object t : list(p.getOrDefault("targets", List.of()))) {
        out.add(new Query(p.get("title") + " " + map(t).get("refId"), (String) map(t).get("expr"), p));
      }
    }
    for (Object a : list(Json.at(dashboard, "annotations", "list"))) {
      Map<String, Object> annotation = map(a);
      if (annotation.containsKey("expr")) {
        assertThat(annotation.get("datasource")).as("annotation " + annotation.get("name")).isEqualTo(DATASOURCE);
        out.add(new Query("annotation " + annotation.get("name"), (String) annotation.get("expr"), Map.of(
            "fieldConfig", Map.of())));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  /** Every panel, those inside collapsed rows included. */
  private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object p : list(dashboard.get("panels"))) {
      out.add(map(p));
      for (Object inner : list(map(p).getOrDefault("panels", List.of()))) {
        out.add(map(inner));
      }
    }
    return out;
  }

  private static Set<String> runbookSections() throws IOException {
    return Files.readAllLines(RUNBOOK).stream().filter(l -> l.startsWith("### "))
        .map(l -> l.substring(4).strip()).collect(Collectors.toSet());
  }

  private static String variableQuery(Map<String, Object> var) {
    Object q = var.get("query");
    return q instanceof Map<?, ?> m ? (String) m.get("query") : (String) q;
  }

  private static Map<String, Object> load(String file) {
    try {
      return map(Json.parse(Files.readString(DIR.resolve(file))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String.class::cast).toList();
  }

  private static int number(Object o) {
    return ((Number) o).intValue();
  }
}
