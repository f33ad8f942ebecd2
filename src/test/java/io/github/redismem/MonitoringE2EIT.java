package io.github.redismem;

import io.github.redismem.cli.Exporter;
import io.github.redismem.PrometheusHttp.Reply;
import io.github.redismem.metrics.MetricFamily;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.ServiceProcess;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the stack users run: the shipped Grafana dashboards (every {@code grafana/dashboards/*.json})
 * and Prometheus rules (every {@code grafana/rules/*.rules.yml}) against a real Redis, this exporter, a real
 * Prometheus and a real Alertmanager.
 *
 * <p>The stack, on free loopback ports in a temporary folder: the harness's first Redis (Debian's 7.0 on CI) with
 * {@code maxmemory 512mb} (so that used/maxmemory has a value), {@link KeyspaceDataset#standard the standard
 * dataset} (every finding, including the 2 MiB {@code blob:big}) and a peak that MEMORY DOCTOR reports; the
 * exporter in this JVM with a pass every 2 s, no throttle and big keys from 1 MiB; Alertmanager routing everything
 * to a receiver that sends nothing; Prometheus scraping the exporter (job {@value #JOB}) and evaluating the rules
 * every second, and sending alerts to the Alertmanager. <b>Prometheus loads a copy of the rule files in which every
 * {@code for:} is {@value #FOR}</b> ({@code keep_firing_for:} 0s, group intervals removed), so that alerts fire
 * within seconds; range windows are kept as written.
 *
 * <p>Checked, in order:
 * <ol>
 *   <li>Prometheus scrapes the exporter and sees a completed pass; every rule is loaded and evaluates without error.
 *   <li>Every query of every dashboard (panel targets, annotations, and template variable queries, which must yield
 *       values) is interpolated as Grafana would, once with All (every value) and once with the first value of each
 *       variable (the one job and instance), and every rule expression, is run through {@code /api/v1/query}: each
 *       must parse and run. Panel queries and recording rules must return data: those that have none in the
 *       healthy state run again during the scenarios (a panel listing evicting or down instances has data only
 *       then), and only {@link #emptyAllowedBecause a documented reason} excuses one that never had any. A panel's
 *       {@code {{label}}} legend must name labels its series have. Every {@code redismem_} metric named anywhere
 *       must be one the exporter serves and have series in Prometheus (unless {@link #absentBecause absent} on this
 *       server for a documented reason), every label in a matcher or {@code by}/{@code on}/{@code group_*} list
 *       must exist, and every recorded series must be recorded by a rule ({@link QueryChecks}).
 *   <li>Real alerts reach Alertmanager ({@code /api/v2/alerts}) and resolve there: see {@link Scenario}. The
 *       annotations of every alert seen must render (a summary, no template error) and name only labels the alert
 *       has ({@link AlertWatch}).
 * </ol>
 * With {@code CI=true} missing {@code prometheus} or {@code prometheus-alertmanager} binaries fail the test
 * ({@code .ci/run} installs them); elsewhere it is skipped, saying so. {@code PROMETHEUS_BIN} and
 * {@code ALERTMANAGER_BIN} point at other binaries. On failure, the logs, configs, rule copies and the APIs' view of
 * rules and alerts are kept in {@code target/monitoring-e2e/}; the exporter logs to the test's output.
 */
class MonitoringE2EIT {
  private static final String JOB = "redis-memory-exporter";
  private static final String FOR = "2s";
  private static final Duration FIRST_PASS = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Pattern SINCE_VERSION = Pattern.compile("\\((\\d+)\\.(\\d+)\\+\\)");

  /**
   * Scenario -> the alert it must raise in Alertmanager, by name, written against grafana/rules/. Before starting anything the test checks that each name is an alert of the rule
   * files, and lists the alerts there are when one is not: after renaming an alert, update it here.
   */
  enum Scenario {
    /**
     * {@code maxmemory} set 1 MiB above used memory with {@code volatile-lru} (allkeys-* policies are caches that
     * are meant to sit at maxmemory, and the rules leave them out), then keys with a TTL written until it fires;
     * resolves when maxmemory is set back to 0 (no limit: the rule's guard must make the ratio absent).
     */
    MEMORY_NEARLY_FULL("RedisMemMemoryNearlyFull"),
    /**
     * The same writes evict keys. Not awaited to resolve: the rule's rate over 5m keeps it firing for 5 minutes
     * after the last eviction, longer than this test may take.
     */
    EVICTING("RedisMemEvicting"),
    /**
     * Fires for the dataset's 2 MiB {@code blob:big} (over {@code --sampling.bigKeyBytes=1MiB}) and resolves at
     * the first pass after it is deleted; then fires again for a 3 MiB key written after start, and resolves when
     * that one is deleted.
     */
    BIG_KEY("RedisMemBigKeyAppeared"),
    /**
     * 1,001 distinct scripts run with EVAL, over {@code instanceFindings.scriptCacheCount} (1,000): the instance
     * finding {@code script_cache_large}. Resolves when SCRIPT FLUSH empties the script cache.
     */
    INSTANCE_FINDING("RedisMemInstanceFinding"),
    /** Redis stopped: {@code redismem_up} is 0. Resolves when Redis is started again on the same port. */
    REDIS_UNREACHABLE("RedisMemRedisUnreachable");

    final String alert;

    Scenario(String alert) {
      this.alert = alert;
    }
  }

  /**
   * Queries that may return nothing here although they are right, matched against the query after interpolation,
   * with the reason. Metrics that are absent on this server are handled by {@link #absentBecause} instead.
   */
  private static final Map<Pattern, String> MAY_BE_EMPTY = Map.of(
      Pattern.compile("\\boffset\\s+-?[0-9]+[hdwy]"),
      "it looks back hours or days, and Prometheus started a minute ago",
      Pattern.compile("\\bALERTS(_FOR_STATE)?\\b"),
      "alert states exist only while an alert is pending or firing");

  /** Exporter metrics that are absent from a healthy exporter on a healthy Redis, with the reason. */
  private static final Map<String, String> ABSENT_WHEN_HEALTHY = Map.of(
      "redismem_command_skipped", "present only for a command Redis refuses for good; this Redis refuses none",
      "redismem_memory_info_value", "present only for INFO fields the exporter has no name for",
      "redismem_memory_stats_value", "present only for MEMORY STATS fields the exporter has no name for");

  /**
   * Panels that list only instances in trouble, which this test's instance cannot be in within its time budget,
   * even after the scenarios (evictions, maxmemory 0, Redis down) gave the other such panels their data: the file,
   * the panel's title, the reason. Written against grafana/dashboards/.
   */
  private static final List<List<String>> EMPTY_PANELS = List.of(
      List.of("fleet.json", "Most fragmented (ratio, over 100 MiB lost)",
          "lists instances losing over 100 MiB to fragmentation; the test's Redis holds a few MB"),
      List.of("fleet.json", "RSS below used (swapped out?)",
          "lists instances over 100 MiB whose RSS is below 0.9 x used memory; nothing is swapped out here"),
      List.of("fleet.json", "Samplers without a completed pass",
          "lists samplers that have not completed a pass; this one completes one every 2 s"));

  private PrometheusHttp prometheus;
  private PrometheusHttp alertmanager;
  private RedisServer redis;
  private RuleFiles rules;
  private AlertWatch alerts;
  private QueryChecks queries;

  @Test
  void dashboardsAndRulesWorkAgainstTheExporterAndAlertsReachAlertmanager(@TempDir Path dir) throws Exception {
    Path prometheusBinary = ServiceProcess.executable("PROMETHEUS_BIN", "prometheus", "prometheus");
    Path alertmanagerBinary = ServiceProcess.executable("ALERTMANAGER_BIN", "prometheus-alertmanager",
        "prometheus-alertmanager", "alertmanager");
    List<GrafanaDashboard> dashboards = monitoringFiles("dashboards", ".json").stream()
        .map(GrafanaDashboard::load).toList();
    rules = RuleFiles.load(monitoringFiles("rules", ".rules.yml"));
    checkTheScenariosNameAlertsOfTheRules();
    Path kept = Path.of(System.getProperty("basedir", "."), "target", "monitoring-e2e");
    deleteRecursively(kept);

    try (RedisServer server = RedisBinaries.all().get(0).start("maxmemory 512mb")) {
      redis = server;
      KeyspaceDataset.standard(redis, 42);
      raiseThePeak();
      try {
        runTheStack(dir, prometheusBinary, alertmanagerBinary, dashboards);
      } catch (Throwable failure) {
        keep(dir, redis.logFile(), kept);
        throw failure;
      }
    }
  }

  private void runTheStack(Path dir, Path prometheusBinary, Path alertmanagerBinary,
      List<GrafanaDashboard> dashboards) throws Exception {
    try (Exporter exporter = RunningExporter.against(redis, "--sampling.interval=2s",
        "--sampling.maxRedisTimeRatio=1", "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES);
        ServiceProcess am = startAlertmanager(dir, alertmanagerBinary);
        ServiceProcess prom = startPrometheus(dir, prometheusBinary, exporter.port(), am.port())) {
      prometheus = new PrometheusHttp(prom.url());
      alertmanager = new PrometheusHttp(am.url());
      alerts = new AlertWatch(alertmanager, prometheus, rules);
      try {
        long started = System.nanoTime();
        awaitFirstScrapeAndPass();
        awaitEveryRuleLoadedAndHealthy();
        checkEveryExpression(dashboards);
        log("expressions checked after " + seconds(started) + " s");
        bigKeyAlertFiresAndResolves();
        instanceFindingAlertFiresAndResolves();
        memoryAlertsFireAndNearlyFullResolves();
        unreachableAlertFiresAndResolves();
        alerts.checkAnnotationsOfEveryAlertSeen();
        failIfAny(queries.laterProblems());
        log("done after " + seconds(started) + " s");
      } catch (Throwable failure) {
        snapshotApis(dir);
        throw failure;
      }
    }
  }

  /**
   * Gives MEMORY DOCTOR an issue to report, for the panels that list them, whatever the dataset's writes left: a key
   * of twice the used memory (about 15 MB, over the doctor's 5 MB floor), deleted at once, leaves the peak over 1.5
   * times used memory (peak_memory).
   */
  private void raiseThePeak() {
    long used = Long.parseLong(infoField(redis.admin().info("memory"), "used_memory"));
    redis.admin().set("e2e:peak", "p".repeat((int) (2 * used)));
    redis.admin().del("e2e:peak");
    log("used memory " + used + " B, peak " + infoField(redis.admin().info("memory"), "used_memory_peak") + " B");
  }

  // ---- the stack

  private ServiceProcess startAlertmanager(Path dir, Path binary) throws IOException {
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
        # every alert goes to a receiver without notifiers: the test reads alerts from the API
        route:
          receiver: discard
        receivers:
          - name: discard
        """);
    Path storage = Files.createDirectories(dir.resolve("alertmanager-data"));
    return ServiceProcess.start("alertmanager", port -> List.of(binary.toString(), "--config.file=" + config,
        "--storage.path=" + storage, "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="),
        "/-/ready", dir.resolve("alertmanager.log"));
  }

  private ServiceProcess startPrometheus(Path dir, Path binary, int exporterPort, int alertmanagerPort)
      throws IOException {
    List<Path> ruleCopies = rules.writeShortenedCopies(Files.createDirectories(dir.resolve("rules")), FOR);
    StringBuilder ruleFiles = new StringBuilder();
    ruleCopies.forEach(r -> ruleFiles.append("  - ").append(Json.quote(r.toString())).append('\n'));
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        rule_files:
        %sscrape_configs:
          - job_name: %s
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(alertmanagerPort, ruleFiles, JOB, exporterPort));
    Path storage = Files.createDirectories(dir.resolve("prometheus-data"));
    return ServiceProcess.start("prometheus", port -> List.of(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port,
        "--rules.alert.resend-delay=1s"), "/-/ready", dir.resolve("prometheus.log"));
  }

  /** Every {@code grafana/<kind>/*<suffix>}: the files users load. */
  static List<Path> monitoringFiles(String kind, String suffix) throws IOException {
    Path dir = Path.of("grafana", kind);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
      if (found.isEmpty()) {
        throw new AssertionError("no grafana/" + kind + "/*" + suffix + " to test");
      }
      log("using " + found);
      return found;
    }
  }

  private void checkTheScenariosNameAlertsOfTheRules() {
    Set<String> alerts = new TreeSet<>();
    rules.alerts().forEach(r -> alerts.add(r.name()));
    List<String> missing = Stream.of(Scenario.values()).filter(s -> !alerts.contains(s.alert))
        .map(s -> s.name() + " -> " + s.alert).toList();
    if (!missing.isEmpty()) {
      StringBuilder message = new StringBuilder("MonitoringE2EIT.Scenario names alerts that " + rules.files()
          + " do not define: " + missing + "; update the mapping. The alerts there are:\n");
      rules.alerts().forEach(r -> message.append("  ").append(r.name()).append(": ")
          .append(QueryChecks.oneLine(r.expr())).append('\n'));
      throw new AssertionError(message);
    }
  }

  // ---- 1. scrape, pass, rules

  private void awaitFirstScrapeAndPass() {
    await("Prometheus to scrape the exporter (up == 1) and see a completed sampler pass", FIRST_PASS, () -> {
      Reply up = prometheus.query("up{job=\"" + JOB + "\"} == 1");
      Reply pass = prometheus.query("redismem_scan_last_pass_timestamp_seconds{job=\"" + JOB + "\"}");
      return hasData(up) && hasData(pass) ? null
          : "up == 1: " + up.summary() + "; redismem_scan_last_pass_timestamp_seconds: " + pass.summary();
    });
  }

  private void awaitEveryRuleLoadedAndHealthy() {
    await("every rule loaded and evaluated without error", SETTLE, () -> {
      Reply reply = prometheus.get("/api/v1/rules");
      if (!reply.success()) {
        return "/api/v1/rules: " + reply.error();
      }
      List<String> problems = new ArrayList<>();
      int loaded = 0;
      for (Object group : (List<?>) ((Map<?, ?>) reply.data()).get("groups")) {
        for (Object item : (List<?>) ((Map<?, ?>) group).get("rules")) {
          Map<?, ?> rule = (Map<?, ?>) item;
          loaded++;
          if (!"ok".equals(rule.get("health"))) {
            problems.add(rule.get("name") + ": health " + rule.get("health")
                + (rule.get("lastError") == null ? "" : ", " + rule.get("lastError")));
          }
        }
      }
      if (loaded != rules.rules().size()) {
        problems.add(0, "Prometheus loaded " + loaded + " rules, the files hold " + rules.rules().size());
      }
      return problems.isEmpty() ? null : String.join("\n", problems);
    });
  }

  // ---- 2. every expression

  private void checkEveryExpression(List<GrafanaDashboard> dashboards) {
    queries = new QueryChecks(prometheus, rules, this::emptyAllowedBecause, this::absentBecause);
    failIfAny(queries.checkHealthyState(dashboards));
  }

  private static void failIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.size() + " problems with the dashboards' and rules' expressions:\n\n"
          + String.join("\n\n", problems));
    }
  }

  /** Why a query may return nothing here although it is right, or null. */
  private String emptyAllowedBecause(QueryChecks.Check check) {
    for (List<String> panel : EMPTY_PANELS) {
      if (check.origin().startsWith(panel.get(0) + ": panel \"" + panel.get(1) + "\" ")) {
        return panel.get(2);
      }
    }
    for (Map.Entry<Pattern, String> e : MAY_BE_EMPTY.entrySet()) {
      if (e.getKey().matcher(check.expr()).find()) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Why a metric of the catalogue is legitimately absent from this exporter on this Redis, or null. */
  private String absentBecause(MetricFamily family) {
    Matcher since = SINCE_VERSION.matcher(family.help());
    if (since.find() && !redis.atLeast(Integer.parseInt(since.group(1)), Integer.parseInt(since.group(2)))) {
      return "served by Redis " + since.group(1) + "." + since.group(2) + "+ only; this is " + redis.version();
    }
    if (family.help().contains("Present only for a sampled pass")) {
      return "present only for a sampled pass (sampling.sampleRatio < 1); this exporter's passes are exact";
    }
    if ("sampling.rdbFile".equals(family.source())) {
      return "present only with sampling.source rdb (reading RDB snapshots); this exporter scans";
    }
    return ABSENT_WHEN_HEALTHY.get(family.name());
  }

  // ---- 3. alerts

  private void bigKeyAlertFiresAndResolves() {
    String alert = Scenario.BIG_KEY.alert;
    Set<String> dataset = alerts.awaitFiring(alert, Set.of(),
        "the dataset's blob:big (2 MiB) is over --sampling.bigKeyBytes (1 MiB)", () -> { });
    redis.admin().del("blob:big");
    alerts.awaitResolved(alert, dataset, "blob:big was deleted");
    Set<String> before = alerts.active(alert);
    redis.admin().set("e2e:big", "x".repeat(3 << 20));
    Set<String> written = alerts.awaitFiring(alert, before, "e2e:big (3 MiB) was written", () -> { });
    redis.admin().del("e2e:big");
    alerts.awaitResolved(alert, written, "e2e:big was deleted");
  }

  private void instanceFindingAlertFiresAndResolves() {
    String alert = Scenario.INSTANCE_FINDING.alert;
    Set<String> before = alerts.active(alert);
    for (int i = 0; i <= 1000; i++) {
      redis.admin().eval("return " + i, ScriptOutputType.INTEGER, new String[0]);
    }
    Set<String> scripts = alerts.awaitFiring(alert, before,
        "1,001 distinct scripts were run with EVAL (script_cache_large)", () -> { });
    redis.admin().scriptFlush();
    alerts.awaitResolved(alert, scripts, "SCRIPT FLUSH emptied the script cache");
  }

  private void memoryAlertsFireAndNearlyFullResolves() {
    String full = Scenario.MEMORY_NEARLY_FULL.alert;
    String evicting = Scenario.EVICTING.alert;
    Set<String> fullBefore = alerts.active(full);
    Set<String> evictingBefore = alerts.active(evicting);
    redis.admin().configSet("maxmemory-policy", "volatile-lru");
    long used = Long.parseLong(infoField(redis.admin().info("memory"), "used_memory"));
    redis.admin().configSet("maxmemory", Long.toString(used + (1 << 20)));
    String value = "v".repeat(10_000);
    int[] written = {0};
    Runnable fill = () -> {
      for (int i = 0; i < 50; i++) {
        redis.admin().setex("e2e:fill:" + written[0]++, 3600, value);
      }
    };
    String cause = "maxmemory was set 1 MiB above used memory (volatile-lru) and keys with a TTL written";
    Set<String> nearlyFull = alerts.awaitFiring(full, fullBefore, cause, fill);
    alerts.awaitFiring(evicting, evictingBefore, cause, fill);
    log("evicted keys: " + infoField(redis.admin().info("stats"), "evicted_keys") + " of " + written[0] + " written");
    queries.runDeferredAgain("while Redis is full and evicting");
    redis.admin().configSet("maxmemory", "0");
    redis.admin().configSet("maxmemory-policy", "noeviction");
    alerts.awaitResolved(full, nearlyFull, "maxmemory was set back to 0 (no limit)");
    queries.runDeferredAgain("after evictions, with maxmemory 0");
  }

  private void unreachableAlertFiresAndResolves() {
    String alert = Scenario.REDIS_UNREACHABLE.alert;
    Set<String> before = alerts.active(alert);
    redis.stop();
    Set<String> down = alerts.awaitFiring(alert, before, "Redis was stopped", () -> { });
    queries.runDeferredAgain("while Redis is down");
    redis.restart();
    alerts.awaitResolved(alert, down, "Redis was started again on the same port");
  }

  // ---- plumbing

  /** Polls {@code problem} every 250 ms until it returns null; fails with its last answer after {@code timeout}. */
  static void await(String what, Duration timeout, Supplier<String> problem) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String last = problem.get();
      if (last == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last: " + last);
      }
      sleep(250);
    }
  }

  private static boolean hasData(Reply reply) {
    return reply.success() && !reply.series().isEmpty();
  }

  private static String infoField(String info, String field) {
    Matcher m = Pattern.compile("(?m)^" + field + ":(\\S+)").matcher(info);
    if (!m.find()) {
      throw new AssertionError("no " + field + " in INFO:\n" + info);
    }
    return m.group(1);
  }

  /** Saves what the running Prometheus and Alertmanager know, next to their logs, for a failure. */
  private void snapshotApis(Path dir) {
    Map<String, Supplier<Reply>> apis = new LinkedHashMap<>();
    apis.put("prometheus-rules.json", () -> prometheus.get("/api/v1/rules"));
    apis.put("prometheus-alerts.json", () -> prometheus.get("/api/v1/alerts"));
    apis.put("prometheus-targets.json", () -> prometheus.get("/api/v1/targets"));
    apis.put("alertmanager-alerts.json", () -> alertmanager.get("/api/v2/alerts"));
    apis.forEach((file, api) -> {
      try {
        Files.writeString(dir.resolve(file), api.get().body());
      } catch (RuntimeException | IOException e) {
        // a process that is gone has nothing to say; its log tells why
      }
    });
  }

  /** Copies the logs, configs, rule copies and API snapshots (not the data folders) to {@code kept}. */
  private static void keep(Path dir, Path redisLog, Path kept) throws IOException {
    Files.createDirectories(kept);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path relative = dir.relativize(f);
        if (!relative.getName(0).toString().endsWith("-data")) {
          Files.createDirectories(kept.resolve(relative).getParent());
          Files.copy(f, kept.resolve(relative));
        }
      }
    }
    if (Files.exists(redisLog)) {
      Files.copy(redisLog, kept.resolve("redis.log"));
    }
    log("logs, configs and API snapshots kept in " + kept.toAbsolutePath());
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static long seconds(long sinceNanos) {
    return Math.round((System.nanoTime() - sinceNanos) / 1e9);
  }

  static void log(String line) {
    System.out.println("[MonitoringE2EIT] " + line);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
