package io.github.redismem.cli;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigCheck;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.metrics.BuildInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * {@code java -jar redis-memory-exporter.jar}: load the configuration, start the exporter, run until stopped; or,
 * with {@code analyze} as the first argument, run one pass and print its report ({@link AnalyzeCommand}).
 */
public final class Main {
  /** Exit code for bad configuration, as Prometheus exporters use it. */
  static final int CONFIG_ERROR = 2;
  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  /** How long a stop signal waits for analyze to print its partial report: a batch in flight ends by then. */
  private static final long STOP_GRACE_SECONDS = 30;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    smallNettyPools();
    if (args.length > 0 && args[0].equals("analyze")) {
      analyze(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
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
   * Runs {@code analyze}. Ctrl-C (SIGINT) or SIGTERM starts the JVM's shutdown, which runs the hook: it asks the
   * pass to stop and waits until the partial report is printed; the JVM then exits with 128 + the signal (130
   * for Ctrl-C). System.exit must not be called once shutdown has begun: it would block forever.
   */
  private static void analyze(String[] args) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch printed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        printed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "analyze-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = AnalyzeCommand.run(args, System.getenv(), System.out, System.err, stderrIsTerminal(), stop::get);
    printed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return;
    }
    System.exit(code);
  }

  /**
   * Whether stderr is a terminal, for analyze's progress bar. System.console() only says whether stdin and stdout
   * are, which is false for the common {@code analyze > report.txt}; on Linux /proc tells about stderr itself.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
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

  /**
   * A JVM given no heap cap sizes its heap from the machine's RAM (a quarter of it), and the exporter's RSS then
   * grows well past the 128 MiB it needs. The launcher script and the container image set the measured settings;
   * someone starting the jar by hand gets told how, once.
   */
  static Optional<String> footprintWarning(List<String> jvmArguments, long maxHeapBytes) {
    boolean capped = jvmArguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
        || a.startsWith("-XX:MaxRAM"));
    if (capped || maxHeapBytes <= 256L << 20) {
      return Optional.empty();
    }
    return Optional.of("started without a heap limit (the JVM chose " + (maxHeapBytes >> 20) + " MiB), so the "
        + "process can grow far past the ~100 MiB it needs; start it with bin/redis-memory-exporter (or "
        + "target/bin/redis-memory-exporter), which sets the measured JVM settings, or set JAVA_TOOL_OPTIONS as "
        + "the README shows");
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
      ConfigCheck.webConfig(config);
      if (cli.checkConfig()) {
        ConfigCheck.verifyFiles(config);
        out.print(ConfigCheck.summary(config));
        return new Launch(null, 0);
      }
    } catch (ConfigException e) {
      err.println("redis-memory-exporter: " + e.getMessage());
      return new Launch(null, CONFIG_ERROR);
    }
    LogSetup.configure(config.log(), err);
    footprintWarning(ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory())
        .ifPresent(LOG::warning);
    try {
      return new Launch(Exporter.start(config, build), 0);
    } catch (IllegalStateException e) {
      err.println("redis-memory-exporter: web.listenAddress: " + e.getMessage());
      return new Launch(null, CONFIG_ERROR);
    }
  }
}
