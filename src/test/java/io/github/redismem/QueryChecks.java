package io.github.redismem;

import io.github.redismem.PrometheusHttp.Reply;
import io.github.redismem.metrics.MetricCatalog;
import io.github.redismem.metrics.MetricFamily;
import io.prometheus.metrics.model.registry.MetricType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The monitoring e2e test's checks of PromQL: every query of the dashboards, interpolated as Grafana would, and every
 * rule expression is run through Prometheus and must parse and run; panel queries and recording rules must return
 * data (unless the test gives a reason why they cannot), and legends must name labels their series have. Every
 * {@code redismem_} metric named must be one the exporter serves and have series in Prometheus (unless absent for a
 * reason), every recorded series must be recorded by a rule, and every label in a matcher or a {@code by},
 * {@code without}, {@code on}, {@code ignoring} or {@code group_*} list must exist on the series it applies to.
 */
final class QueryChecks {
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
  private static final long SETTLE_NANOS = 30_000_000_000L;
  private static final long QUIET_NANOS = 6_000_000_000L;
  /** The series names the exporter serves (a histogram's _bucket, _sum and _count), with their family. */
  private static final Map<String, MetricFamily> SERVED = served();

  private final PrometheusHttp prometheus;
  private final RuleFiles rules;
  private final Function<Check, String> emptyBecause;
  private final Function<MetricFamily, String> absentBecause;
  /**
   * Panel queries and recording rules without data in the healthy state, with their last answer: run again during
   * the scenarios (a panel of evicting or down instances has data only then).
   */
  private final Map<Check, String> deferred = new LinkedHashMap<>();
  private final List<String> lateFailures = new ArrayList<>();
  /** Metrics named without series in the healthy state, with the problem to report if they never get any. */
  private final Map<String, String> missingSeries = new LinkedHashMap<>();
  /** Series labels per metric name, from /api/v1/series. */
  private final Map<String, List<Map<String, String>>> seriesCache = new HashMap<>();

  /**
   * @param emptyBecause why a query may return nothing here, or null
   * @param absentBecause why a metric of the exporter's catalogue may be absent here, or null
   */
  QueryChecks(PrometheusHttp prometheus, RuleFiles rules, Function<Check, String> emptyBecause,
      Function<MetricFamily, String> absentBecause) {
    this.prometheus = prometheus;
    this.rules = rules;
    this.emptyBecause = emptyBecause;
    this.absentBecause = absentBecause;
  }

  /**
   * One query to run: where it comes from ({@code origin}, plus the variables chosen), the PromQL as sent, whether it
   * must return data, its legend.
   */
  record Check(String origin, String where, String expr, boolean needsData, String legendFormat) {
  }

  /**
   * Checks every query of the dashboards (with All, and with the first value of each variable) and every rule
   * expression in the healthy state; returns the problems. Queries that must return data and have none yet are kept
   * for {@link #runDeferredAgain}.
   */
  List<String> checkHealthyState(List<GrafanaDashboard> dashboards) {
    Set<String> failures = new LinkedHashSet<>();
    GrafanaVariables variables = new GrafanaVariables(prometheus);
    Map<String, Check> checks = new LinkedHashMap<>();
    for (RuleFiles.Rule rule : rules.rules()) {
      checks.putIfAbsent(rule.expr(), new Check(rule.toString(), rule.toString(), rule.expr(), !rule.alert(), null));
    }
    long now = System.currentTimeMillis();
    for (GrafanaDashboard dashboard : dashboards) {
      for (boolean all : List.of(true, false)) {
        GrafanaInterpolation grafana = variables.choose(dashboard, all, now, failures);
        if (grafana == null) {
          continue;
        }
        for (GrafanaDashboard.Query query : dashboard.queries()) {
          String expr = grafana.apply(query.expr());
          String where = query.where() + " [" + grafana.describe() + "]";
          List<String> unknown = GrafanaInterpolation.unknown(expr);
          if (!unknown.isEmpty()) {
            failures.add(query.where() + ": refers to undefined variables " + unknown + " in " + query.expr());
          } else {
            checks.putIfAbsent(expr, new Check(query.where(), where, expr, !query.annotation(),
                query.legendFormat()));
          }
        }
      }
    }
    MonitoringE2EIT.log(checks.size() + " distinct expressions from " + dashboards.size() + " dashboards and "
        + rules.rules().size() + " rules");
    // evaluation first: it waits until series that take a few evaluations (a deriv of a recorded series) exist;
    // the references' problems are listed first, as they often explain an evaluation's
    List<String> evaluation = evaluate(checks.values());
    failures.addAll(checkReferences(checks.values()));
    failures.addAll(evaluation);
    return List.copyOf(failures);
  }

