package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.RedisUriText;
import io.github.redismem.http.DiscoveredNodes;
import io.github.redismem.http.ExporterServer;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.MemoryStateReader;
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

  /** redis.addr's; empty in a cluster, where /metrics is the cluster's ({@link ClusterWide}). */
  private final Optional<Monitored> main;
  private final RedisSession session;
  private final TargetPool targets;
  private final Optional<ClusterNodes> cluster;
  private final ExporterServer server;
  private final ScheduledExecutorService warmUp;

  private Exporter(Optional<Monitored> main, RedisSession session, TargetPool targets,
      Optional<ClusterNodes> cluster, ExporterServer server, ScheduledExecutorService warmUp) {
    this.main = main;
    this.session = session;
    this.targets = targets;
    this.cluster = cluster;
    this.server = server;
    this.warmUp = warmUp;
  }

  /** Starts everything; throws {@link IllegalStateException} if the HTTP port cannot be bound. */
  public static Exporter start(ExporterConfig config, BuildInfo build) {
    RedisSession session = new RedisSession(config.redis());
    // in a cluster, redis.addr is a seed: /metrics is the cluster as one, each node a /scrape target, and each
    // shard sampled once by the node ClusterNodes chooses; redis.addr is not read apart from its node
    boolean clustered = config.redis().cluster();
    Optional<Monitored> main = clustered ? Optional.empty()
        : Optional.of(new Monitored(session, config, config.sampling(), config.allocator(), build));
    TargetPool targets = new TargetPool(session, main, config, build);
    Optional<ClusterNodes> cluster = clustered
        ? Optional.of(new ClusterNodes(session, config, build, targets)) : Optional.empty();
    ExporterServer server;
    try {
      server = cluster.isPresent()
          ? new ExporterServer(config.web(), cluster.get().wide().registry(), cluster.get().wide()::hasAnswered,
              cluster.get().wide()::report, cluster.get(), cluster.get())
          : new ExporterServer(config.web(), main.get().registry(), main.get().reader()::hasAnswered,
              main.get()::report, targets, DiscoveredNodes.NONE);
    } catch (RuntimeException e) {
      cluster.ifPresent(ClusterNodes::close);
      targets.close();
      main.ifPresentOrElse(Monitored::close, session::close);
      throw e;
    }
    ScheduledExecutorService warmUp = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-warm-up");
      t.setDaemon(true);
      return t;
    });
    Exporter exporter = new Exporter(main, session, targets, cluster, server, warmUp);
    if (main.isPresent()) {
      warmUp.scheduleWithFixedDelay(exporter::warmUp, 0, WARM_UP_SECONDS, TimeUnit.SECONDS);
    }
    main.ifPresent(Monitored::start);
    targets.start();
    cluster.ifPresent(ClusterNodes::start);
    LOG.info(String.format("redis-memory-exporter %s (%s) serving %s on %s, watching %s; key sampler %s",
        build.version(), build.revision(), config.web().telemetryPath(), config.web().listenAddress(),
        main.map(m -> m.reader().target()).orElse("the cluster of " + RedisUriText.redact(config.redis().addr())),
        main.map(m -> m.sampler().isPresent() ? "on"
            : m.snapshots().map(w -> "off, reading the " + w).orElse("off")).orElse(config.sampling().enabled()
            ? "one per shard" : "off")));
    return exporter;
  }

  private void warmUp() {
    MemoryStateReader reader = main.orElseThrow().reader();
    if (reader.hasAnswered() || reader.read().up()) {
      warmUp.shutdown();
    }
  }

  public int port() {
    return server.port();
  }

  /** The addresses of the cluster nodes that sample their shard now (redis.cluster), else none. */
  public java.util.Set<String> clusterSamplers() {
    return cluster.map(ClusterNodes::samplingNodes).orElse(java.util.Set.of());
  }

  /** The key sampler of redis.addr, when enabled. */
  public Optional<KeySampler> sampler() {
    return main.flatMap(Monitored::sampler);
  }

  @Override
  public void close() {
    warmUp.shutdownNow();
    server.close();
    cluster.ifPresent(ClusterNodes::close);
    targets.close();
    main.ifPresentOrElse(Monitored::close, session::close);
  }
}
