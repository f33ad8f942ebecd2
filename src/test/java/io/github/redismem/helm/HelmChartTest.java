package io.github.redismem.helm;

import static io.github.redismem.helm.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The chart through Helm's own code: lint, render, schema, Kubernetes and prometheus-operator models, Pod Security
 * "restricted", the grafana files served unchanged, and the package. {@code ChartContainersIT} runs the rendered
 * containers.
 */
class HelmChartTest {
  private static final Path SIDECAR = HelmChart.TEST_VALUES.resolve("sidecar.yaml");
  private static final Path ALL_FEATURES = HelmChart.TEST_VALUES.resolve("all-features.yaml");
  static final Path SECURITY = HelmChart.TEST_VALUES.resolve("security.yaml");
  private static final Path DASHBOARDS = Path.of("grafana/dashboards");
  private static final Path RULES = Path.of("grafana/rules/redis-memory-exporter.rules.yml");

  @Test
  void chartVersionAndAppVersionAreTheProjectVersion() {
    Map<String, Object> chart = Manifests.at(HelmChart.loadYaml(HelmChart.DIR.resolve("Chart.yaml")));
    assertThat(chart.get("version")).isEqualTo(Manifests.projectVersion());
    assertThat(chart.get("appVersion")).isEqualTo(Manifests.projectVersion());
  }

  /** Every value is in the chart README's table: its top-level key, or each key of a block of the chart's own. */
  @Test
  @SuppressWarnings("unchecked")
  void readmeDocumentsEveryValue() throws IOException {
    String readme = Files.readString(HelmChart.DIR.resolve("README.md"));
    Map<String, Object> values = Manifests.at(HelmChart.loadYaml(HelmChart.DIR.resolve("values.yaml")));
    List<String> freeForm = List.of("resources", "podSecurityContext", "securityContext", "livenessProbe",
        "readinessProbe");
    List<String> missing = new ArrayList<>();
    values.forEach((key, value) -> {
      if (value instanceof Map<?, ?> block && !block.isEmpty() && !freeForm.contains(key)) {
        ((Map<String, Object>) block).keySet().stream().map(sub -> key + "." + sub)
            .filter(path -> !readme.contains("| `" + path + "` |")).forEach(missing::add);
      } else if (!readme.contains("| `" + key + "` |")) {
        missing.add(key);
      }
    });
    assertThat(missing).isEmpty();
  }

  @Test
  void lintStrictPassesWithDefaultSidecarAllFeaturesAndSecurityValues() {
    assertLintClean(HelmChart.lint(), "default values");
    assertLintClean(HelmChart.lint(SIDECAR), "sidecar.yaml");
    assertLintClean(HelmChart.lint(ALL_FEATURES), "all-features.yaml");
    assertLintClean(HelmChart.lint(SECURITY), "security.yaml");
  }

  private static void assertLintClean(LintResult result, String what) {
    assertThat(result.isFailed()).as(what + ": " + result.getMessages()).isFalse();
    assertThat(result.getMessages()).as(what).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void valuesSchemaRejectsMisspeltKeysAndWrongTypes() {
    Path misspelt = values("misspelt", Map.of("serviceMonitr", Map.of("enabled", true)));
    assertThatThrownBy(() -> HelmChart.template(misspelt)).hasMessageContaining("serviceMonitr");
    LintResult lint = HelmChart.lint(misspelt);
    assertThat(lint.isFailed()).isTrue();
    assertThat(lint.getMessages()).anyMatch(m -> m.contains("[ERROR]") && m.contains("serviceMonitr"));
    assertThatThrownBy(() -> HelmChart.template(values("misspelt-nested",
        Map.of("serviceMonitor", Map.of("enable", true))))).hasMessageContaining("enable");
    assertThatThrownBy(() -> HelmChart.template(values("wrong-type", Map.of("service", Map.of("port", "metrics")))))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> HelmChart.template(values("wrong-mode", Map.of("mode", "daemonset"))))
        .hasMessageContaining("mode");
  }