  /**
   * The metrics and labels each expression names exist: {@code redismem_} metrics in the exporter's catalogue and in
   * Prometheus (unless {@link #absentBecause absent for a reason}), recorded series in the rules and in Prometheus,
   * matcher and grouping labels on the series they apply to.
   */
  private List<String> checkReferences(Collection<Check> checks) {
    Set<String> recorded = new TreeSet<>();
    rules.rules().stream().filter(r -> !r.alert()).forEach(r -> recorded.add(r.name()));
    List<String> failures = new ArrayList<>();
    Set<String> reported = new LinkedHashSet<>();
    Set<String> origins = new HashSet<>();
    for (Check check : checks) {
      if (!origins.add(check.origin())) {
        continue; // the names in a query do not depend on the variables chosen
      }
      PromQlText text = PromQlText.of(check.expr());
      Set<String> allLabels = new TreeSet<>(TARGET_LABELS);
      allLabels.add("le");
      allLabels.addAll(text.createdLabels());
      boolean anyMetric = false;
      for (PromQlText.Selector selector : text.selectors()) {
        String metric = selector.metric();
        boolean ours = metric != null && metric.startsWith("redismem_");
        boolean record = metric != null && metric.contains(":");
        if (!ours && !record) {
          continue;
        }
        anyMetric = true;
        MetricFamily family = SERVED.get(metric);
        if (ours && family == null) {
          failures.add(check.origin() + ": names " + metric + ", which the exporter does not serve (not in"
              + " MetricCatalog)\n  " + oneLine(check.expr()));
          continue;
        }
        if (record && !recorded.contains(metric)) {
          failures.add(check.origin() + ": names " + metric + ", which no rule records (recorded: " + recorded
              + ")\n  " + oneLine(check.expr()));
          continue;
        }
        Set<String> labels = new TreeSet<>(TARGET_LABELS);
        labels.add("__name__");
        if (family != null) {
          labels.addAll(family.labels());
          if (metric.endsWith("_bucket")) {
            labels.add("le");
          }
        }
        List<Map<String, String>> series = seriesCache.computeIfAbsent(metric, prometheus::series);
        series.forEach(s -> labels.addAll(s.keySet()));
        String absent = family == null ? null : absentBecause.apply(family);
        if (series.isEmpty() && absent == null) {
          // Prometheus keeps every series it has seen: one that only a scenario produces is there at the end
          missingSeries.putIfAbsent(metric, check.origin() + ": names " + metric + ", of which Prometheus had no"
              + " series, neither in the healthy state nor during the scenarios\n  " + oneLine(check.expr()));
        } else if (series.isEmpty() && reported.add(metric)) {
          MonitoringE2EIT.log("absent, as allowed: " + metric + " (" + absent + ")");
        }
        if (series.isEmpty() && family == null) {
          continue; // a recorded series not there yet: its labels are unknown
        }
        for (String label : selector.labels()) {
          if (!labels.contains(label)) {
            failures.add(check.origin() + ": matches label " + label + " of " + metric + ", which has only "
                + labels + "\n  " + oneLine(check.expr()));
          }
        }
        allLabels.addAll(labels);
      }
      if (anyMetric) {
        for (String label : text.groupingLabels()) {
          if (!allLabels.contains(label)) {
            failures.add(check.origin() + ": groups or joins by label " + label + ", which none of its series has"
                + " (they have " + allLabels + ")\n  " + oneLine(check.expr()));
          }
        }
      }
    }
    return failures;
  }

