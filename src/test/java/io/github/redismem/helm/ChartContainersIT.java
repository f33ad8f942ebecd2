package io.github.redismem.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each exporter container the chart renders or the examples paste (the standalone Deployment's, the Bitnami sidecar,
 * the StatefulSet's) runs the real jar with its own args and environment, JAVA_TOOL_OPTIONS included, its password
 * file from the Secret it mounts, against a real redis-server with requirepass; then its probes answer 200 on the
 * port the spec names and /metrics says redismem_up 1. Failsafe runs after {@code package}, so the jar exists.
 */
class ChartContainersIT {
  private final String password = "pw-" + UUID.randomUUID();
  private RedisServer redis;

  @TempDir
  Path work;

  @BeforeEach
  void startRedis() {
    redis = RedisBinaries.all().get(0).start("requirepass " + password);
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void standaloneDeploymentContainer() throws IOException {
    int port = freePort();
    Path overrides = HelmChart.valuesFile("it-standalone-overrides",
        Map.of("redis", Map.of("addr", redis.uri()), "containerPort", port));
    List<Map<String, Object>> objects = HelmChart.render(HelmChart.TEST_VALUES.resolve("it-standalone.yaml"),
        overrides);
    PodSpec pod = KubeSchema.parse(Manifests.single(objects, "Deployment"), Deployment.class, "Deployment").getSpec()
        .getTemplate().getSpec();
    Map<String, Map<String, String>> mounted = new HashMap<>(configMaps(objects));
    mounted.put("redis-auth", Map.of("password", password + "\n"));
    Container exporter = pod.getContainers().get(0);
    assertThat(exporter.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
    // rendered with the free port, so nothing to remap but the mount paths
    String log = runAndCheck(exporter, pod.getVolumes(), mounted, Map.of(), Map.of());
    assertThat(log).as("config: {log: {format: json}} from the mounted ConfigMap").contains("{\"time\":");
  }

  /**
   * The all-features Deployment's container (TLS address, ACL user, config file, flags, downward-API env) as the
   * exporter's {@code --check-config} reads it: every setting the chart renders is one the exporter accepts.
   */
  @Test
  void allFeaturesContainerPassesCheckConfig() throws IOException {
    List<Map<String, Object>> objects = HelmChart.render(HelmChart.TEST_VALUES.resolve("all-features.yaml"));
    PodSpec pod = KubeSchema.parse(Manifests.single(objects, "Deployment"), Deployment.class, "Deployment").getSpec()
        .getTemplate().getSpec();
    Map<String, Map<String, String>> mounted = new HashMap<>(configMaps(objects));
    mounted.put("my-redis", Map.of("redis-password", password));
    mounted.put("redis-ca", Map.of("ca.crt", "not read by --check-config"));
    Container checked = new io.fabric8.kubernetes.api.model.ContainerBuilder(pod.getContainers().get(0))
        .addToArgs("--check-config").build();
    try (LocalContainer running = LocalContainer.start(checked, pod.getVolumes(), mounted, Map.of(), Map.of(), work)) {
      assertThat(running.awaitExit()).as(running.log()).isZero();
      assertThat(running.log()).contains("configuration OK").contains("rediss://my-redis-master.cache.svc:6380/2")
          .doesNotContain(password);
    }
  }

  @Test
  void bitnamiSidecarContainer() throws IOException {
    Container exporter = Examples.exporterIn(Examples.bitnamiSidecars("master"));
    List<Volume> volumes = new ArrayList<>(Examples.bitnamiExtraVolumes("master"));
    // The Bitnami chart's own volume with auth.usePasswordFiles (templates/master/application.yaml): its Secret's
    // password key as the file redis-password.
    volumes.add(new VolumeBuilder().withName("redis-password").withNewSecret().withSecretName("my-redis")
        .addNewItem().withKey("redis-password").withPath("redis-password").endItem().endSecret().build());
    runAndCheck(exporter, volumes, Map.of("my-redis", Map.of("redis-password", password)),
        Map.of("redis://localhost:6379", redis.uri()), Map.of(19121, freePort()));
  }

  @Test
  void statefulSetExampleContainer() throws IOException {
    PodSpec pod = Examples.statefulSet().getSpec().getTemplate().getSpec();
    Container exporter = Examples.exporterIn(pod.getContainers());
    runAndCheck(exporter, pod.getVolumes(), Map.of("redis-password", Map.of("redis-password", password)),
        Map.of("redis://localhost:6379", redis.uri()), Map.of(19121, freePort()));
  }

  /** Runs the container until its probes and /metrics answer; returns its output. */
  private String runAndCheck(Container exporter, List<Volume> volumes, Map<String, Map<String, String>> mounted,
      Map<String, String> replacements, Map<Integer, Integer> ports) throws IOException {
    try (LocalContainer running = LocalContainer.start(exporter, volumes, mounted, replacements, ports, work)) {
      HTTPGetAction liveness = exporter.getLivenessProbe().getHttpGet();
      running.awaitOk(liveness);
      if (exporter.getReadinessProbe() != null) {
        running.awaitOk(exporter.getReadinessProbe().getHttpGet());
      }
      int metricsPort = running.port(liveness.getPort());
      LocalContainer.Answer metrics = running.get(metricsPort, "/metrics");
      assertThat(metrics.status()).as(running.log()).isEqualTo(200);
      assertThat(metrics.body()).as(running.log()).containsPattern("(?m)^redismem_up 1(\\.0)?$");
      assertThat(running.log()).contains("Picked up JAVA_TOOL_OPTIONS: " + HelmChartTest.defaultJvmOptions())
          .doesNotContain(password);
      return running.log();
    }
  }

  private static Map<String, Map<String, String>> configMaps(List<Map<String, Object>> objects) {
    Map<String, Map<String, String>> data = new HashMap<>();
    for (Map<String, Object> object : Manifests.ofKind(objects, "ConfigMap")) {
      ConfigMap configMap = KubeSchema.parse(object, ConfigMap.class, "ConfigMap");
      data.put(configMap.getMetadata().getName(), configMap.getData());
    }
    return data;
  }

    private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
