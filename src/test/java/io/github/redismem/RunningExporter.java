package io.github.redismem;

import io.github.redismem.cli.Exporter;
import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the real exporter in this JVM on a free port against a test Redis. */
final class RunningExporter {
  private RunningExporter() {}

  /**
   * Starts the exporter and waits until its start-up read of Redis is over, so that a test's own writes are not
   * raced by that read (a scrape arriving during a read shares it).
   */
  static Exporter against(RedisServer redis, String... flags) {
    Exporter exporter = start(redis.uri(), flags);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Scrape.get(exporter.port(), "/-/ready").status() != 200) {
      if (System.nanoTime() > deadline) {
        exporter.close();
        throw new AssertionError("exporter not ready within 10 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return exporter;
  }

  static Exporter start(String redisAddr, String... flags) {
    List<String> args = new ArrayList<>(List.of("--redis.addr=" + redisAddr, "--web.listen-address=127.0.0.1:0",
        "--redis.timeout=2s"));
    args.addAll(List.of(flags));
    try {
      return Exporter.start(ConfigLoader.load(CommandLine.parse(args.toArray(String[]::new)), Map.of()),
          new BuildInfo("test", "test"));
    } catch (io.github.redismem.config.ConfigException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
