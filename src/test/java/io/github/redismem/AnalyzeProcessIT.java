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
      analyze.destroy();
      assertThat(analyze.waitFor(40, TimeUnit.SECONDS)).as(read("err")).isTrue();
      assertThat(analyze.exitValue()).as(read("err")).isEqualTo(128 + 15);
      Object doc = Json.parse(read("out"));
      assertThat(at(doc, "partial")).isEqualTo(true);
      assertThat((Double) at(doc, "analysis", "keys_inspected")).isPositive().isLessThan(keys);
      assertThat(read("err")).contains("stopped after");
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
