package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.http.ExporterServer;
import io.github.redismem.metrics.AllocatorCollector;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.metrics.InstanceFindingView;
import io.github.redismem.metrics.RedisMemoryCollector;
import io.github.redismem.metrics.SamplerCollector;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.redis.ScheduledAllocatorReads;
import io.github.redismem.report.ReportBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
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

  private final RedisSession session;
  private final MemoryStateReader reader;
  private final Optional<KeySampler> sampler;
  private final ExporterServer server;
  private final ScheduledExecutorService warmUp;
  private final Optional<ScheduledAllocatorReads> allocator;

  private Exporter(RedisSession session, MemoryStateReader reader, Optional<KeySampler> sampler,
      ExporterServer server, ScheduledExecutorService warmUp, Optional<ScheduledAllocatorReads> allocator) {
    this.allocator = allocator;
    this.session = session;
    this.reader = reader;
    this.sampler = sampler;
    this.server = server;
    this.warmUp = warmUp;
  }

  /** Starts everything; throws {@link IllegalStateException} if the HTTP port cannot be bound. */
  public static Exporter start(ExporterConfig config, BuildInfo build) {
    RedisSession session = new RedisSession(config.redis());
    MemoryStateReader reader = session.memoryStateReader();
    PrometheusRegistry registry = new PrometheusRegistry();
    Optional<KeySampler> sampler = config.sampling().enabled()
        ? Optional.of(new KeySampler(session.nodeSelector(config.sampling().luaScripts(),
            config.sampling().readFrom()), config.sampling(), config.thresholds()))
        : Optional.empty();
    registry.register(new RedisMemoryCollector(reader, build, List.of(new InstanceFindingView(
        () -> sampler.flatMap(s -> s.status().lastPass()), config.instanceFindings()))));
    sampler.ifPresent(s -> registry.register(new SamplerCollector(s::status)));
    // MEMORY MALLOC-STATS is tens of KB: read on its own schedule, scrapes convert the last read
    Optional<ScheduledAllocatorReads> allocator = config.allocator().enabled()
        ? Optional.of(new ScheduledAllocatorReads(session.allocatorReader(), config.allocator().interval()))
        : Optional.empty();
    allocator.ifPresent(a -> registry.register(new AllocatorCollector(a::read, Instant::now)));
    ReportBuilder reports = new ReportBuilder(build.version(), reader.target(), config.instanceFindings());
    ExporterServer server;
    try {
      // the page reads Redis like a scrape does, through the same shared read, and never waits for the sampler
      server = new ExporterServer(config.web(), registry, reader::hasAnswered, () -> reports.build(reader.read(),
          sampler.map(KeySampler::status).orElse(ReportBuilder.SAMPLER_DISABLED), Instant.now(), false,
          allocator.map(ScheduledAllocatorReads::read)));
    } catch (RuntimeException e) {
      sampler.ifPresent(KeySampler::close);
      allocator.ifPresent(ScheduledAllocatorReads::close);
      reader.close();
      session.close();
      throw e;
    }
    ScheduledExecutorService warmUp = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-warm-up");
      t.setDaemon(true);
      return t;
    });
    Exporter exporter = new Exporter(session, reader, sampler, server, warmUp, allocator);
    warmUp.scheduleWithFixedDelay(exporter::warmUp, 0, WARM_UP_SECONDS, TimeUnit.SECONDS);
    sampler.ifPresent(KeySampler::start);
    allocator.ifPresent(ScheduledAllocatorReads::start);
    LOG.info(String.format("redis-memory-exporter %s (%s) serving %s on %s, watching %s; key sampler %s",
        build.version(), build.revision(), config.web().telemetryPath(), config.web().listenAddress(),
        reader.target(), sampler.isPresent() ? "on" : "off"));
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

  /** The key sampler, when enabled. */
  public Optional<KeySampler> sampler() {
    return sampler;
  }

  @Override
  public void close() {
    warmUp.shutdownNow();
    server.close();
    sampler.ifPresent(KeySampler::close);
    allocator.ifPresent(ScheduledAllocatorReads::close);
    reader.close();
    session.close();
  }
}
