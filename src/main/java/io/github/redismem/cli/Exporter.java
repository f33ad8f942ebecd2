package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.http.ExporterServer;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.RedisSession;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running exporter: read Redis at each scrape, sample keys in the background, serve. Until Redis first answers,
 * a background task keeps trying so that /-/ready turns ready even before Prometheus scrapes.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Exporter.class.getName());
  private static final long WARM_UP_SECONDS = 5;

  private final Monitored main;
  private final TargetPool targets;
  private final ExporterServer server;
  private final ScheduledExecutorService warmUp;

  private Exporter(Monitored main, TargetPool targets, ExporterServer server, ScheduledExecutorService warmUp) {
    this.main = main;
    this.targets = targets;
    this.server = server;
    this.warmUp = warmUp;
  }

  /** Starts everything; throws {@link IllegalStateException} if the HTTP port cannot be bound. */
  public static Exporter start(ExporterConfig config, BuildInfo build) {
    RedisSession session = new RedisSession(config.redis());
    Monitored main = new Monitored(session, config, config.sampling(), config.allocator(), build);
    TargetPool targets = new TargetPool(session, main, config, build);
    ExporterServer server;
    try {
      server = new ExporterServer(config.web(), main.registry(), main.reader()::hasAnswered, main::report, targets);
    } catch (RuntimeException e) {
      targets.close();
      main.close();
      throw e;
    }
    ScheduledExecutorService warmUp = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-warm-up");
      t.setDaemon(true);
      return t;
    });
    Exporter exporter = new Exporter(main, targets, server, warmUp);
    warmUp.scheduleWithFixedDelay(exporter::warmUp, 0, WARM_UP_SECONDS, TimeUnit.SECONDS);
    main.start();
    targets.start();
    LOG.info(String.format("redis-memory-exporter %s (%s) serving %s on %s, watching %s; key sampler %s",
        build.version(), build.revision(), config.web().telemetryPath(), config.web().listenAddress(),
        main.reader().target(), main.sampler().isPresent() ? "on" : "off"));
    return exporter;
  }

  private void warmUp() {
    if (main.reader().hasAnswered() || main.reader().read().up()) {
      warmUp.shutdown();
    }
  }

  public int port() {
    return server.port();
  }

  /** The key sampler of redis.addr, when enabled. */
  public Optional<KeySampler> sampler() {
    return main.sampler();
  }

  @Override
  public void close() {
    warmUp.shutdownNow();
    server.close();
    targets.close();
    main.close();
  }
}
