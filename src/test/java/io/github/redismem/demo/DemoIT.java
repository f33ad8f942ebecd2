package io.github.redismem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's start-up path, as {@code ./mvnw -Pdemo} runs it, and its clean-up. */
class DemoIT {

  @Test
  void startsRedisAndTheExporterPrintsTheReportAndCleansUp() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Path redisDir;
    try (Demo demo = Demo.start(0, out)) {
      assertThat(demo.url()).isEqualTo("http://localhost:" + demo.port() + "/");
      HttpResponse<String> page = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      demo.printReport(out, Duration.ofSeconds(90));
      redisDir = demo.redis().logFile().getParent();
      assertThat(redisDir).exists();
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("demo: starting Redis", "report at http://localhost:", "Findings",
        "big_key", "hash_hashtable_under_limit", "small_strings_groupable", "string_json_blob");
    assertThat(redisDir).doesNotExist();
  }

  @Test
  void takesAnotherPortWhenTheDefaultIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(Demo.exporterPort(taken.getLocalPort())).isZero();
    }
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    assertThat(Demo.exporterPort(free)).isEqualTo(free);
    assertThat(Files.exists(Path.of("pom.xml"))).as("runs from the project directory").isTrue();
  }
}
