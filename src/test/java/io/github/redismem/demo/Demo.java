package io.github.redismem.demo;

import io.github.redismem.cli.Exporter;
import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportBuilder;
import io.github.redismem.report.ReportText;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a throwaway Redis (a {@code redis-server} on the PATH, else the Redis 6.2 binary the tests use), fills it
 * with {@link KeyspaceDataset#standard}, which shows every finding, starts the exporter against it, prints the
 * report URL and a short text report once the first pass is done, and runs until Ctrl-C, which stops the Redis and
 * deletes its directory. {@code --port=N} picks the exporter's port (default 19121, a free one if that is taken;
 * 0 for any).
 */
public final class Demo implements AutoCloseable {
  static final int DEFAULT_PORT = 19121;
  private static final Duration FIRST_PASS_TIMEOUT = Duration.ofSeconds(120);
  private static final long DATASET_SEED = 5;

  private final RedisServer redis;
  private final Exporter exporter;
  private final String url;

  private Demo(RedisServer redis, Exporter exporter) {
    this.redis = redis;
    this.exporter = exporter;
    this.url = "http://localhost:" + exporter.port() + "/";
  }

  public static void main(String[] args) throws InterruptedException {
    // the exporter's INFO lines (Undertow, XNIO, "Redis answers") would bury the report in the terminal
    Logger.getLogger("").setLevel(Level.WARNING);
    int port = DEFAULT_PORT;
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        port = Integer.parseInt(arg.substring("--port=".length()));
      }
    }
    Demo demo;
    try {
      demo = start(port, System.out);
    } catch (RuntimeException e) {
      System.err.println("demo: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      System.out.println("demo: stopped the exporter and the Redis, removed its directory");
      stopped.countDown();
    }, "demo-cleanup"));
    demo.printReport(System.out, FIRST_PASS_TIMEOUT);
    System.out.println("\ndemo: running; open " + demo.url() + " (Ctrl-C stops everything and cleans up)");
    stopped.await();
  }

  /** Starts Redis, fills it and starts the exporter; on any failure, stops what was started. */
  static Demo start(int port, PrintStream out) {
    RedisBinary binary = RedisBinaries.system().or(RedisBinaries::embedded).orElseThrow(() ->
        new IllegalStateException("no redis-server on the PATH, and the embedded Redis 6.2 binary only runs on "
            + "linux-amd64: install Redis (apt-get install redis-server, brew install redis)"));
    out.printf("demo: starting Redis %s (%s)%n", binary.version(),
        binary.label().equals("system") ? "redis-server on the PATH" : "the tests' embedded binary");
    RedisServer redis = binary.start();
    try {
      out.println("demo: writing a dataset that shows every finding to " + redis.uri());
      KeyspaceDataset.Truth truth = KeyspaceDataset.standard(redis, DATASET_SEED);
      out.printf("demo: %,d keys written%n", truth.keys().size());
      Exporter exporter = Exporter.start(config(redis.uri(), exporterPort(port)), BuildInfo.load());
      Demo demo = new Demo(redis, exporter);
      out.println("demo: exporter watching " + redis.uri() + ", report at " + demo.url()
          + " (metrics at " + demo.url() + "metrics)");
      return demo;
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** The settings of the demo's exporter: quick passes, and big_key at 1 MiB so the dataset's big key shows. */
  static ExporterConfig config(String redisUri, int port) {
    try {
      return ConfigLoader.load(CommandLine.parse("--redis.addr=" + redisUri,
          "--web.listen-address=127.0.0.1:" + port, "--sampling.interval=15s",
          "--sampling.maxRedisTimeRatio=0.5", "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES,
          "--log.level=warn"), Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The requested port when it is free (or 0), else any free one. */
  static int exporterPort(int wanted) {
    if (wanted == 0) {
      return 0;
    }
    try (ServerSocket probe = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
      return wanted;
    } catch (IOException taken) {
      return 0;
    }
  }

  /** Waits for the sampler's first pass, then prints the short text report. */
  void printReport(PrintStream out, Duration timeout) throws InterruptedException {
    KeySampler sampler = exporter.sampler().orElseThrow();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (sampler.status().lastPass().isEmpty()) {
      if (System.nanoTime() > deadline) {
        out.println("demo: the first pass did not finish within " + timeout + "; the page shows its progress");
        return;
      }
      Thread.sleep(100);
    }
    out.println();
    out.print(ReportText.summary(report(sampler.status())));
  }

  /** The report as the exporter sees Redis now. */
  Report report(SamplerStatus status) {
    try (RedisSession session = new RedisSession(config(redis.uri(), 0).redis());
        MemoryStateReader reader = session.memoryStateReader()) {
      return new ReportBuilder(BuildInfo.load().version(), reader.target()).build(reader.read(), status,
          Instant.now(), false);
    }
  }

  String url() {
    return url;
  }

  int port() {
    return exporter.port();
  }

  Exporter exporter() {
    return exporter;
  }

  RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    try {
      exporter.close();
    } finally {
      redis.close();
    }
  }
}
