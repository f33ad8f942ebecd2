package io.github.redismem.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's security values (Redis TLS, the exporter's web config, key-name privacy, monitors scraping over HTTPS
 * with basic auth): what they render, what the schema refuses and where the templates fail. {@code HelmChartTest}
 * lints security.yaml and checks it against the models and Pod Security "restricted"; {@code ChartContainersIT}
 * runs its container.
 */
class HelmChartSecurityTest {
  private static final Path SECURITY = HelmChartTest.SECURITY;

  @Test
  void securityValuesRenderFlagsAndReadOnlyDirectoryMounts() {
    PodSpec pod = pod(SECURITY);
    Container exporter = pod.getContainers().get(0);
    assertThat(exporter.getArgs()).containsExactly("--web.listen-address=:19121",
        "--redis.tls.ca-file=/etc/redis-tls/ca.crt", "--redis.tls.cert-file=/etc/redis-tls/tls.crt",
        "--redis.tls.key-file=/etc/redis-tls/tls.key", "--redis.tls.server-name=redis.internal",
        "--web.config.file=/etc/web-config/web-config.yml", "--sampling.key-names=hash",
        "--sampling.key-name-secret-file=/etc/key-name-secret/hmac-key");
    assertThat(HelmChartTest.env(exporter, "REDIS_ADDR")).isEqualTo("rediss://redis-master.cache.svc:6380");
    assertSecretDirectory(pod, exporter, "redis-tls", "/etc/redis-tls", "redis-tls");
    assertSecretDirectory(pod, exporter, "web-config", "/etc/web-config", "exporter-web");
    assertSecretDirectory(pod, exporter, "key-name-secret", "/etc/key-name-secret", "key-names");
    assertThat(Manifests.ofKind(HelmChart.render(SECURITY), "ConfigMap")).as("no secret, no config: no ConfigMap")
        .isEmpty();
  }