  /**
   * Runs every check, again every second while some lack data and others still gain it (a rate needs two scrapes, a
   * recorded series an evaluation): until 6 s pass without progress, 30 s at most. A syntax error (HTTP 400) fails
   * at once; queries that must return data and still return none are {@link #deferred}.
   */
  private List<String> evaluate(Collection<Check> checks) {
    Map<Check, String> pending = new LinkedHashMap<>();
    checks.forEach(c -> pending.put(c, "not run"));
    List<String> failures = new ArrayList<>();
    long deadline = System.nanoTime() + SETTLE_NANOS;
    long lastProgress = System.nanoTime();
    while (true) {
      int before = pending.size();
      for (Check check : List.copyOf(pending.keySet())) {
        Reply reply = prometheus.query(check.expr());
        if (!reply.success()) {
          if (reply.httpStatus() == 400) {
            failures.add(check.where() + ": does not parse\n  " + oneLine(check.expr()) + "\n  -> " + reply.error());
            pending.remove(check);
          } else {
            pending.put(check, reply.error());
          }
          continue;
        }
        List<Map<String, String>> series = reply.series();
        if (!check.needsData() || !series.isEmpty()) {
          legendProblem(check, series).ifPresent(failures::add);
          pending.remove(check);
          continue;
        }
        String allowed = emptyAllowedBecause(check);
        if (allowed != null) {
          MonitoringE2EIT.log("empty, as allowed: " + check.where() + " (" + allowed + ")");
          pending.remove(check);
        } else {
          pending.put(check, "no data: " + reply.summary());
        }
      }
      if (pending.size() < before) {
        lastProgress = System.nanoTime();
      }
      if (pending.isEmpty() || System.nanoTime() > deadline || System.nanoTime() - lastProgress > QUIET_NANOS) {
        break;
      }
      MonitoringE2EIT.sleep(1000);
    }
    pending.forEach((check, last) -> {
      if (last.startsWith("no data")) {
        deferred.put(check, last);
      } else {
        failures.add(check.where() + ": failed\n  " + oneLine(check.expr()) + "\n  -> " + last);
      }
    });
    if (!deferred.isEmpty()) {
      MonitoringE2EIT.log(deferred.size() + " expressions without data yet, to be run again during the scenarios");
    }
    return failures;
  }

  /** Runs the {@link #deferred} checks once more; those with data now are done. */
  void runDeferredAgain(String state) {
    for (Check check : List.copyOf(deferred.keySet())) {
      Reply reply = prometheus.query(check.expr());
      if (!reply.success()) {
        deferred.put(check, reply.error());
      } else if (!reply.series().isEmpty()) {
        legendProblem(check, reply.series()).ifPresent(lateFailures::add);
        deferred.remove(check);
        MonitoringE2EIT.log("has data " + state + ": " + check.where());
      }
    }
  }

  /**
   * The problems found since {@link #checkHealthyState}: deferred queries that never had data, metrics that never
   * had series, legends that did not match the series that came later.
   */
  List<String> laterProblems() {
    List<String> out = new ArrayList<>(lateFailures);
    missingSeries.forEach((metric, problem) -> {
      if (prometheus.series(metric).isEmpty()) {
        out.add(problem);
      }
    });
    deferred.forEach((check, last) -> out.add(check.where() + ": returned no data, neither in the healthy state nor"
        + " during the scenarios\n  " + oneLine(check.expr()) + "\n  -> " + last));
    return out;
  }

  /** Every {@code {{label}}} of a legend must be a label of every series, or Grafana shows it blank. */
  private static Optional<String> legendProblem(Check check, List<Map<String, String>> series) {
    if (check.legendFormat() == null) {
      return Optional.empty();
    }
    Matcher m = LEGEND_LABEL.matcher(check.legendFormat());
    while (m.find()) {
      String label = m.group(1);
      for (Map<String, String> s : series) {
        if (!s.containsKey(label)) {
          return Optional.of(check.where() + ": legend " + check.legendFormat() + " names label " + label
              + ", which its series " + s + " lacks\n  " + oneLine(check.expr()));
        }
      }
    }
    return Optional.empty();
  }

  /** Why a query may return nothing here (the test's reason, or a metric absent for a reason), or null. */
  private String emptyAllowedBecause(Check check) {
    String allowed = emptyBecause.apply(check);
    if (allowed != null) {
      return allowed;
    }
    for (String metric : PromQlText.of(check.expr()).metrics()) {
      MetricFamily family = SERVED.get(metric);
      String absent = family == null ? null : absentBecause.apply(family);
      if (absent != null && seriesCache.computeIfAbsent(metric, prometheus::series).isEmpty()) {
        return metric + " is " + absent;
      }
    }
    return null;
  }

  private static Map<String, MetricFamily> served() {
    Map<String, MetricFamily> served = new HashMap<>();
    for (MetricFamily f : MetricCatalog.all()) {
      if (f.type() == MetricType.HISTOGRAM) {
        Stream.of("_bucket", "_sum", "_count").forEach(s -> served.put(f.name() + s, f));
      } else {
        served.put(f.name(), f);
      }
    }
    return Map.copyOf(served);
  }


  static String oneLine(String expr) {
    return expr.strip().replaceAll("\\s*\n\\s*", " ");
  }
}
