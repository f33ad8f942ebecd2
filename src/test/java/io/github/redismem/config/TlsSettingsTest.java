package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * redis.tls: how its settings load and which mistakes stop start-up, naming the setting. The PEM files are made
 * with the JDK alone (a CA certificate of the JVM's trust store, a fresh EC key); RedisTlsIT connects for real.
 */
class TlsSettingsTest {
  @TempDir
  Path dir;
  Path cert;
  Path key;
  Path pkcs1;
  Path garbage;

  @BeforeEach
  void pemFiles() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    X509Certificate some = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers()[0];
    cert = write("cert.pem", pem("CERTIFICATE", some.getEncoded()));
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    key = write("key.pem", pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()));
    pkcs1 = write("rsa.pem", pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
    garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private ExporterConfig load(String... args) throws ConfigException {
    return ConfigLoader.load(CommandLine.parse(args), Map.of());
  }

  @Test
  void loadsFromNestedYamlFlagsAndEnvironment() throws Exception {
    Path file = write("config.yml", """
        redis:
          addr: rediss://redis.example:6380
          tls:
            caFile: %s
            serverName: redis.internal
        """.formatted(cert));
    TlsSettings fromYaml = load("--config.file=" + file, "--redis.tls.cert-file=" + cert,
        "--redis.tls.keyFile=" + key).redis().tls();
    assertThat(fromYaml).isEqualTo(new TlsSettings(Optional.of(cert), Optional.of(cert), Optional.of(key),
        "redis.internal", false));

    TlsSettings fromEnv = ConfigLoader.load(CommandLine.parse("--redis.addr=rediss://r:6380"),
        Map.of("REDIS_TLS_CA_FILE", cert.toString(), "REDIS_TLS_INSECURE_SKIP_VERIFY", "true")).redis().tls();
    assertThat(fromEnv.caFile()).contains(cert);
    assertThat(fromEnv.insecureSkipVerify()).isTrue();

    assertThat(load().redis().tls()).isEqualTo(TlsSettings.none());
    assertThat(load("--redis.addr=rediss://r:6380").redis().tls().anySet()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--redis.tls.ca-file=/nonexistent/ca.pem | --redis.tls.ca-file: cannot read \"/nonexistent/ca.pem\": no such file",
      "--redis.tls.ca-file={KEY} | --redis.tls.ca-file: {KEY} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
      "--redis.tls.ca-file={GARBAGE} | --redis.tls.ca-file: {GARBAGE} does not parse as PEM certificates",
      "--redis.tls.cert-file={KEY} | --redis.tls.cert-file: {KEY} holds no PEM certificate",
      "--redis.tls.key-file={CERT} | --redis.tls.key-file: {CERT} holds no PEM private key (-----BEGIN PRIVATE KEY-----)",
      "--redis.tls.key-file={PKCS1} | --redis.tls.key-file: {PKCS1} holds an \"RSA PRIVATE KEY\"; an unencrypted PKCS#8 key "
          + "is needed (-----BEGIN PRIVATE KEY-----): convert it with openssl pkcs8 -topk8 -nocrypt",
      "--redis.tls.cert-file={CERT} | --redis.tls.cert-file: is set without redis.tls.keyFile; a client certificate "
          + "needs both",
      "--redis.tls.key-file={KEY} | --redis.tls.key-file: is set without redis.tls.certFile; a client certificate "
          + "needs both",
  })
  void badFilesNameTheSetting(String flag, String message) {
    assertThatThrownBy(() -> load("--redis.addr=rediss://r:6380", substitute(flag)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(substitute(message.strip()));
  }

  private String substitute(String text) {
    return text.replace("{PKCS1}", pkcs1.toString()).replace("{GARBAGE}", garbage.toString())
        .replace("{CERT}", cert.toString()).replace("{KEY}", key.toString());
  }

  @Test
  void tlsSettingsWithAPlainTextAddressAreAnError() throws IOException {
    assertThatThrownBy(() -> load("--redis.addr=redis://r:6379", "--redis.tls.ca-file=" + cert))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--redis.tls.ca-file: is a TLS setting, but redis.addr redis://r:6379 is plain text; "
            + "use rediss:// to connect with TLS");
    Path file = write("config.yml", "redis:\n  tls:\n    insecureSkipVerify: true\n");
    assertThatThrownBy(() -> load("--config.file=" + file))
        .hasMessageStartingWith("redis.tls.insecureSkipVerify: is a TLS setting, but redis.addr "
            + "redis://localhost:6379 is plain text");
  }

  @Test
  void unknownTlsKeyIsRejected() throws IOException {
    Path file = write("config.yml", "redis:\n  addr: rediss://r:1\n  tls:\n    caFiel: x\n");
    assertThatThrownBy(() -> load("--config.file=" + file)).hasMessageStartingWith("redis.tls.caFiel: unknown setting");
    Path scalar = write("scalar.yml", "redis:\n  tls: yes\n");
    assertThatThrownBy(() -> load("--config.file=" + scalar))
        .hasMessageStartingWith("redis.tls: expected a mapping of settings");
  }

  @Test
  void checkConfigSaysHowTheServerIsVerified() throws Exception {
    assertThat(ConfigCheck.summary(load("--redis.addr=rediss://r:6380", "--redis.tls.ca-file=" + cert,
        "--redis.tls.server-name=redis.internal", "--redis.tls.cert-file=" + cert, "--redis.tls.key-file=" + key)))
        .contains("redis.tls          server certificate checked against CA " + cert
            + " for the name redis.internal; client certificate " + cert);
    assertThat(ConfigCheck.summary(load("--redis.addr=rediss://r:6380", "--redis.tls.insecure-skip-verify=true")))
        .contains("server certificate NOT verified (insecureSkipVerify); no client certificate");
    assertThat(ConfigCheck.summary(load())).doesNotContain("redis.tls");
  }
}