  @Test
  void standaloneRendersTheWorkloadAndSidecarModeOnlyWhatSurroundsIt() {
    assertThat(kinds(HelmChart.render())).containsExactlyInAnyOrder("ServiceAccount", "Service", "Deployment");
    assertThat(kinds(HelmChart.render(SIDECAR))).containsExactlyInAnyOrder("PodMonitor", "PrometheusRule",
        "ConfigMap", "ConfigMap", "ConfigMap");
    assertThat(kinds(HelmChart.render(ALL_FEATURES))).containsExactlyInAnyOrder("ServiceAccount", "Service",
        "Deployment", "ConfigMap", "ServiceMonitor", "PodMonitor", "PrometheusRule", "NetworkPolicy",
        "ConfigMap", "ConfigMap", "ConfigMap", "ConfigMap", "ServiceAccount");
    assertThatThrownBy(() -> HelmChart.template(values("sidecar-no-selector",
        Map.of("mode", "sidecar", "podMonitor", Map.of("enabled", true))))).hasMessageContaining("podMonitor.selector");
    assertThatThrownBy(() -> HelmChart.template(SIDECAR, values("sidecar-servicemonitor",
        Map.of("serviceMonitor", Map.of("enabled", true))))).hasMessageContaining("use podMonitor");
    assertThatThrownBy(() -> HelmChart.template(SIDECAR, values("sidecar-networkpolicy",
        Map.of("networkPolicy", Map.of("enabled", true))))).hasMessageContaining("cut off their clients");
  }

  @Test
  void everyRenderedObjectAndExampleMatchesTheKubernetesAndOperatorModels() {
    List<String> problems = new ArrayList<>();
    for (Path values : List.of(HelmChart.DIR.resolve("values.yaml"), SIDECAR, ALL_FEATURES, SECURITY)) {
      for (Map<String, Object> object : HelmChart.render(values)) {
        problems.addAll(KubeSchema.problems(object).stream().map(p -> values + ": " + p).toList());
      }
    }
    for (Map<String, Object> object : Examples.statefulSetManifests()) {
      problems.addAll(KubeSchema.problems(object));
    }
    for (String role : List.of("master", "replica")) {
      for (Object sidecar : (List<?>) at(Examples.bitnamiValues(), role, "sidecars")) {
        problems.addAll(KubeSchema.problems(sidecar, Container.class, "bitnami " + role + ".sidecars"));
      }
      for (Object volume : (List<?>) at(Examples.bitnamiValues(), role, "extraVolumes")) {
        problems.addAll(KubeSchema.problems(volume, Volume.class, "bitnami " + role + ".extraVolumes"));
      }
    }
    assertThat(problems).isEmpty();
  }

