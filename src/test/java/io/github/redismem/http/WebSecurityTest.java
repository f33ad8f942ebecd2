package io.github.redismem.http;

import io.github.redismem.testing.RawHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.github.redismem.config.ValueKind;
import io.github.redismem.config.WebSettings;
import io.github.redismem.report.Report;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP and HTTPS requests against the server under a web config file: basic auth on every endpoint, client
 * certificates, the same bcrypt work for an unknown user as for a wrong password, rotation without a restart, and
 * the hardening limits.
 */
class WebSecurityTest {
  private static final List<String> ENDPOINTS = List.of("/", "/report.json", "/metrics", "/-/healthy", "/-/ready");
  private static final String PASSWORD = "correct horse";

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> checkedHashes = Collections.synchronizedList(new ArrayList<>());
  private final BasicAuth.PasswordCheck recording = (password, hash) -> {
    checkedHashes.add(hash);
    return BasicAuth.BCRYPT.matches(password, hash);
  };

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, password.toCharArray());
  }

  private Path webConfig(String yaml) throws IOException {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private ExporterServer start(Path webConfig, HttpLimits limits, Supplier<Report> report) {
    WebSettings web = new WebSettings(new ValueKind.ListenAddress("127.0.0.1", 0), "/metrics",
        Optional.ofNullable(webConfig), false);
    ExporterServer server = new ExporterServer(web, new PrometheusRegistry(), () -> true, report, limits, recording);
    open.add(server);
    return server;
  }

  private ExporterServer start(Path webConfig) {
    return start(webConfig, HttpLimits.DEFAULT, () -> {
      throw new IllegalStateException("no report in this test");
    });
  }

  private static HttpResponse<String> get(HttpClient client, String url, String user, String password)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient https(SSLContext context) {
    return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Test
  void everyEndpointAsksForBasicAuthAndAnswersWithIt() throws Exception {
    ExporterServer server = start(webConfig("basic_auth_users:\n  alice: " + hash(PASSWORD) + "\n"));
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    for (String path : ENDPOINTS) {
      HttpResponse<String> none = get(client, base + path, null, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic");
      assertThat(get(client, base + path, "alice", "wrong").statusCode()).as(path).isEqualTo(401);
      assertThat(get(client, base + path, "mallory", PASSWORD).statusCode()).as(path).isEqualTo(401);
    }
    for (String path : List.of("/metrics", "/-/healthy", "/-/ready")) {
      assertThat(get(client, base + path, "alice", PASSWORD).statusCode()).as(path).isEqualTo(200);
    }
    // the report routes pass auth too: this test's report supplier fails, which shows as a bare 500
    HttpResponse<String> page = get(client, base + "/", "alice", PASSWORD);
    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body()).isEqualTo("Internal Server Error\n").doesNotContain("no report", "Exception", "at io.");
  }

  @Test
  void htpasswdStyleHashesOfEveryMinorVersionWork() throws Exception {
    String y = hash("pw-y");
    String a = BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "pw-a".toCharArray());
    String b = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(5, "pw-b".toCharArray());
    assertThat(y).startsWith("$2y$10$");
    ExporterServer server = start(webConfig("basic_auth_users:\n  y: " + y + "\n  a: " + a + "\n  b: " + b + "\n"));
    HttpClient client = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + server.port() + "/-/healthy";
    for (String user : List.of("y", "a", "b")) {
      assertThat(get(client, url, user, "pw-" + user).statusCode()).as(user).isEqualTo(200);
      assertThat(get(client, url, user, "pw-x").statusCode()).as(user).isEqualTo(401);
    }
  }

  @Test
  void anUnknownUserCostsTheSameBcryptWorkAsAWrongPassword() throws Exception {
    ExporterServer server = start(webConfig("basic_auth_users:\n  alice: " + hash(PASSWORD) + "\n"));
    HttpClient client = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + server.port() + "/-/healthy";
    checkedHashes.clear();
    assertThat(get(client, url, "nobody", "x").statusCode()).isEqualTo(401);
    assertThat(checkedHashes).containsExactly(BasicAuth.DUMMY_HASH);
    assertThat(BasicAuth.DUMMY_HASH).startsWith("$2y$10$"); // the cost of users made with htpasswd -nBC 10
    List<Long> unknown = new ArrayList<>();
    List<Long> wrong = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      unknown.add(timed(client, url, "nobody"));
      wrong.add(timed(client, url, "alice"));
    }
    double ratio = (double) median(unknown) / median(wrong);
    assertThat(ratio).as("median unknown user / wrong password, ns %s vs %s", unknown, wrong).isBetween(0.5, 2.0);
  }

  private static long timed(HttpClient client, String url, String user) throws Exception {
    long start = System.nanoTime();
    assertThat(get(client, url, user, "not the password").statusCode()).isEqualTo(401);
    return System.nanoTime() - start;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void usersRotateWithoutARestartAndABrokenFileFailsClosed() throws Exception {
    Path file = webConfig("basic_auth_users:\n  alice: " + hash(PASSWORD) + "\n");
    ExporterServer server = start(file);
    HttpClient client = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + server.port() + "/-/healthy";
    assertThat(get(client, url, "alice", PASSWORD).statusCode()).isEqualTo(200);
    rewrite(file, "basic_auth_users:\n  bob: " + hash("bob's") + "\n");
    assertThat(get(client, url, "alice", PASSWORD).statusCode()).isEqualTo(401);
    assertThat(get(client, url, "bob", "bob's").statusCode()).isEqualTo(200);
    rewrite(file, "basic_auth_users:\n  bob: not-a-hash\n");
    HttpResponse<String> broken = get(client, url, "bob", "bob's");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).doesNotContain("bcrypt", "bob");
  }

  /** Writes and moves the modification time on, so that a second-granular file system sees a change too. */
  private static void rewrite(Path file, String text) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
  }

  @Test
  void httpsWithRequireAndVerifyClientCertRefusesAClientWithoutOne() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
        + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n"
        + "basic_auth_users:\n  alice: " + hash(PASSWORD) + "\n"));
    String url = "https://localhost:" + server.port() + "/metrics";
    assertThatThrownBy(() -> get(https(pki.client(null)), url, "alice", PASSWORD)).isInstanceOf(IOException.class);
    assertThat(get(https(pki.client("client")), url, "alice", PASSWORD).statusCode()).isEqualTo(200);
    HttpResponse<String> noAuth = get(https(pki.client("client")), url, null, null);
    assertThat(noAuth.statusCode()).isEqualTo(401);
    assertThat(noAuth.headers().firstValue("WWW-Authenticate")).hasValue("Basic");
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    Path other = Files.createDirectory(dir.resolve("other"));
    TestCertificates otherPki = TestCertificates.in(other);
    ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
        + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n"));
    Files.copy(otherPki.dir.resolve("client.pem"), pki.dir.resolve("foreign.pem"));
    Files.copy(otherPki.dir.resolve("client.key"), pki.dir.resolve("foreign.key"));
    String url = "https://localhost:" + server.port() + "/-/healthy";
    assertThatThrownBy(() -> get(https(pki.client("foreign")), url, null, null)).isInstanceOf(IOException.class);
    assertThat(get(https(pki.client("client")), url, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void theServerCertificateRotatesWithoutARestart() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"));
    String url = "https://localhost:" + server.port() + "/-/healthy";
    X509Certificate first = peer(get(https(pki.client(null)), url, null, null));
    assertThat(first).isEqualTo(pki.certificate("server"));
    pki.issue("server2", "ec", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    FileTime before = Files.getLastModifiedTime(pki.dir.resolve("server.pem"));
    Files.copy(pki.dir.resolve("server2.key"), pki.dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.dir.resolve("server2.pem"), pki.dir.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(pki.dir.resolve("server.pem"), FileTime.from(before.toInstant().plusSeconds(2)));
    Files.setLastModifiedTime(pki.dir.resolve("server.key"), FileTime.from(before.toInstant().plusSeconds(2)));
    X509Certificate second = peer(get(https(pki.client(null)), url, null, null));
    assertThat(second).isEqualTo(pki.certificate("server2")).isNotEqualTo(first);
    assertThat(second.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  private static X509Certificate peer(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  /** Go's meaning of each client_auth_type: whether no certificate, and one from another CA, get through. */
  @Test
  void everyClientAuthTypeTakesTheCertificatesGoWould() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    TestCertificates other = TestCertificates.in(Files.createDirectory(dir.resolve("other")));
    Files.copy(other.dir.resolve("client.pem"), pki.dir.resolve("foreign.pem"));
    Files.copy(other.dir.resolve("client.key"), pki.dir.resolve("foreign.key"));
    // mode, served without a certificate, served with a foreign one, served with the CA's
    Object[][] table = {
        {"NoClientCert", true, true, true},
        {"RequestClientCert", true, true, true},
        {"RequireAnyClientCert", false, true, true},
        {"VerifyClientCertIfGiven", true, false, true},
        {"RequireAndVerifyClientCert", false, false, true}};
    for (Object[] row : table) {
      String mode = (String) row[0];
      String ca = mode.contains("Verify") ? "  client_ca_file: ca.pem\n" : "";
      ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n"
          + "  key_file: server.key\n  client_auth_type: " + mode + "\n" + ca));
      String url = "https://localhost:" + server.port() + "/-/healthy";
      String[] clients = {null, "foreign", "client"};
      for (int i = 0; i < clients.length; i++) {
        boolean served;
        try {
          served = get(https(pki.client(clients[i])), url, null, null).statusCode() == 200;
        } catch (IOException e) {
          served = false;
        }
        assertThat(served).as(mode + " with " + (clients[i] == null ? "no certificate" : clients[i]))
            .isEqualTo(row[i + 1]);
      }
      server.close();
    }
  }

  @Test
  void versionsAndHttp2FollowTheConfig() throws Exception {
    TestCertificates pki = TestCertificates.in(dir);
    ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
        + "  min_version: TLS13\n"));
    String url = "https://localhost:" + server.port() + "/-/healthy";
    SSLContext tls12 = pki.client(null);
    HttpClient old = HttpClient.newBuilder().sslContext(tls12)
        .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {"TLSv1.2"})).build();
    assertThatThrownBy(() -> get(old, url, null, null)).isInstanceOf(IOException.class);
    HttpResponse<String> h2 = get(HttpClient.newBuilder().sslContext(pki.client(null)).build(), url, null, null);
    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(h2.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    server.close();
    ExporterServer h1 = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
        + "http_server_config:\n  http2: false\n"));
    HttpResponse<String> r = get(HttpClient.newBuilder().sslContext(pki.client(null)).build(),
        "https://localhost:" + h1.port() + "/-/healthy", null, null);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void onlyGetAndHeadAreServed() throws Exception {
    ExporterServer server = start(null);
    HttpClient client = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + server.port() + "/-/healthy";
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
          .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
    }
    HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(url))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(get(client, url, null, null).body()).isEqualTo("Healthy.\n");
  }

  @Test
  void aRequestBodyIsRefused() throws Exception {
    ExporterServer server = start(null);
    String answer = raw(server.port(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
        + "x".repeat(2000));
    assertThat(answer).startsWith("HTTP/1.1 413");
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    ExporterServer server = start(null);
    assertThat(raw(server.port(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    String answer = raw(server.port(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024)
        + "\r\n\r\n");
    assertThat(answer).doesNotContain("200 OK", "Healthy");
  }

  @Test
  void aSlowRequestIsCutOffAtTheParseTimeout() throws Exception {
    HttpLimits limits = new HttpLimits(16 * 1024, 1024, 64, Duration.ofSeconds(60), Duration.ofMillis(500),
        Duration.ofSeconds(60));
    ExporterServer server = start(null, limits, () -> null);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      Instant start = Instant.now();
      byte[] rest = socket.getInputStream().readAllBytes(); // returns when the server closes
      assertThat(new String(rest, StandardCharsets.US_ASCII)).doesNotContain("Healthy");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    HttpLimits limits = new HttpLimits(16 * 1024, 1024, 64, Duration.ofMillis(500), Duration.ofSeconds(10),
        Duration.ofSeconds(60));
    ExporterServer server = start(null, limits, () -> null);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      Instant start = Instant.now();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void withTlsASilentConnectionIsClosedHandshakeOrNotAndARequestIsServed() throws Exception {
    // the start deadline counts decrypted bytes: neither a bare TCP connection nor a finished handshake with no
    // request after it keeps the connection; HTTP/2 through ALPN stays on
    TestCertificates pki = TestCertificates.in(dir);
    HttpLimits limits = new HttpLimits(16 * 1024, 1024, 64, Duration.ofMillis(500), Duration.ofSeconds(10),
        Duration.ofSeconds(60));
    ExporterServer server = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"),
        limits, () -> null);
    try (Socket bare = new Socket("127.0.0.1", server.port())) {
      bare.setSoTimeout(10_000);
      assertThat(bare.getInputStream().read()).isEqualTo(-1);
    }
    try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) pki.client(null).getSocketFactory()
        .createSocket("localhost", server.port())) {
      tls.setSoTimeout(10_000);
      tls.startHandshake();
      int read;
      try {
        read = tls.getInputStream().read();
      } catch (javax.net.ssl.SSLException | java.net.SocketException closed) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    }
    // a real client's handshake can take longer than 500 ms on a loaded machine: at the shipped 10 s, through the
    // same deadline
    ExporterServer shipped = start(webConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"));
    HttpResponse<String> h2 = get(HttpClient.newBuilder().sslContext(pki.client(null)).build(),
        "https://localhost:" + shipped.port() + "/-/healthy", null, null);
    assertThat(h2.statusCode()).isEqualTo(200);
    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void aKeptAliveConnectionOutlivesTheStartTimeoutAndIsClosedAtTheKeepAliveOne() throws Exception {
    // Prometheus reuses its connection between scrapes: the short bound for a silent new connection must not cut
    // it, the keep-alive one does
    HttpLimits limits = new HttpLimits(16 * 1024, 1024, 64, Duration.ofMillis(300), Duration.ofSeconds(10),
        Duration.ofSeconds(2));
    ExporterServer server = start(null, limits, () -> null);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      assertThat(RawHttp.exchange(socket, "/-/healthy")).startsWith("HTTP/1.1 200").endsWith("Healthy.\n");
      Thread.sleep(1000); // over three times the start timeout, half the keep-alive one
      assertThat(RawHttp.exchange(socket, "/-/healthy")).startsWith("HTTP/1.1 200").endsWith("Healthy.\n");
      assertThat(socket.getInputStream().read()).isEqualTo(-1); // closed by the server, before the 10 s read timeout
    }
  }

  @Test
  void connectionsBeyondTheLimitWaitUntilOneCloses() throws Exception {
    HttpLimits limits = new HttpLimits(16 * 1024, 1024, 2, Duration.ofSeconds(60), Duration.ofSeconds(60),
        Duration.ofSeconds(60));
    ExporterServer server = start(null, limits, () -> null);
    String url = "http://127.0.0.1:" + server.port() + "/-/healthy";
    Socket first = new Socket("127.0.0.1", server.port());
    Socket second = new Socket("127.0.0.1", server.port());
    open.add(first);
    open.add(second);
    Thread.sleep(300); // let XNIO accept both
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    first.close();
    second.close();
    HttpRequest again = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    assertThat(HttpClient.newHttpClient().send(again, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void configuredHeadersAreSentAndFailuresShowNoStackTrace() throws Exception {
    ExporterServer server = start(webConfig("http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
        + "    Strict-Transport-Security: max-age=31536000\n    X-Content-Type-Options: nosniff\n"
        + "    Content-Security-Policy: default-src 'none'\n"), HttpLimits.DEFAULT, () -> {
          throw new IllegalStateException("secret internals");
        });
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> ok = get(client, "http://127.0.0.1:" + server.port() + "/-/healthy", null, null);
    assertThat(ok.headers().firstValue("X-Frame-Options")).hasValue("deny");
    assertThat(ok.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    assertThat(ok.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'none'");
    for (String path : List.of("/", "/report.json")) {
      HttpResponse<String> failed = get(client, "http://127.0.0.1:" + server.port() + path, null, null);
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).isEqualTo("Internal Server Error\n");
    }
  }

  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        return "closed while sending: " + e.getMessage();
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        int n = in.read(buffer);
        return n < 0 ? "closed" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        return "closed: " + e.getMessage();
      }
    }
  }
}
