package io.github.redismem.helm;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.TestCertificates;
import io.github.redismem.testing.TestCertificates.Authority;
import io.github.redismem.testing.TestCertificates.Issued;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each exporter container the chart renders or the examples paste (the standalone Deployment's, the Bitnami sidecar,
 * the StatefulSet's) runs the real jar with its own args and environment, JAVA_TOOL_OPTIONS included, its password
 * file from the Secret it mounts, against a real redis-server with requirepass; then its probes answer 200 on the
 * port the spec names and /metrics says redismem_up 1. security.yaml's container runs against a redis-server that
 * requires TLS client certificates, with the exporter's endpoint behind HTTPS (and basic auth): its certificates
 * come from the openssl CLI ({@code TestCertificates}) and reach it as the Secrets the chart mounts. Failsafe runs
 * after {@code package}, so the jar exists.
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
    // and its data volume (a PersistentVolumeClaim there), which the sidecar mounts read-only for sampling.source
    // rdb: an empty directory stands for it
    volumes.add(new VolumeBuilder().withName("redis-data").withNewEmptyDir().endEmptyDir().build());
    runAndCheck(exporter, volumes, Map.of("my-redis", Map.of("redis-password", password)),
        Map.of("redis://localhost:6379", redis.uri()), Map.of(19121, freePort()));
  }

  @Test
  void statefulSetExampleContainer() throws IOException {
    PodSpec pod = Examples.statefulSet().getSpec().getTemplate().getSpec();
    Container exporter = Examples.exporterIn(pod.getContainers());
    // the data volume comes from the StatefulSet's volumeClaimTemplates, not the pod's volumes: an empty directory
    // stands for it
    List<Volume> volumes = new ArrayList<>(pod.getVolumes());
    volumes.add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
    runAndCheck(exporter, volumes, Map.of("redis-password", Map.of("redis-password", password)),
        Map.of("redis://localhost:6379", redis.uri()), Map.of(19121, freePort()));
  }

  /**
   * security.yaml's container against a redis-server that requires a client certificate and whose own names only
   * {@code redis.internal} (the rendered serverName), with the exporter's endpoint behind HTTPS and basic auth and
   * key names hashed. Its probes are tcpSocket probes (no credential in the pod spec) and pass; Prometheus, as the
   * ServiceMonitor describes it (the CA, the password from a Secret), gets 401 without the password and, with it,
   * redismem_up 1 and top keys that show an HMAC in place of the name.
   */
  @Test
  void redisTlsWebConfigWithBasicAuthAndHashedKeyNames() throws Exception {
    String scrapePassword = "scrape-" + UUID.randomUUID();
    String users = "basic_auth_users:\n  prometheus: "
        + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, scrapePassword.toCharArray()) + "\n";
    runSecure(Map.of(), users, (running, exporter, prometheus) -> {
      assertThat(exporter.getLivenessProbe().getTcpSocket()).isNotNull();
      assertThat(exporter.getReadinessProbe().getTcpSocket()).isNotNull();
      String metrics = "https://127.0.0.1:" + running.port(exporter.getLivenessProbe().getTcpSocket().getPort())
          + "/metrics";
      assertThat(HttpClients.get(prometheus, metrics, Map.of()).status()).as(running.log()).isEqualTo(401);
      String authorization = "Basic " + Base64.getEncoder()
          .encodeToString(("prometheus:" + scrapePassword).getBytes(StandardCharsets.UTF_8));
      HttpClients.Answer scrape = awaitBody(running, () -> HttpClients.get(prometheus, metrics,
          Map.of("Authorization", authorization)), "<hmac:");
      assertThat(scrape.body()).containsPattern("(?m)^redismem_up 1(\\.0)?$").doesNotContain("4711");
      assertThat(running.log()).doesNotContain(scrapePassword);
    });
  }

  /** HTTPS without basic auth: the rendered httpGet probes, scheme HTTPS, pass (readiness once Redis answered). */
  @Test
  void redisTlsWebConfigWithHttpsProbes() throws Exception {
    runSecure(Map.of("webConfig", Map.of("basicAuth", false)), "", (running, exporter, prometheus) -> {
      assertThat(exporter.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(exporter.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
      String metrics = "https://127.0.0.1:" + running.port(exporter.getLivenessProbe().getHttpGet().getPort())
          + "/metrics";
      HttpClients.Answer scrape = HttpClients.get(prometheus, metrics, Map.of());
      assertThat(scrape.status()).as(running.log()).isEqualTo(200);
      assertThat(scrape.body()).containsPattern("(?m)^redismem_up 1(\\.0)?$");
    });
  }

  private interface SecureCheck {
    void check(LocalContainer running, Container exporter, HttpClient prometheus) throws Exception;
  }

  /**
   * Renders security.yaml with {@code overrides}, makes the certificates and the Secrets it mounts (the web config
   * holds TLS and {@code users}), starts the TLS redis-server and the container, waits for both probes and runs
   * {@code check} with a client that trusts the test CA, as the monitors' tlsConfig.ca makes Prometheus do.
   */
  private void runSecure(Map<String, Object> overrides, String users, SecureCheck check) throws Exception {
    RedisBinary.Executable binary = tlsRedisBinary();
    Path certs = Files.createDirectories(work.resolve("certs"));
    Authority ca = TestCertificates.authority(certs, "chart");
    Issued redisCert = ca.issue("redis", "DNS:redis.internal");
    Issued client = ca.issue("exporter-client");
    Issued web = ca.issue("exporter-web", "IP:127.0.0.1");
    try (RedisServerProcess tlsRedis = RedisServerProcess.startWithTls(binary.path(), binary.version(),
        "requirepass " + password, "tls-cert-file " + redisCert.cert(), "tls-key-file " + redisCert.key(),
        "tls-ca-cert-file " + ca.cert(), "tls-auth-clients yes")) {
      tlsRedis.admin().set("customer:4711:profile", "x".repeat(2000));
      Map<String, Object> values = new HashMap<>(overrides);
      values.put("redis", Map.of("addr", "rediss://127.0.0.1:" + tlsRedis.tlsPort()));
      values.put("containerPort", freePort());
      List<Map<String, Object>> objects = HelmChart.render(HelmChartTest.SECURITY,
          HelmChart.valuesFile("it-security-overrides", values));
      PodSpec pod = KubeSchema.parse(Manifests.single(objects, "Deployment"), Deployment.class, "Deployment")
          .getSpec().getTemplate().getSpec();
      Map<String, Map<String, String>> mounted = new HashMap<>();
      mounted.put("redis-auth", Map.of("password", password));
      mounted.put("redis-tls", Map.of("ca.crt", Files.readString(ca.cert()), "tls.crt",
          Files.readString(client.cert()), "tls.key", Files.readString(client.key())));
      mounted.put("exporter-web", Map.of("web-config.yml",
          "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n" + users,
          "tls.crt", Files.readString(web.cert()), "tls.key", Files.readString(web.key())));
      mounted.put("key-names", Map.of("hmac-key", UUID.randomUUID().toString()));
      Container exporter = pod.getContainers().get(0);
      try (LocalContainer running = LocalContainer.start(exporter, pod.getVolumes(), mounted, Map.of(), Map.of(),
          work)) {
        running.awaitPassing(exporter.getLivenessProbe());
        running.awaitPassing(exporter.getReadinessProbe());
        check.check(running, exporter, HttpClients.trusting(ca.cert()));
        assertThat(running.log()).doesNotContain(password);
      }
    }
  }

  /** Debian's redis-server is built with TLS, the embedded one is not; CI must run these tests. */
  private static RedisBinary.Executable tlsRedisBinary() {
    return RedisBinaries.systemWithTls();
  }

  /** Repeats a request until its answer is 200 and holds {@code text} (the first sampler pass), for up to 30 s. */
  private static HttpClients.Answer awaitBody(LocalContainer running, Supplier<HttpClients.Answer> request,
      String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpClients.Answer answer = request.get();
    while (answer.status() != 200 || !answer.body().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + text + " within 30 s: " + answer + "\n" + running.log());
      }
      Thread.sleep(200);
      answer = request.get();
    }
    return answer;
  }

  /** Runs the container until its probes and /metrics answer; returns its output. */
  private String runAndCheck(Container exporter, List<Volume> volumes, Map<String, Map<String, String>> mounted,
      Map<String, String> replacements, Map<Integer, Integer> ports) throws IOException {
    try (LocalContainer running = LocalContainer.start(exporter, volumes, mounted, replacements, ports, work)) {
      running.awaitPassing(exporter.getLivenessProbe());
      if (exporter.getReadinessProbe() != null) {
        running.awaitPassing(exporter.getReadinessProbe());
      }
      int metricsPort = running.port(exporter.getLivenessProbe().getHttpGet().getPort());
      HttpClients.Answer metrics = running.get(metricsPort, "/metrics");
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
