package io.github.redismem;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar redis-memory-exporter.jar analyze} as a user runs it, in a JVM of its own: stopped by a signal,
 * and against a Redis that is not there. Failsafe runs after {@code package}, so the jar exists.
 */
class AnalyzeProcessIT {
  private static final Path JAR = Path.of("target/redis-memory-exporter.jar");

  @TempDir
  Path dir;

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "analyze"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).start();
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  /**
   * SIGTERM rather than SIGINT: a JVM started from a non-interactive shell in the background inherits SIGINT
   * ignored and never sees it, while both signals take the same path (the shutdown hook) when handled.
   */
  @RedisTest
  void aSignalStopsThePassAndThePartialReportIsPrinted(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      int keys = KeyspaceDataset.standard(redis, 11).keys().size();
      Process analyze = start("--redis.addr=" + redis.uri(), "--format=json", "--sampling.maxKeysPerSecond=500");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!read("err").contains("keys, at most") && System.nanoTime() < deadline && analyze.isAlive()) {
        Thread.sleep(50);
      }
      Thread.sleep(1500); // some batches in: about 750 of the ~6,200 keys
      long signalled = System.nanoTime();
      analyze.destroy();
      assertThat(analyze.waitFor(40, TimeUnit.SECONDS)).as(read("err")).isTrue();
      // the promise: out within 5 s of SIGTERM, mid-pass, the report printed
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
      assertThat(analyze.exitValue()).as(read("err")).isEqualTo(128 + 15);
      Object doc = Json.parse(read("out"));
      assertThat(at(doc, "partial")).isEqualTo(true);
      assertThat((Double) at(doc, "analysis", "keys_inspected")).isPositive().isLessThan(keys);
      assertThat(read("err")).contains("stopped after");
    }
  }

  /** The daemon, SIGTERM mid-pass: it stops within 5 s, its sampler and connections closed. */
  @RedisTest
  void theDaemonStopsWithinFiveSecondsOfSigtermMidPass(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      KeyspaceDataset.standard(redis, 11);
      int port;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-jar", JAR.toString(), "--redis.addr=" + redis.uri(), "--web.listen-address=127.0.0.1:" + port,
          "--sampling.max-keys-per-second=500", "--sampling.interval=1s"));
      Process daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
          .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && daemon.isAlive() && keysInspected(port) < 200) {
          Thread.sleep(100);
        }
        assertThat(Scrape.get(port, "/metrics").require("redismem_scan_pass_progress_ratio")).as(read("log"))
            .isBetween(0.0, 0.9); // mid-pass
        long signalled = System.nanoTime();
        daemon.destroy();
        assertThat(daemon.waitFor(40, TimeUnit.SECONDS)).as(read("log")).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as(read("log"))
            .isLessThan(Duration.ofSeconds(5));
        assertThat(daemon.exitValue()).isEqualTo(128 + 15);
        // every connection the exporter had open to Redis is gone: the test's own is the one left
        io.github.redismem.testing.LoopbackCluster.await("the exporter's connections closed", () ->
            redis.admin().clientList().lines().count() == 1);
      } finally {
        daemon.destroyForcibly();
      }
    }
  }

  /** The sampler's keys so far; 0 while the daemon does not listen yet. */
  private static double keysInspected(int port) {
    try {
      return Scrape.get(port, "/metrics").value("redismem_scan_keys_total").orElse(0.0);
    } catch (java.io.UncheckedIOException e) {
      return 0;
    }
  }

  @Test
  void anUnreachableRedisExitsTwoWithOneLineNamingItWithoutThePassword() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Process analyze = start("--redis.addr=redis://:hunter2@127.0.0.1:" + port, "--redis.timeout=2s");
    assertThat(analyze.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(analyze.exitValue()).isEqualTo(2);
    assertThat(read("err").strip()).isEqualTo("redis-memory-exporter analyze: cannot reach Redis at "
        + "redis://:<redacted>@127.0.0.1:" + port + ": Connection refused");
    assertThat(read("out")).isEmpty();
  }
}
