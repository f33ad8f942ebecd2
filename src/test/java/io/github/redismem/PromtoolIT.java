package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.github.redismem.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code promtool check metrics} (Debian's prometheus package) finds nothing to say about a real scrape. CI
 * installs promtool and sets CI=true, where its absence fails the test; elsewhere the test is skipped, saying so.
 */
class PromtoolIT {

  static Path promtool() {
    return ServiceProcess.installedExecutable("PROMTOOL", "apt-get install prometheus", "promtool");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"redis-6.2", "redis-7.0", "redis-7.4", "redis-8.2",
      "valkey-8.0"})
  void everyGoldenExpositionPassesPromtool(String sample) throws Exception {
    String body = Files.readString(Path.of("src/test/resources/golden", sample + ".prom"));
    assertThat(check(promtool(), body)).as("promtool output").isBlank();
  }

  static String check(Path promtool, String body) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @RedisTest
  void aRealScrapePassesPromtool(RedisBinary binary) throws Exception {
    Path promtool = promtool();
    try (RedisServer redis = binary.start("maxmemory 64mb"); Exporter exporter = RunningExporter.against(redis)) {
      redis.admin().set("a", "1");
      redis.admin().hset("h", "f", "v");
      String body = Scrape.get(exporter.port(), "/metrics").body();
      assertThat(body).contains("redismem_up 1");
      assertThat(check(promtool, body)).as("promtool output").isBlank();
    }
  }
}
