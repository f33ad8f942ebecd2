package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.TestCertificates;
import io.github.redismem.testing.TestCertificates.Authority;
import io.github.redismem.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rediss:// against real redis-server processes listening with TLS, with certificates made for the test: one
 * server that only presents its certificate, one that also requires a client certificate (mTLS) and whose
 * certificate names only {@code redis.internal}. Debian's redis-server is built with TLS; the embedded 6.2 is not,
 * so these tests use the system binary only.
 */
class RedisTlsIT {
  @TempDir
  static Path dir;

  static Authority ca;
  static Authority otherCa;
  static Issued client;
  static Issued strangerClient;
  static RedisServerProcess serverOnly;
  static RedisServerProcess mutual;

  @BeforeAll
  static void startServers() {
    RedisBinary.Executable binary = RedisBinaries.systemWithTls();
    ca = TestCertificates.authority(dir, "good");
    otherCa = TestCertificates.authority(dir, "other");
    Issued local = ca.issue("server-local", "DNS:localhost", "IP:127.0.0.1");
    Issued internal = ca.issue("server-internal", "DNS:redis.internal");
    client = ca.issue("client");
    strangerClient = otherCa.issue("stranger");
    serverOnly = RedisServerProcess.startWithTls(binary.path(), binary.version(),
        "tls-cert-file " + local.cert(), "tls-key-file " + local.key(), "tls-ca-cert-file " + ca.cert(),
        "tls-auth-clients no");
    mutual = RedisServerProcess.startWithTls(binary.path(), binary.version(),
        "tls-cert-file " + internal.cert(), "tls-key-file " + internal.key(), "tls-ca-cert-file " + ca.cert(),
        "tls-auth-clients yes");
    for (int i = 0; i < 30; i++) {
      serverOnly.admin().set("tls:key:" + i, "v" + i);
    }
  }

