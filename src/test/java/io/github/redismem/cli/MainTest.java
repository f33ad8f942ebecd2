package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees from the command line before any Redis is involved. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path dir;

  private Main.Launch launch(Map<String, String> env, String... args) {
    return Main.launch(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEverySettingAsAFlag() {
    Main.Launch l = launch(Map.of(), "--help");
    assertThat(l.exitCode()).isZero();
    assertThat(l.exporter()).isNull();
    String help = out.toString(StandardCharsets.UTF_8);
    io.github.redismem.config.Setting.ALL.forEach(s -> assertThat(help).contains("--" + s.kebabPath()));
    assertThat(help).contains("REDIS_ADDR", "REDIS_PASSWORD_FILE", "--config.file");
    assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
  }

  @Test
  void helpAsAWordIsHelp() {
    assertThat(launch(Map.of(), "help").exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: redis-memory-exporter");
  }

  @Test
  void logfmtIsTheTextFormat() throws IOException {
    assertThat(launch(Map.of(), "--check-config", "--log.format=logfmt").exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("info, text");
  }

  @Test
  void configFileErrorsSayWhy() throws IOException {
    assertThat(launch(Map.of(), "--config.file=" + dir.resolve("missing.yml")).exitCode()).isEqualTo(2);
    assertThat(launch(Map.of(), "--config.file=" + dir).exitCode()).isEqualTo(2);
    assertThat(stderr().lines().toList()).containsExactly(
        "redis-memory-exporter: --config.file: cannot read " + dir.resolve("missing.yml") + ": no such file",
        "redis-memory-exporter: --config.file: cannot read " + dir + ": is a directory");
  }

  @Test
  void version() {
    assertThat(launch(Map.of(), "--version").exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("redis-memory-exporter ");
  }

  @Test
  void badDurationExitsTwoWithOneLine() {
    Main.Launch l = launch(Map.of(), "--redis.timeout=fast");
    assertThat(l.exitCode()).isEqualTo(2);
    assertThat(stderr().strip()).isEqualTo("redis-memory-exporter: --redis.timeout: expected a duration like 5s, "
        + "got \"fast\"");
  }

  @Test
  void unknownYamlKeyExitsTwo() throws IOException {
    Path file = dir.resolve("c.yml");
    Files.writeString(file, "web:\n  listen: :1\n");
    assertThat(launch(Map.of(), "--config.file=" + file).exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("web.listen: unknown setting");
  }

  @Test
  void badUrlExitsTwoWithoutShowingThePassword() {
    assertThat(launch(Map.of("REDIS_ADDR", "http://:hunter2@x:1")).exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("redis.addr: expected a URL").doesNotContain("hunter2");
  }

  @Test
  void unreadablePasswordFileExitsTwo() {
    assertThat(launch(Map.of("REDIS_PASSWORD_FILE", dir.resolve("missing").toString())).exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("redis.passwordFile: cannot read").contains("no such file");
  }

  @Test
  void checkConfigPrintsTheEffectiveSettingsWithoutSecretsAndStartsNothing() throws IOException {
    Path pw = Files.writeString(dir.resolve("pw"), "hunter2\n");
    Main.Launch l = launch(Map.of("REDIS_PASSWORD_FILE", pw.toString(), "REDIS_USER", "exporter"), "--check-config",
        "--redis.addr=redis://cache:6380/2", "--web.listen-address=:19200", "--sampling.sample-ratio=0.1");
    assertThat(l.exitCode()).isZero();
    assertThat(l.exporter()).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("configuration OK\n")
        .contains("redis.addr         redis://cache:6380/2\n", "redis.user         exporter\n",
            "redis.password     read from " + pw, "web.listenAddress  0.0.0.0:19200\n", "every 1m after a pass, 10% of keys")
        .doesNotContain("hunter2");
  }

  @Test
  void checkConfigRedactsAPasswordInTheAddress() {
    assertThat(launch(Map.of("REDIS_ADDR", "redis://u:hunter2@cache:6379"), "--check-config").exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("redis://u:<redacted>@cache:6379",
            "redis.password     in redis.addr (<redacted>)")
        .doesNotContain("hunter2");
  }

  @Test
  void checkConfigRefusesAnEmptyPasswordFileAndBadSettings() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThat(launch(Map.of("REDIS_PASSWORD_FILE", empty.toString()), "--check-config").exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("redis.passwordFile: " + empty + " is empty");
    assertThat(launch(Map.of(), "--check-config", "--sampling.sample-ratio=2").exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("--sampling.sample-ratio");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("configuration OK");
  }

  @Test
  void anUncappedHeapIsWarnedAboutOnce() {
    long gib6 = 6L << 30;
    assertThat(Main.footprintWarning(java.util.List.of("-Dx=y"), gib6)).get().asString()
        .contains("6144 MiB", "bin/redis-memory-exporter");
    assertThat(Main.footprintWarning(java.util.List.of("-XX:+UseSerialGC", "-Xmx32m"), 32L << 20)).isEmpty();
    assertThat(Main.footprintWarning(java.util.List.of("-XX:MaxRAMPercentage=50"), gib6)).isEmpty();
    assertThat(Main.footprintWarning(java.util.List.of(), 128L << 20)).isEmpty();
  }

  @Test
  void portInUseExitsTwoNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Main.Launch l = launch(Map.of(), "--web.listen-address=127.0.0.1:" + taken.getLocalPort(),
          "--redis.addr=redis://127.0.0.1:1", "--log.level=error");
      assertThat(l.exitCode()).isEqualTo(2);
      assertThat(l.exporter()).isNull();
      assertThat(stderr()).contains("web.listenAddress: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void jsonLogsAreOneObjectPerLine() throws IOException {
    Main.Launch l = launch(Map.of(), "--web.listen-address=127.0.0.1:0", "--redis.addr=redis://127.0.0.1:1",
        "--log.format=json");
    try (Exporter exporter = l.exporter()) {
      assertThat(exporter).isNotNull();
    }
    String[] lines = stderr().strip().split("\n");
    assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("{\"time\":\"") && line.endsWith("}"));
    assertThat(stderr()).contains("\"level\":\"info\"", "serving /metrics");
  }

  @Test
  void anRdbSourceWithoutItsFileIsAConfigError() {
    assertThat(launch(Map.of(), "--sampling.source=rdb").exitCode()).isEqualTo(2);
    assertThat(stderr()).contains("--sampling.source", "sampling.rdbFile is not set");
  }
}
