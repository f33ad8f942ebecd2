package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.config.ConfigException;
import io.github.redismem.config.WebConfig;
import io.github.redismem.config.WebConfigFile;
import io.github.redismem.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Web config files accepted or rejected exactly as {@code promtool check web-config} (exporter-toolkit) does: each
 * row states the verdict, and {@link #promtoolAgreesOnEveryRow} runs Debian's promtool on the same files.
 */
class WebConfigFileTest {
  private static final String HASH = "$2y$10$Y2rs2Qh0Ot0Ywvyk1sDVvOYRRHLHLx7pq1SCt0dk0Yd.r6o.c0fd.";
  private static final String TLS = "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n";

  @TempDir
  static Path dir;

  record Row(String name, boolean accepted, String yaml) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Row> rows() {
    return List.of(
        new Row("empty file", true, ""),
        new Row("htpasswd $2y$ user", true, "basic_auth_users:\n  alice: " + HASH + "\n"),
        new Row("$2a$ and $2b$ users", true, "basic_auth_users:\n  a: " + HASH.replace("$2y$", "$2a$")
            + "\n  b: " + HASH.replace("$2y$", "$2b$") + "\n"),
        new Row("plain-text password", false, "basic_auth_users:\n  alice: hunter2\n"),
        new Row("bcrypt cost 3", false, "basic_auth_users:\n  alice: " + HASH.replace("$10$", "$03$") + "\n"),
        new Row("bcrypt version 3", false, "basic_auth_users:\n  alice: " + HASH.replace("$2y$", "$3a$") + "\n"),
        new Row("users as a list", false, "basic_auth_users: [alice]\n"),
        new Row("unknown top-level key", false, "rate_limit:\n  interval: 1s\n"),
        new Row("TLS cert and key", true, TLS),
        new Row("EC key", true, "tls_server_config:\n  cert_file: ec.pem\n  key_file: ec.key\n"),
        new Row("unknown TLS key", false, TLS + "  bogus: 1\n"),
        new Row("SEC1 EC key (openssl ecparam)", true, "tls_server_config:\n  cert_file: ec.pem\n  key_file: sec1.key\n"),
        new Row("PKCS#1 RSA key (openssl genrsa -traditional)", true,
            "tls_server_config:\n  cert_file: server.pem\n  key_file: pkcs1.key\n"),
        new Row("inline cert (newer toolkits only)", false, "tls_server_config:\n  cert: x\n  key: y\n"),
        new Row("cert without key", false, "tls_server_config:\n  cert_file: server.pem\n"),
        new Row("key without cert", false, "tls_server_config:\n  key_file: server.key\n"),
        new Row("missing cert file", false, "tls_server_config:\n  cert_file: nope.pem\n  key_file: server.key\n"),
        new Row("cert and key swapped", false,
            "tls_server_config:\n  cert_file: server.key\n  key_file: server.pem\n"),
        new Row("key of another certificate", false,
            "tls_server_config:\n  cert_file: server.pem\n  key_file: client.key\n"),
        new Row("client auth without cert", false, "tls_server_config:\n  client_auth_type: RequestClientCert\n"),
        new Row("client CA without client auth", false, TLS + "  client_ca_file: ca.pem\n"),
        new Row("RequireAndVerifyClientCert with CA", true,
            TLS + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n"),
        new Row("VerifyClientCertIfGiven", true, TLS + "  client_auth_type: VerifyClientCertIfGiven\n"
            + "  client_ca_file: ca.pem\n"),
        new Row("RequireAnyClientCert", true, TLS + "  client_auth_type: RequireAnyClientCert\n"),
        new Row("legacy RequireClientCert", true, TLS + "  client_auth_type: RequireClientCert\n"),
        new Row("NoClientCert", true, TLS + "  client_auth_type: NoClientCert\n"),
        new Row("unknown client auth", false, TLS + "  client_auth_type: Maybe\n"),
        new Row("missing client CA file", false,
            TLS + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: nope.pem\n"),
        new Row("TLS10 to TLS13", true, TLS + "  min_version: TLS10\n  max_version: TLS13\n"),
        new Row("min above max", true, TLS + "  min_version: TLS13\n  max_version: TLS12\n"),
        new Row("TLS14", false, TLS + "  min_version: TLS14\n"),
        new Row("cipher suites, TLS 1.3 one too", true, TLS + "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
            + " TLS_AES_128_GCM_SHA256]\n  prefer_server_cipher_suites: false\n"),
        new Row("insecure RC4 suite", false, TLS + "  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n"),
        new Row("unknown cipher", false, TLS + "  cipher_suites: [TLS_FOO]\n"),
        new Row("curves", true, TLS + "  curve_preferences: [CurveP256, X25519]\n"),
        new Row("unknown curve", false, TLS + "  curve_preferences: [CurveP999]\n"),
        new Row("allowed headers, http2 off", true, "http_server_config:\n  http2: false\n  headers:\n"
            + "    X-Frame-Options: deny\n    Strict-Transport-Security: max-age=31536000\n"
            + "    X-Content-Type-Options: nosniff\n    Content-Security-Policy: default-src 'self'\n"),
        new Row("header not allowed", false, "http_server_config:\n  headers:\n    Server: foo\n"),
        new Row("header name in lower case", false, "http_server_config:\n  headers:\n    x-frame-options: deny\n"),
        new Row("X-Frame-Options allow", false, "http_server_config:\n  headers:\n    X-Frame-Options: allow\n"),
        new Row("X-Frame-Options SameOrigin", false,
            "http_server_config:\n  headers:\n    X-Frame-Options: SameOrigin\n"),
        new Row("unknown http key", false, "http_server_config:\n  keep_alive: true\n"));
  }

  @BeforeAll
  static void certificates() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    pki.issue("ec", "ec", "subjectAltName=DNS:localhost");
    pki.openssl("ec", "-in", "ec.key", "-out", "sec1.key");
    pki.openssl("rsa", "-in", "server.key", "-traditional", "-out", "pkcs1.key");
    assertThat(Files.readString(dir.resolve("sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  private static Path write(Row row) throws Exception {
    Path file = dir.resolve(row.name().replaceAll("[^A-Za-z0-9]+", "-") + ".yml");
    Files.writeString(file, row.yaml());
    return file;
  }

  private static boolean ours(Path file) {
    try {
      WebConfigFile.load(file);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void verdict(Row row) throws Exception {
    assertThat(ours(write(row))).as(row.name()).isEqualTo(row.accepted());
  }

  @Test
  void promtoolAgreesOnEveryRow() throws Exception {
    Path promtool = promtool();
    List<String> disagreements = new ArrayList<>();
    for (Row row : rows()) {
      Path file = write(row);
      Process p = new ProcessBuilder(promtool.toString(), "check", "web-config", file.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      boolean theirs = p.exitValue() == 0;
      if (theirs != ours(file) || theirs != row.accepted()) {
        disagreements.add(row.name() + ": promtool " + (theirs ? "accepts" : "rejects") + " (" + out.trim() + ")");
      }
    }
    assertThat(rows()).hasSizeGreaterThanOrEqualTo(15);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void errorsNameTheYamlPath() throws Exception {
    assertThatThrownBy(() -> WebConfigFile.load(write(rows().get(10)))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls_server_config.bogus: unknown key");
    assertThatThrownBy(() -> WebConfigFile.load(write(new Row("x", false, TLS + "  cipher_suites: [A]\n"))))
        .hasMessageStartingWith("tls_server_config.cipher_suites[0]: unknown cipher: A");
    assertThatThrownBy(() -> WebConfigFile.load(write(new Row("y", false, "basic_auth_users:\n  bob: x\n"))))
        .hasMessageStartingWith("basic_auth_users.bob: not a bcrypt hash");
    assertThatThrownBy(() -> WebConfigFile.load(write(rows().get(37))))
        .hasMessageStartingWith("http_server_config.headers.Server: HTTP header \"Server\" can not be configured");
  }

  @Test
  void pathsResolveAgainstTheFilesFolderAndDefaultsAreTheToolkits() throws Exception {
    WebConfig config = WebConfigFile.load(write(rows().get(8)));
    WebConfig.Tls tls = config.tls().orElseThrow();
    assertThat(tls.certFile()).isEqualTo(dir.resolve("server.pem"));
    assertThat(tls.minVersion()).isEqualTo("TLS12");
    assertThat(tls.maxVersion()).isEqualTo("TLS13");
    assertThat(tls.clientAuth()).isEqualTo("NoClientCert");
    assertThat(config.http2()).isTrue();
    assertThat(WebConfigFile.load(write(rows().get(24))).tls().orElseThrow().clientAuth())
        .isEqualTo("RequireAnyClientCert");
  }

  static Path promtool() {
    return ServiceProcess.installedExecutable("PROMTOOL", "apt-get install prometheus", "promtool");
  }
}
