package io.github.redismem;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.metrics.BuildInfo;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar redis-memory-exporter.jar}: load the configuration, start the exporter, run until stopped. */
public final class Main {
  /** Exit code for bad configuration, as Prometheus exporters use it. */
  static final int CONFIG_ERROR = 2;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    smallNettyPools();
    Launch launch = launch(args, System.getenv(), System.out, System.err);
    if (launch.exporter() == null) {
      System.exit(launch.exitCode());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      launch.exporter().close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  /**
   * Netty sizes its buffer pools for servers moving gigabytes (arenas per core, 16 MiB chunks); the exporter's
   * replies are kilobytes. One small arena keeps the process's memory flat. Explicit -D settings still win.
   */
  static void smallNettyPools() {
    Map.of("io.netty.allocator.numDirectArenas", "1", "io.netty.allocator.numHeapArenas", "1",
        "io.netty.allocator.maxOrder", "7").forEach((k, v) -> {
          if (System.getProperty(k) == null) {
            System.setProperty(k, v);
          }
        });
  }

  /** A started exporter, or the exit code to leave with when there is none (help, version, bad config). */
  record Launch(Exporter exporter, int exitCode) {}

  static Launch launch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    BuildInfo build = BuildInfo.load();
    ExporterConfig config;
    try {
      CommandLine cli = CommandLine.parse(args);
      if (cli.help()) {
        out.print(CommandLine.usage(build.version()));
        return new Launch(null, 0);
      }
      if (cli.version()) {
        out.println("redis-memory-exporter " + build.version() + " (revision " + build.revision() + ")");
        return new Launch(null, 0);
      }
      config = ConfigLoader.load(cli, env);
    } catch (ConfigException e) {
      err.println("redis-memory-exporter: " + e.getMessage());
      return new Launch(null, CONFIG_ERROR);
    }
    LogSetup.configure(config.log(), err);
    try {
      return new Launch(Exporter.start(config, build), 0);
    } catch (IllegalStateException e) {
      err.println("redis-memory-exporter: web.listenAddress: " + e.getMessage());
      return new Launch(null, CONFIG_ERROR);
    }
  }
}
