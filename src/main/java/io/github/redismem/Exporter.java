package io.github.redismem;

import io.github.redismem.config.ExporterConfig;
import io.github.redismem.http.ExporterServer;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.metrics.RedisMemoryCollector;
import io.github.redismem.redis.LettuceMemoryStateReader;
import io.github.redismem.redis.MemoryStateReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running exporter: read Redis, convert, serve. Until Redis first answers, a background task keeps trying
 * so that /-/ready turns ready even before Prometheus scrapes.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Exporter.class.getName());
  private static final long WARM_UP_SECONDS = 5;

  private final MemoryStateReader reader;
  private final ExporterServer server;
  private final ScheduledExecutorService warmUp;

  private Exporter(MemoryStateReader reader, ExporterServer server, ScheduledExecutorService warmUp) {
    this.reader = reader;
    this.server = server;
    this.warmUp = warmUp;
  }

  /** Starts everything; throws {@link IllegalStateException} if the HTTP port cannot be bound. */
  public static Exporter start(ExporterConfig config, BuildInfo build) {
    MemoryStateReader reader = new LettuceMemoryStateReader(config.redis());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new RedisMemoryCollector(reader, build));
    ExporterServer server;
    try {
      server = new ExporterServer(config.web(), registry, reader::hasAnswered, build.version(), reader.target());
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    ScheduledExecutorService warmUp = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-warm-up");
      t.setDaemon(true);
      return t;
    });
    Exporter exporter = new Exporter(reader, server, warmUp);
    warmUp.scheduleWithFixedDelay(exporter::warmUp, 0, WARM_UP_SECONDS, TimeUnit.SECONDS);
    LOG.info(String.format("redis-memory-exporter %s (%s) serving %s on %s, watching %s", build.version(),
        build.revision(), config.web().telemetryPath(), config.web().listenAddress(), reader.target()));
    return exporter;
  }

  private void warmUp() {
    if (reader.hasAnswered() || reader.read().up()) {
      warmUp.shutdown();
    }
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    warmUp.shutdownNow();
    server.close();
    reader.close();
  }
}