  /** A check that cannot fail proves nothing: each kind of mistake it exists for is caught. */
  @Test
  @SuppressWarnings("unchecked")
  void theModelCheckReportsMisspeltFieldsAndWrongTypes() {
    Map<String, Object> deployment = Manifests.single(HelmChart.render(), "Deployment");
    assertThat(KubeSchema.problems(deployment)).isEmpty();
    Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", 0);
    container.put("imagePullPolcy", container.remove("imagePullPolicy"));
    assertThat(KubeSchema.problems(deployment)).singleElement().asString()
        .contains("imagePullPolcy").contains("containers[0]");

    Map<String, Object> typed = Manifests.single(HelmChart.render(), "Deployment");
    Map<String, Object> port = at(typed, "spec", "template", "spec", "containers", 0, "ports", 0);
    port.put("containerPort", "19121");
    assertThat(KubeSchema.problems(typed)).singleElement().asString().contains("containerPort");

    Map<String, Object> flag = Manifests.single(HelmChart.render(), "Deployment");
    ((Map<String, Object>) at(flag, "spec", "template", "spec")).put("automountServiceAccountToken", "false");
    assertThat(KubeSchema.problems(flag)).singleElement().asString().contains("automountServiceAccountToken");

    Map<String, Object> monitor = Manifests.single(HelmChart.render(SIDECAR), "PodMonitor");
    Map<String, Object> spec = at(monitor, "spec");
    spec.put("podMetricEndpoints", spec.remove("podMetricsEndpoints"));
    assertThat(KubeSchema.problems(monitor)).singleElement().asString().contains("podMetricEndpoints");

    Map<String, Object> rule = Manifests.single(HelmChart.render(SIDECAR), "PrometheusRule");
    ((Map<String, Object>) at(rule, "spec", "groups", 0, "rules", 0)).put("expresion", "up");
    assertThat(KubeSchema.problems(rule)).singleElement().asString().contains("expresion");

    Map<String, Object> formats = Manifests.single(HelmChart.render(values("bad-formats",
        Map.of("podLabels", Map.of("team", "cache team"), "resources", Map.of("requests", Map.of("memory", "128 MiB"))))),
        "Deployment");
    assertThat(KubeSchema.problems(formats)).hasSize(2).anyMatch(p -> p.contains("\"cache team\" is not a valid label"))
        .anyMatch(p -> p.contains("\"128 MiB\" is not a quantity"));

    assertThat(KubeSchema.problems(Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "x"))))
        .singleElement().asString().contains("does not know");
  }

  @Test
  void podsMeetPodSecurityRestricted() {
    for (Path values : List.of(HelmChart.DIR.resolve("values.yaml"), ALL_FEATURES, SECURITY)) {
      Deployment deployment = deployment(values);
      assertThat(RestrictedPodSecurity.violations(deployment.getSpec().getTemplate().getSpec(),
          deployment.getSpec().getTemplate().getMetadata().getAnnotations())).as(values.toString()).isEmpty();
    }
    StatefulSet statefulSet = Examples.statefulSet();
    assertThat(RestrictedPodSecurity.violations(statefulSet.getSpec().getTemplate().getSpec(), Map.of())).isEmpty();

    // The Bitnami chart renders the pod; what this example adds must comply on its own, whatever the pod sets.
    for (String role : List.of("master", "replica")) {
      for (Container sidecar : Examples.bitnamiSidecars(role)) {
        assertThat(RestrictedPodSecurity.containerViolations(sidecar, new PodSecurityContext())).as(role).isEmpty();
      }
      PodSpec volumesOnly = new PodSpec();
      volumesOnly.setVolumes(Examples.bitnamiExtraVolumes(role));
      assertThat(RestrictedPodSecurity.violations(volumesOnly, Map.of())).as(role).isEmpty();
    }
  }

  @Test
  void thePodSecurityCheckReportsPrivilegedAndMissingSeccomp() {
    Map<String, Object> privileged = Map.of("securityContext", Map.of("privileged", true));
    assertThat(violations(deployment(values("privileged", privileged))))
        .anyMatch(v -> v.contains("privileged must not be true"));

    Map<String, Object> noSeccomp = new LinkedHashMap<>();
    Map<String, Object> podContext = new LinkedHashMap<>();
    podContext.put("seccompProfile", null);
    Map<String, Object> containerContext = new LinkedHashMap<>();
    containerContext.put("seccompProfile", null);
    noSeccomp.put("podSecurityContext", podContext);
    noSeccomp.put("securityContext", containerContext);
    assertThat(violations(deployment(values("no-seccomp", noSeccomp)))).singleElement().asString()
        .contains("seccompProfile");

    Map<String, Object> root = Map.of("podSecurityContext", Map.of("runAsUser", 0),
        "securityContext", Map.of("runAsUser", 0, "allowPrivilegeEscalation", true,
            "capabilities", Map.of("drop", List.of("NET_RAW"), "add", List.of("SYS_ADMIN"))),
        "extraVolumes", List.of(Map.of("name", "host", "hostPath", Map.of("path", "/var/run"))));
    assertThat(violations(deployment(values("root", root)))).hasSize(6)
        .anyMatch(v -> v.contains("pod: runAsUser must not be 0"))
        .anyMatch(v -> v.contains("allowPrivilegeEscalation"))
        .anyMatch(v -> v.contains("drop must contain ALL"))
        .anyMatch(v -> v.contains("SYS_ADMIN"))
        .anyMatch(v -> v.contains("type hostPath is not allowed"));
  }

  @Test
  void sidecarExamplesNeverGateRedisReadinessOnTheExporter() {
    List<Container> exporters = new ArrayList<>();
    exporters.add(Examples.exporterIn(Examples.bitnamiSidecars("master")));
    exporters.add(Examples.exporterIn(Examples.bitnamiSidecars("replica")));
    exporters.add(Examples.exporterIn(Examples.statefulSet().getSpec().getTemplate().getSpec().getContainers()));
    for (Container exporter : exporters) {
      assertThat(exporter.getReadinessProbe()).as("a readiness probe on Redis would take Redis out of its Service")
          .isNull();
      assertThat(exporter.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
      assertThat(env(exporter, "JAVA_TOOL_OPTIONS")).isEqualTo(defaultJvmOptions());
      assertThat(env(exporter, "REDIS_PASSWORD_FILE")).isEqualTo("/secrets/redis-password");
      assertThat(exporter.getEnv()).noneMatch(e -> e.getName().equals("REDIS_PASSWORD"));
      assertThat(exporter.getImage()).as("the examples' image follows the project version")
          .isEqualTo("ghcr.io/redis-memory-exporter/redis-memory-exporter:" + Manifests.projectVersion());
    }
    Map<String, Object> bitnami = Examples.bitnamiValues();
    assertThat((Boolean) at(bitnami, "auth", "usePasswordFiles")).as("the Bitnami chart mounts no file otherwise")
        .isTrue();
  }

  /**
   * sampling.source rdb in a sidecar reads Redis's snapshots from the pod's data volume: each example's exporter
   * mounts the volume Redis writes to, read-only, at Redis's own path, so that the documented flags work as given.
   */
  @Test
  void sidecarExamplesMountRedisDataReadOnlyForTheSnapshotSource() throws Exception {
    PodSpec pod = Examples.statefulSet().getSpec().getTemplate().getSpec();
    Container redis = pod.getContainers().stream().filter(c -> c.getName().equals("redis")).findFirst().orElseThrow();
    assertThat(String.join(" ", redis.getCommand())).contains("--dir /data");
    VolumeMount redisData = mount(redis, "/data");
    assertThat(redisData.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    VolumeMount exporterData = mount(Examples.exporterIn(pod.getContainers()), "/data");
    assertThat(exporterData.getName()).isEqualTo(redisData.getName());
    assertThat(exporterData.getReadOnly()).as("the exporter never writes Redis's data").isTrue();
    for (String role : List.of("master", "replica")) {
      VolumeMount bitnami = mount(Examples.exporterIn(Examples.bitnamiSidecars(role)), "/data");
      // the Bitnami chart's data volume (its persistence.path is /data), whether a claim or an emptyDir
      assertThat(bitnami.getName()).as(role).isEqualTo("redis-data");
      assertThat(bitnami.getReadOnly()).as(role).isTrue();
    }
    // the flags docs/snapshots.md adds to the examples' args make a valid configuration
    List<String> args = new ArrayList<>(Examples.exporterIn(pod.getContainers()).getArgs());
    args.addAll(List.of("--sampling.source=rdb", "--sampling.rdb-file=/data/dump.rdb"));
    io.github.redismem.config.ExporterConfig config = io.github.redismem.config.ConfigLoader.load(
        io.github.redismem.config.CommandLine.parse(args.toArray(String[]::new)), Map.of());
    assertThat(config.sampling().source().rdbFile()).contains(Path.of(exporterData.getMountPath(), "dump.rdb"));
    assertThat(Files.readString(Path.of("docs/snapshots.md"))).contains("--sampling.rdb-file=/data/dump.rdb");
  }

  private static VolumeMount mount(Container container, String path) {
    return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
  }

  /** The chart, the image and the launcher start the JVM with one set of options. */
  @Test
  void jvmOptionsAreTheImagesAndTheLaunchers() throws IOException {
    java.util.regex.Matcher image = java.util.regex.Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
        .matcher(Files.readString(Path.of("Dockerfile")));
    java.util.regex.Matcher launcher = java.util.regex.Pattern.compile("(?m)^DEFAULT_JVM_OPTIONS=\"([^\"]*)\"$")
        .matcher(Files.readString(Path.of("src/main/dist/bin/redis-memory-exporter")));
    assertThat(image.find()).as("JAVA_TOOL_OPTIONS in Dockerfile").isTrue();
    assertThat(launcher.find()).as("DEFAULT_JVM_OPTIONS in the launcher").isTrue();
    assertThat(defaultJvmOptions()).isEqualTo(image.group(1)).isEqualTo(launcher.group(1));
  }

  @Test
  void theDeploymentCarriesJvmSettingsFlagsAndConfig() {
    Container exporter = deployment(HelmChart.DIR.resolve("values.yaml")).getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertThat(env(exporter, "JAVA_TOOL_OPTIONS")).isEqualTo(defaultJvmOptions());
    assertThat(env(exporter, "MALLOC_ARENA_MAX")).isEqualTo("2");
    assertThat(exporter.getArgs()).containsExactly("--web.listen-address=:19121");
    assertThat(exporter.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
    assertThat(exporter.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");

    List<Map<String, Object>> all = HelmChart.render(ALL_FEATURES);
    Container full = KubeSchema.parse(Manifests.single(all, "Deployment"), Deployment.class, "Deployment")
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(full.getArgs()).containsExactly("--web.listen-address=:9121",
        "--config.file=/etc/redis-memory-exporter/redis-memory-exporter.yml", "--log.level=debug",
        "--sampling.interval=2m", "--sampling.max-prefixes=100");
    assertThat(env(full, "REDIS_PASSWORD_FILE")).isEqualTo("/secrets/redis-password");
    assertThat(env(full, "REDIS_USER")).isEqualTo("exporter");
    assertThat(full.getEnv()).noneMatch(e -> e.getName().equals("REDIS_PASSWORD"));
    Map<String, Object> configMap = Manifests.ofKind(all, "ConfigMap").stream()
        .filter(c -> ((Map<?, ?>) c.get("data")).containsKey("redis-memory-exporter.yml")).findFirst().orElseThrow();
    Object rendered = new org.yaml.snakeyaml.Yaml().load((String) at(configMap, "data", "redis-memory-exporter.yml"));
    assertThat(rendered).isEqualTo(at(HelmChart.loadYaml(ALL_FEATURES), "config"));
  }

  @Test
  void notesTellHowToReachTheExporterOrWhatSidecarModeLacks() {
    assertThat(HelmChart.notes()).contains("port-forward svc/rme-redis-memory-exporter 19121")
        .contains("watches redis://redis-master:6379");
    assertThat(HelmChart.notes(values("sidecar-bare", Map.of("mode", "sidecar"))))
        .contains("renders no workload").contains("Nothing scrapes the sidecars yet");
    assertThat(HelmChart.notes(SIDECAR)).contains("PodMonitor:     yes").doesNotContain("release=<its release>");
    assertThat(HelmChart.notes(values("no-release", Map.of("serviceMonitor", Map.of("enabled", true)))))
        .contains("release=<its release>");
  }

  @Test
  void theSentinelsPasswordComesFromASecretOfItsOwn() {
    Deployment d = deployment(values("sentinel-auth", Map.of(
        "redis", Map.of("addr", "redis-sentinel://sentinel-a:26379,sentinel-b:26379/mymaster"),
        "auth", Map.of("enabled", true, "existingSecret", "data", "sentinel",
            Map.of("existingSecret", "sentinels", "username", "watcher")))));
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container exporter = pod.getContainers().get(0);
    assertThat(env(exporter, "REDIS_PASSWORD_FILE")).isEqualTo("/secrets/redis-password");
    assertThat(env(exporter, "REDIS_SENTINEL_PASSWORD_FILE")).isEqualTo("/sentinel-secrets/sentinel-password");
    assertThat(env(exporter, "REDIS_SENTINEL_USER")).isEqualTo("watcher");
    assertThat(exporter.getVolumeMounts()).anyMatch(m -> m.getName().equals("sentinel-password")
        && m.getMountPath().equals("/sentinel-secrets") && m.getReadOnly());
    Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals("sentinel-password")).findFirst()
        .orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("sentinels");
    assertThat(volume.getSecret().getItems()).extracting(i -> i.getKey() + " -> " + i.getPath())
        .containsExactly("sentinel-password -> sentinel-password");
    assertThat(violations(d)).isEmpty();
    // TLS to the sentinels and the data nodes
    Deployment tls = deployment(values("sentinel-tls", Map.of(
        "redis", Map.of("addr", "rediss-sentinel://sentinel-a:26380/mymaster", "tls", Map.of("enabled", true)))));
    assertThat(env(tls.getSpec().getTemplate().getSpec().getContainers().get(0), "REDIS_ADDR"))
        .isEqualTo("rediss-sentinel://sentinel-a:26380/mymaster");

    assertThatThrownBy(() -> HelmChart.template(values("sentinel-user-alone",
        Map.of("auth", Map.of("sentinel", Map.of("username", "watcher")))))).hasMessageContaining(
        "auth.sentinel.existingSecret");
    assertThatThrownBy(() -> HelmChart.template(values("sentinel-password-in-addr",
        Map.of("redis", Map.of("addr", "redis-sentinel://:hunter2@s:26379/mymaster")))))
        .hasMessageContaining("auth.existingSecret");
    assertThatThrownBy(() -> HelmChart.template(values("sentinel-password-in-env",
        Map.of("extraEnvVars", List.of(Map.of("name", "REDIS_SENTINEL_PASSWORD", "value", "hunter2"))))))
        .hasMessageContaining("REDIS_SENTINEL_PASSWORD with a plain value");
    assertThatThrownBy(() -> HelmChart.template(values("sentinel-password-in-args",
        Map.of("extraArgs", Map.of("redis.sentinel-password", "hunter2"))))).hasMessageContaining(
        "auth.sentinel.existingSecret");
  }

  @Test
  void passwordsNeverGoInValues() {
    assertThatThrownBy(() -> HelmChart.template(values("password-in-addr",
        Map.of("redis", Map.of("addr", "redis://:hunter2@cache:6379"))))).hasMessageContaining("auth.existingSecret");
    assertThatThrownBy(() -> HelmChart.template(values("auth-without-secret", Map.of("auth", Map.of("enabled", true)))))
        .hasMessageContaining("auth.existingSecret");
    assertThatThrownBy(() -> HelmChart.template(values("password-in-config",
        Map.of("config", Map.of("redis", Map.of("password", "hunter2")))))).hasMessageContaining("config.redis");
    assertThatThrownBy(() -> HelmChart.template(values("password-in-env",
        Map.of("extraEnvVars", List.of(Map.of("name", "REDIS_PASSWORD", "value", "hunter2"))))))
        .hasMessageContaining("extraEnvVars");
  }

  @Test
  @SuppressWarnings("unchecked")
  void monitorsAndRulesCarryAdditionalLabelsAndSelectTheReleaseNamespace() {
    for (Map<String, Object> object : HelmChart.render(ALL_FEATURES)) {
      if (List.of("ServiceMonitor", "PodMonitor", "PrometheusRule").contains(Manifests.kind(object))) {
        assertThat((Map<String, Object>) at(object, "metadata", "labels"))
            .containsEntry("release", "kube-prometheus-stack").containsEntry("team", "cache");
        assertThat((String) at(object, "metadata", "namespace")).isEqualTo("monitoring");
        if (!Manifests.kind(object).equals("PrometheusRule")) {
          assertThat((List<String>) at(object, "spec", "namespaceSelector", "matchNames"))
              .containsExactly(HelmChart.NAMESPACE);
        }
      }
    }
  }

  @Test
  void dashboardsAndRulesAreTheRepositoryFilesUnchanged() throws IOException {
    List<Map<String, Object>> objects = HelmChart.render(SIDECAR);
    assertDashboardsServed(objects);
    assertThat((Object) at(Manifests.single(objects, "PrometheusRule"), "spec")).isEqualTo(HelmChart.loadYaml(RULES));
  }

  @SuppressWarnings("unchecked")
  private static void assertDashboardsServed(List<Map<String, Object>> objects) throws IOException {
    Map<String, String> served = new LinkedHashMap<>();
    for (Map<String, Object> configMap : Manifests.ofKind(objects, "ConfigMap")) {
      assertThat((Map<String, String>) at(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
      Map<String, String> data = at(configMap, "data");
      assertThat(data).as("one dashboard per ConfigMap").hasSize(1);
      served.putAll(data);
    }
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<Path> dashboards = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(served).hasSameSizeAs(dashboards);
      for (Path file : dashboards) {
        assertThat(served.get(file.getFileName().toString())).as(file.toString()).isEqualTo(Files.readString(file));
      }
    }
  }

  /** Helm follows the files/ symlinks into grafana/ when it packages: the archive holds the files themselves. */
  @Test
  void packageHoldsTheGrafanaFilesThroughTheSymlinks() throws IOException {
    Path archive = HelmChart.packageInto(Path.of("target/helm/package").toAbsolutePath());
    Map<String, byte[]> entries = untar(archive);
    String prefix = "redis-memory-exporter/files/";
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path dashboard : files.toList()) {
        assertThat(entries.get(prefix + "dashboards/" + dashboard.getFileName()))
            .as(dashboard.toString()).isEqualTo(Files.readAllBytes(dashboard));
      }
    }
    assertThat(entries.get(prefix + "rules/redis-memory-exporter.rules.yml")).isEqualTo(Files.readAllBytes(RULES));
    assertThat(entries.keySet()).noneMatch(name -> name.endsWith(".test.yml"))
        .contains("redis-memory-exporter/values.schema.json", "redis-memory-exporter/templates/NOTES.txt");
    assertDashboardsServed(Manifests.parse(HelmChart.templateOf(archive, SIDECAR)));
  }

  private static Map<String, byte[]> untar(Path tgz) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
        String prefix = new String(header, 345, 155, StandardCharsets.UTF_8).replace("\0", "");
        long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
        byte[] content = in.readNBytes((int) size);
        in.readNBytes((int) ((512 - size % 512) % 512));
        char type = (char) header[156];
        if (type == '0' || type == '\0') {
          entries.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
        }
      }
    }
    return entries;
  }

  private static List<String> violations(Deployment deployment) {
    return RestrictedPodSecurity.violations(deployment.getSpec().getTemplate().getSpec(), Map.of());
  }

  private static Deployment deployment(Path values) {
    return KubeSchema.parse(Manifests.single(HelmChart.render(values), "Deployment"), Deployment.class, "Deployment");
  }

  private static Path values(String name, Map<String, Object> values) {
    return HelmChart.valuesFile(name, values);
  }

  private static List<String> kinds(List<Map<String, Object>> objects) {
    return objects.stream().map(Manifests::kind).toList();
  }

  static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getName()));
  }

  static String defaultJvmOptions() {
    return at(HelmChart.loadYaml(HelmChart.DIR.resolve("values.yaml")), "jvm", "options");
  }

}