  /** Mounted whole (no items, no subPath) and read-only, so the kubelet swaps rotated files in place. */
  private static void assertSecretDirectory(PodSpec pod, Container exporter, String volume, String path,
      String secret) {
    VolumeMount mount = exporter.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount " + volume));
    assertThat(mount.getMountPath()).isEqualTo(path);
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getSubPath()).isNull();
    SecretVolumeSource source = pod.getVolumes().stream().filter(v -> v.getName().equals(volume))
        .map(Volume::getSecret).findFirst().orElseThrow(() -> new AssertionError("no volume " + volume));
    assertThat(source.getSecretName()).isEqualTo(secret);
    assertThat(source.getItems()).isNullOrEmpty();
    assertThat(source.getDefaultMode()).isEqualTo(0440);
  }

  @Test
  void probesUseHttpsOrTheTcpPortWhenTheKubeletHasNoCredential() {
    // basic auth: an httpGet probe would need the password in the pod spec
    Container basicAuth = pod(SECURITY).getContainers().get(0);
    for (Probe probe : List.of(basicAuth.getLivenessProbe(), basicAuth.getReadinessProbe())) {
      assertThat(probe.getHttpGet()).isNull();
      assertThat(probe.getTcpSocket().getPort().getStrVal()).isEqualTo("metrics");
    }
    Container httpsOnly = pod(SECURITY, override("https-only", Map.of("webConfig", Map.of("basicAuth", false))))
        .getContainers().get(0);
    assertThat(httpsOnly.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(httpsOnly.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
    assertThat(httpsOnly.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(httpsOnly.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
    Container mtls = pod(SECURITY, override("mtls", Map.of("webConfig", Map.of("basicAuth", false,
        "requireClientCert", true)))).getContainers().get(0);
    assertThat(mtls.getLivenessProbe().getTcpSocket()).isNotNull();
    assertThat(mtls.getReadinessProbe().getTcpSocket()).isNotNull();
    Container plain = pod(HelmChart.DIR.resolve("values.yaml")).getContainers().get(0);
    assertThat(plain.getLivenessProbe().getHttpGet().getScheme()).as("Kubernetes' default, HTTP").isNull();
  }

  @Test
  void notesTellHowToReachAProtectedEndpoint() {
    assertThat(HelmChart.notes(SECURITY)).contains("curl -sk -u <user> https://localhost:19121/metrics")
        .contains("tcpSocket probes").doesNotContain("turns Ready once Redis has answered");
    assertThat(HelmChart.notes()).contains("curl -s http://localhost:19121/metrics")
        .contains("turns Ready once Redis has answered");
  }

  @Test
  void monitorsScrapeOverHttpsWithBasicAuthFromSecrets() {
    List<Map<String, Object>> objects = HelmChart.render(SECURITY);
    Endpoint endpoint = KubeSchema.parse(Manifests.single(objects, "ServiceMonitor"), ServiceMonitor.class,
        "ServiceMonitor").getSpec().getEndpoints().get(0);
    assertThat(endpoint.getScheme()).isEqualTo("https");
    assertThat(endpoint.getTlsConfig().getCa().getSecret().getName()).isEqualTo("exporter-web-ca");
    assertThat(endpoint.getTlsConfig().getCa().getSecret().getKey()).isEqualTo("ca.crt");
    assertThat(endpoint.getTlsConfig().getServerName()).isEqualTo("redis-memory-exporter");
    assertThat(endpoint.getBasicAuth().getUsername().getName()).isEqualTo("exporter-scrape");
    assertThat(endpoint.getBasicAuth().getUsername().getKey()).isEqualTo("username");
    assertThat(endpoint.getBasicAuth().getPassword().getKey()).isEqualTo("password");
    PodMetricsEndpoint podEndpoint = KubeSchema.parse(Manifests.single(objects, "PodMonitor"), PodMonitor.class,
        "PodMonitor").getSpec().getPodMetricsEndpoints().get(0);
    assertThat(podEndpoint.getScheme()).isEqualTo("https");
    assertThat(podEndpoint.getTlsConfig().getServerName()).isEqualTo("redis-memory-exporter");
    assertThat(podEndpoint.getBasicAuth().getPassword().getName()).isEqualTo("exporter-scrape");

    // without a web config nothing is added: Prometheus's default scheme, http
    Map<String, Object> plain = Manifests.single(HelmChart.render(HelmChart.TEST_VALUES.resolve("all-features.yaml")),
        "ServiceMonitor");
    assertThat(Manifests.<Map<String, Object>>at(plain, "spec", "endpoints", 0))
        .doesNotContainKeys("scheme", "tlsConfig", "basicAuth");
    // in sidecar mode the chart cannot know the pasted container's web config: the scheme is said explicitly
    Map<String, Object> sidecar = Manifests.single(HelmChart.render(HelmChart.TEST_VALUES.resolve("sidecar.yaml"),
        override("sidecar-https", Map.of("podMonitor", Map.of("scheme", "https",
            "tlsConfig", Map.of("insecureSkipVerify", true))))), "PodMonitor");
    assertThat((Object) Manifests.at(sidecar, "spec", "podMetricsEndpoints", 0, "scheme")).isEqualTo("https");
  }

  @Test
  void redisTlsWithoutASecretUsesTheJvmTrustStore() {
    Container exporter = pod(override("tls-public-ca", Map.of("redis", Map.of("addr", "rediss://cache.example.com:6380",
        "tls", Map.of("enabled", true, "insecureSkipVerify", true))))).getContainers().get(0);
    assertThat(exporter.getArgs()).containsExactly("--web.listen-address=:19121",
        "--redis.tls.insecure-skip-verify=true");
    assertThat(exporter.getVolumeMounts()).extracting(VolumeMount::getName).containsExactly("tmp");
    Container serverOnly = pod(SECURITY, override("tls-ca-only", Map.of("redis", Map.of("tls",
        Map.of("certFilename", "", "certKeyFilename", ""))))).getContainers().get(0);
    assertThat(serverOnly.getArgs()).filteredOn(a -> a.startsWith("--redis.tls."))
        .containsExactly("--redis.tls.ca-file=/etc/redis-tls/ca.crt", "--redis.tls.server-name=redis.internal");
  }

  @Test
  void schemaRejectsMisspeltSecurityKeys() {
    assertRejected("tls-misspelt", Map.of("redis", Map.of("tls", Map.of("enable", true))), "enable");
    assertRejected("web-misspelt", Map.of("webConfig", Map.of("basicauth", true)), "basicauth");
    assertRejected("key-names-value", Map.of("sampling", Map.of("keyNames", "sha256")), "keyNames");
    assertRejected("key-secret-misspelt", Map.of("sampling", Map.of("keyNameSecret", Map.of("secret", "s"))),
        "secret");
    assertRejected("scheme-value", Map.of("serviceMonitor", Map.of("scheme", "HTTPS")), "scheme");
    assertRejected("basic-auth-misspelt", Map.of("serviceMonitor", Map.of("basicAuth",
        Map.of("user", Map.of("name", "s", "key", "u")))), "user");
    assertRejected("selector-without-key", Map.of("serviceMonitor", Map.of("basicAuth",
        Map.of("username", Map.of("name", "s")))), "key");
    assertRejected("key-with-path", Map.of("webConfig", Map.of("existingSecretKey", "../web.yml")),
        "existingSecretKey");
    // a PodMonitor's SafeTLSConfig has no file paths; a ServiceMonitor's TLSConfig has
    assertRejected("pod-tls-file", Map.of("podMonitor", Map.of("tlsConfig", Map.of("caFile", "/etc/ca.crt"))),
        "caFile");
  }

  @Test
  void templatesFailOnSecurityValuesThatCannotWork() {
    assertFails(override("tls-plain-addr", Map.of("redis", Map.of("tls", Map.of("enabled", true)))),
        "needs a rediss:// redis.addr");
    assertFails(override("tls-secret-unused", Map.of("redis", Map.of("tls", Map.of("existingSecret", "x")))),
        "do nothing without redis.tls.enabled");
    assertFails(SECURITY, override("cert-without-key", Map.of("redis", Map.of("tls", Map.of("certKeyFilename", "")))),
        "go together");
    assertFails(override("web-no-secret", Map.of("webConfig", Map.of("enabled", true))),
        "webConfig.existingSecret");
    assertFails(override("web-unused", Map.of("webConfig", Map.of("tls", true))), "without webConfig.enabled");
    assertFails(SECURITY, override("mtls-without-tls", Map.of("webConfig", Map.of("tls", false,
        "requireClientCert", true))), "client certificates exist only over TLS");
    assertFails(SECURITY, override("monitor-no-basic-auth", Map.of("serviceMonitor", deleting("basicAuth"))),
        "serviceMonitor.basicAuth is required");
    assertFails(SECURITY, override("monitor-http", Map.of("podMonitor", Map.of("scheme", "http"))),
        "podMonitor.scheme: http");
    assertFails(override("tls-config-on-http", Map.of("serviceMonitor", Map.of("enabled", true,
        "tlsConfig", Map.of("insecureSkipVerify", true)))), "needs scheme https");
    assertFails(override("hash-no-secret", Map.of("sampling", Map.of("keyNames", "hash"))),
        "sampling.keyNameSecret.existingSecret");
    assertFails(override("secret-without-hash", Map.of("sampling", Map.of("keyNameSecret",
        Map.of("existingSecret", "k")))), "only by sampling.keyNames: hash");
    assertFails(HelmChart.TEST_VALUES.resolve("sidecar.yaml"), override("sidecar-web",
        Map.of("webConfig", Map.of("enabled", true, "existingSecret", "w"))), "mode: sidecar does not render");
    assertFails(SECURITY, override("tls-twice", Map.of("extraArgs", Map.of("redis.tls.ca-file", "/x"))),
        "not config.redis.tls or extraArgs");
    assertFails(SECURITY, override("web-twice", Map.of("config", Map.of("web", Map.of("configFile", "/x")))),
        "the chart passes --web.config.file");
  }

  /** The HMAC key, like the password, never goes in values, the ConfigMap or a plain environment variable. */
  @Test
  void theKeyNameSecretNeverGoesInValues() {
    assertFails(override("key-secret-in-config", Map.of("config", Map.of("sampling",
        Map.of("keyNameSecret", "0123456789abcdef")))), "sampling.keyNameSecret.existingSecret");
    assertFails(override("key-secret-in-args", Map.of("extraArgs", Map.of("sampling.key-name-secret",
        "0123456789abcdef"))), "sampling.keyNameSecret.existingSecret");
    assertFails(override("key-secret-in-env", Map.of("extraEnvVars", List.of(Map.of("name",
        "REDISMEM_KEY_NAME_SECRET", "value", "0123456789abcdef")))), "REDISMEM_KEY_NAME_SECRET");
    assertThat(HelmChart.template(SECURITY)).as("only Secret names reach the manifests")
        .doesNotContain("0123456789abcdef").contains("secretName: key-names");
  }

  private static void assertRejected(String name, Map<String, Object> values, String key) {
    assertThatThrownBy(() -> HelmChart.template(override(name, values))).as(name).hasMessageContaining(key)
        .hasMessageContaining("schema");
  }

  private static void assertFails(Path values, String message) {
    assertThatThrownBy(() -> HelmChart.template(values)).as(values.toString()).hasMessageContaining(message);
  }

  private static void assertFails(Path base, Path values, String message) {
    assertThatThrownBy(() -> HelmChart.template(base, values)).as(values.toString()).hasMessageContaining(message);
  }

  private static Path override(String name, Map<String, Object> values) {
    return HelmChart.valuesFile("security-" + name, values);
  }

  /** A map that deletes a key from the values below it, as {@code key: null} does in Helm. */
  private static Map<String, Object> deleting(String key) {
    Map<String, Object> map = new java.util.HashMap<>();
    map.put(key, null);
    return map;
  }

  private static PodSpec pod(Path... values) {
    return KubeSchema.parse(Manifests.single(HelmChart.render(values), "Deployment"), Deployment.class, "Deployment")
        .getSpec().getTemplate().getSpec();
  }
}