  @AfterAll
  static void stopServers() {
    for (RedisServerProcess s : new RedisServerProcess[] {serverOnly, mutual}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static String rediss(RedisServerProcess server) {
    return "rediss://127.0.0.1:" + server.tlsPort();
  }

  @Test
  void serverCertificateCheckedAgainstTheCaFile() throws Exception {
    try (Exporter exporter = RunningExporter.start(rediss(serverOnly), "--redis.tls.ca-file=" + ca.cert(),
        "--sampling.interval=1h")) {
      awaitUp(exporter);
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      assertThat(s.require("redismem_up")).isEqualTo(1.0);
      assertThat(s.require("redismem_db_keys{db=\"0\"}")).isEqualTo(30);
      SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
      Scrape after = Scrape.get(exporter.port(), "/metrics");
      assertThat(after.require("redismem_scan_passes_total")).isEqualTo(1);
      assertThat(after.require("redismem_scan_keys_total")).isEqualTo(30);
    }
  }

  @Test
  void wrongCaIsDownWithAClearLogLineAndMetricsStillAnswer() {
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(serverOnly), "--redis.tls.ca-file=" + otherCa.cert(),
            "--sampling.enabled=false")) {
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.require("redismem_up")).isEqualTo(0.0);
      assertThat(s.require("redismem_command_errors_total{command=\"connect\"}")).isPositive();
      assertThat(log.warningsMentioning("TLS handshake failed"))
          .anyMatch(m -> m.contains("not signed by a CA of redis.tls.caFile") && m.contains(rediss(serverOnly)));
    }
  }

  @Test
  void insecureSkipVerifyConnectsWithoutTheCaAndWarnsOnce() {
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(serverOnly), "--redis.tls.ca-file=" + otherCa.cert(),
            "--redis.tls.insecure-skip-verify=true", "--sampling.enabled=false")) {
      awaitUp(exporter);
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
      assertThat(log.warningsMentioning("redis.tls.insecureSkipVerify")).hasSize(1);
    }
  }

  @Test
  void mutualTlsWorksWithTheClientCertificateAndServerName() {
    try (Exporter exporter = RunningExporter.start(rediss(mutual), "--redis.tls.ca-file=" + ca.cert(),
        "--redis.tls.cert-file=" + client.cert(), "--redis.tls.key-file=" + client.key(),
        "--redis.tls.server-name=redis.internal", "--sampling.enabled=false")) {
      awaitUp(exporter);
      assertThat(up(exporter)).isEqualTo(1.0);
    }
  }

  @Test
  void mutualTlsWithoutAClientCertificateFailsClearly() {
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(mutual), "--redis.tls.ca-file=" + ca.cert(),
            "--redis.tls.server-name=redis.internal", "--sampling.enabled=false")) {
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.require("redismem_up")).isEqualTo(0.0);
      assertThat(log.warningsMentioning("TLS handshake failed")).anyMatch(m -> m.contains("certificate_required")
          && m.contains("the server requires a client certificate; set redis.tls.certFile and redis.tls.keyFile"));
    }
  }

  @Test
  void aCertificateForAnotherNameNeedsTheServerName() {
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(mutual), "--redis.tls.ca-file=" + ca.cert(),
            "--redis.tls.cert-file=" + client.cert(), "--redis.tls.key-file=" + client.key(),
            "--sampling.enabled=false")) {
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(0.0);
      assertThat(log.warningsMentioning("TLS handshake failed")).anyMatch(m -> m.contains("127.0.0.1")
          && m.contains("redis.tls.serverName can name one it holds"));
    }
  }

  /**
   * With redis.tls.serverName the certificate must hold that name: one that names only the address (127.0.0.1)
   * is refused, although the JDK alone would fall back to the address when the SNI name does not match.
   */
  @Test
  void theServerNameAloneIsCheckedNotTheAddress() {
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(serverOnly), "--redis.tls.ca-file=" + ca.cert(),
            "--redis.tls.server-name=redis.internal", "--sampling.enabled=false")) {
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(0.0);
      assertThat(log.warningsMentioning("TLS handshake failed")).anyMatch(m -> m.contains(rediss(serverOnly))
          && m.contains("redis.tls.serverName can name one it holds"));
    }
    // a name the certificate holds connects, to the address of redis.addr
    try (Exporter exporter = RunningExporter.start(rediss(serverOnly), "--redis.tls.ca-file=" + ca.cert(),
        "--redis.tls.server-name=localhost", "--sampling.enabled=false")) {
      awaitUp(exporter);
      assertThat(up(exporter)).isEqualTo(1.0);
    }
  }

  @Test
  void rotatedCaAndClientCertificateArePickedUpWithoutARestart() throws IOException {
    Path caFile = dir.resolve("rotating-ca.pem");
    Path certFile = dir.resolve("rotating-client.pem");
    Path keyFile = dir.resolve("rotating-client.key");
    install(otherCa.cert(), caFile);
    install(client.cert(), certFile);
    install(client.key(), keyFile);
    try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture();
        Exporter exporter = RunningExporter.start(rediss(mutual), "--redis.tls.ca-file=" + caFile,
        "--redis.tls.cert-file=" + certFile, "--redis.tls.key-file=" + keyFile,
        "--redis.tls.server-name=redis.internal", "--sampling.enabled=false")) {
      assertThat(up(exporter)).as("the server's CA is not trusted yet").isEqualTo(0.0);

      install(ca.cert(), caFile);
      awaitUp(exporter);

      install(strangerClient.cert(), certFile);
      install(strangerClient.key(), keyFile);
      assertThat(up(exporter)).as("a changed client certificate reconnects with it at once (the server refuses "
          + "this one)").isEqualTo(0.0);
      assertThat(log.all()).contains("redis.tls or password files changed; reconnecting with them");
      assertThat(log.warningsMentioning("TLS handshake failed"))
          .anyMatch(m -> m.contains("the server refused the client certificate"));

      install(client.cert(), certFile);
      install(client.key(), keyFile);
      awaitUp(exporter);
    }
  }

  /**
   * Waits until a scrape says up: the first connection of a fresh exporter on a busy 2-core machine can take
   * longer than the 2 s redis.timeout of the tests, and a negative result is asserted by single scrapes instead.
   */
  static void awaitUp(Exporter exporter) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    double up = up(exporter);
    while (up != 1.0 && System.nanoTime() < deadline) {
      up = up(exporter);
    }
    assertThat(up).as("redismem_up within 15 s").isEqualTo(1.0);
  }

  static double up(Exporter exporter) {
    return Scrape.get(exporter.port(), "/metrics").require("redismem_up");
  }

  /** Replaces {@code target} as a rotation would, with a modification time that surely differs. */
  private static void install(Path source, Path target) throws IOException {
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    FileTime previous = FileTime.from(Instant.now());
    Files.setLastModifiedTime(target, FileTime.from(previous.toInstant().plusSeconds(++clock)));
  }

  private static long clock;
}
