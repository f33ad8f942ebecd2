package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.metrics.MetricCatalog;
import io.github.redismem.metrics.MetricFamily;
import io.prometheus.metrics.model.registry.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Prometheus rules in grafana/rules pass {@code promtool check rules} and their unit tests; every alert carries
 * what on-call needs (severity, a static summary, a templated description, a runbook link landing on a heading of
 * docs/runbook.md) and has a firing and a not-firing case; every {@code redismem_} metric the rules and their tests
 * read is one the exporter serves. Like {@link PromtoolIT}, a missing promtool skips the promtool checks, except
 * with CI=true.
 */
class RulesIT {
  private static final Path RULES = Path.of("grafana/rules/redis-memory-exporter.rules.yml");
  private static final Path RULE_TESTS = Path.of("grafana/rules/redis-memory-exporter.rules.test.yml");
  private static final Path RUNBOOK = Path.of("docs/runbook.md");
  private static final String RUNBOOK_URL =
      "https://github.com/redis-memory-exporter/redis-memory-exporter/blob/main/docs/runbook.md#";
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  /** A metric name on its own: not part of a recording rule's name (instance:redismem_x:ratio). */
  private static final Pattern METRIC = Pattern.compile("(?<![\\w:])redismem_[a-z0-9_]+(?![\\w:])");

  @Test
  void promtoolChecksTheRules() throws Exception {
    String output = promtool("check", "rules", RULES.toString());
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    String output = promtool("test", "rules", RULE_TESTS.toString());
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void everyAlertCarriesSeveritySummaryDescriptionAndARunbookAnchor() throws IOException {
    Set<String> anchors = headingAnchors(Files.readString(RUNBOOK));
    List<Map<String, Object>> alerts = rules().stream().filter(r -> r.containsKey("alert")).toList();
    assertThat(alerts).isNotEmpty();
    for (Map<String, Object> rule : alerts) {
      String name = (String) rule.get("alert");
      Map<String, Object> labels = map(rule.get("labels"));
      Map<String, Object> annotations = map(rule.get("annotations"));
      assertThat(name).as("alert name").matches("RedisMem[A-Z][A-Za-z0-9]+");
      assertThat(rule.get("for")).as(name + ": for").isNotNull();
      assertThat(labels.get("severity")).as(name + ": severity").isIn(SEVERITIES.toArray());
      String summary = (String) annotations.get("summary");
      assertThat(summary).as(name + ": summary").isNotBlank().doesNotContain("{{");
      String description = (String) annotations.get("description");
      assertThat(description).as(name + ": description").isNotBlank().contains("$labels.instance");
      String runbook = (String) annotations.get("runbook_url");
      assertThat(runbook).as(name + ": runbook_url").startsWith(RUNBOOK_URL);
      assertThat(anchors).as(name + ": a heading of docs/runbook.md for " + runbook)
          .contains(runbook.substring(RUNBOOK_URL.length()));
    }
  }

  /** promtool passes an alert that no test mentions: each needs an evaluation where it fires and one where not. */
  @Test
  void everyAlertHasAFiringAndANotFiringTest() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    Set<String> checkedExpressions = new TreeSet<>();
    for (Object test : list(load(RULE_TESTS).get("tests"))) {
      for (Object t : list(map(test).get("alert_rule_test"))) {
        Map<String, Object> check = map(t);
        (list(check.get("exp_alerts")).isEmpty() ? quiet : firing).add((String) check.get("alertname"));
      }
      for (Object t : list(map(test).get("promql_expr_test"))) {
        checkedExpressions.add((String) map(t).get("expr"));
      }
    }
    for (Map<String, Object> rule : rules()) {
      if (rule.containsKey("alert")) {
        assertThat(firing).as("alerts with a firing case").contains((String) rule.get("alert"));
        assertThat(quiet).as("alerts with a not-firing case").contains((String) rule.get("alert"));
      } else {
        String record = (String) rule.get("record");
        assertThat(record).as("recording rule name (level:metric:operations)")
            .matches("[a-z_]+:[a-z0-9_]+:[a-z0-9_]+");
        assertThat(checkedExpressions).as("promql_expr_test expressions reading " + record)
            .anyMatch(expr -> expr.contains(record));
      }
    }
  }

  @Test
  void everyMetricTheRulesAndTheirTestsReadIsServed() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> rule : rules()) {
      used.addAll(metricNames((String) rule.get("expr")));
      map(rule.get("annotations")).values().forEach(text -> used.addAll(metricNames((String) text)));
    }
    assertThat(used).as("metrics the rules read").isNotEmpty();
    used.addAll(metricNames(Files.readString(RULE_TESTS)));
    used.removeAll(servedNames());
    assertThat(used).as("metrics the rules or their tests read that the exporter does not serve (MetricCatalog)")
        .isEmpty();
  }

  /** Names as scraped: counters with _total, histograms as _bucket, _sum and _count. */
  private static Set<String> servedNames() {
    Set<String> served = new TreeSet<>();
    for (MetricFamily family : MetricCatalog.all()) {
      String name = family.name();
      if (family.type() == MetricType.HISTOGRAM) {
        served.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
      } else {
        served.add(name);
      }
    }
    return served;
  }

  private static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text == null ? "" : text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces as hyphens; headings inside code blocks are not. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    boolean code = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (!code && line.matches("#{1,6} .*")) {
        String text = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT);
        anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static List<Map<String, Object>> rules() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : list(load(RULES).get("groups"))) {
      list(map(group).get("rules")).forEach(r -> rules.add(map(r)));
    }
    return rules;
  }

  private static Map<String, Object> load(Path file) throws IOException {
    try (var in = Files.newBufferedReader(file)) {
      return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  private static List<?> list(Object node) {
    return node == null ? List.of() : (List<?>) node;
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PromtoolIT.promtool().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
