package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.config.AllocatorSettings;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.metrics.AllocatorCollector;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.metrics.InstanceFindingView;
import io.github.redismem.metrics.RedisMemoryCollector;
import io.github.redismem.metrics.SamplerCollector;
import io.github.redismem.metrics.SnapshotCollector;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.redis.ScheduledAllocatorReads;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One watched Redis and everything that watches it: the scrape's reader, the key sampler (or, with
 * {@code sampling.source: rdb}, the reader of its snapshots) and the allocator read (each optional), and the registry
 * their metrics are collected from. The Redis of /metrics is one; each target of /scrape is another.
 */
final class Monitored implements AutoCloseable {
  private final RedisSession session;
  private final MemoryStateReader reader;
  private final Optional<KeySampler> sampler;
  /** The snapshot reader of {@code sampling.source: rdb}, in the sampler's place. */
  private final Optional<SnapshotWatcher> snapshots;
  private final Optional<ScheduledAllocatorReads> allocator;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ReportBuilder reports;

  /**
   * Builds the readers and registers their collectors; {@link #start} starts the background work.
   *
   * @param session the connection settings and event loops of this Redis; closed with it
   * @param sampling this Redis's sampler settings (off: no sampler)
   * @param allocatorSettings how often MEMORY MALLOC-STATS is read (off: never)
   */
  Monitored(RedisSession session, ExporterConfig config, SamplingSettings sampling,
      AllocatorSettings allocatorSettings, BuildInfo build) {
    this(session, config, sampling, allocatorSettings, build, () -> { });
  }

  /** As above; {@code onDown} runs after each scrape-time read that finds Redis down. */
  Monitored(RedisSession session, ExporterConfig config, SamplingSettings sampling,
      AllocatorSettings allocatorSettings, BuildInfo build, Runnable onDown) {
    this.session = session;
    this.reader = new NoticingReader(session.memoryStateReader(), onDown);
    boolean fromSnapshot = sampling.source().rdb();
    // with the rdb source Redis is never asked about keys: the snapshot's reader takes the sampler's place
    this.sampler = sampling.enabled() && !fromSnapshot
        ? Optional.of(new KeySampler(session.nodeSelector(sampling.luaScripts(), sampling.readFrom()), sampling,
            config.thresholds()))
        : Optional.empty();
    this.snapshots = sampling.enabled() && fromSnapshot
        ? Optional.of(new SnapshotWatcher(sampling.source().rdbFile().orElseThrow(), sampling, config.thresholds()))
        : Optional.empty();
    registry.register(new RedisMemoryCollector(reader, build, List.of(new InstanceFindingView(
        () -> samplerStatus().flatMap(SamplerStatus::lastPass), config.instanceFindings()))));
    sampler.ifPresent(s -> registry.register(new SamplerCollector(s::status)));
    snapshots.ifPresent(s -> {
      registry.register(new SamplerCollector(s::status, sampling.source().kind().label()));
      registry.register(new SnapshotCollector(s::snapshot));
    });
    // MEMORY MALLOC-STATS is tens of KB: read on its own schedule, scrapes convert the last read
    this.allocator = allocatorSettings.enabled()
        ? Optional.of(new ScheduledAllocatorReads(session.allocatorReader(), allocatorSettings.interval()))
        : Optional.empty();
    allocator.ifPresent(a -> registry.register(new AllocatorCollector(a::read, Instant::now)));
    this.reports = new ReportBuilder(build.version(), reader.target(), config.instanceFindings());
  }

  void start() {
    sampler.ifPresent(KeySampler::start);
    snapshots.ifPresent(SnapshotWatcher::start);
    allocator.ifPresent(ScheduledAllocatorReads::start);
  }

  PrometheusRegistry registry() {
    return registry;
  }

  MemoryStateReader reader() {
    return reader;
  }

  Optional<KeySampler> sampler() {
    return sampler;
  }

  Optional<SnapshotWatcher> snapshots() {
    return snapshots;
  }

  /** The status of whichever samples this Redis: the key sampler, or the snapshot reader; empty when off. */
  Optional<SamplerStatus> samplerStatus() {
    return sampler.map(KeySampler::status).or(() -> snapshots.map(SnapshotWatcher::status));
  }

  /** A fresh report: reads Redis like a scrape does, through the same shared read, and never waits for the sampler. */
  Report report() {
    return reports.build(reader.read(), samplerStatus().orElse(ReportBuilder.SAMPLER_DISABLED),
        Instant.now(), false, allocator.map(ScheduledAllocatorReads::read))
        .withSnapshot(snapshots.flatMap(SnapshotWatcher::source));
  }

  @Override
  public void close() {
    sampler.ifPresent(KeySampler::close);
    snapshots.ifPresent(SnapshotWatcher::close);
    allocator.ifPresent(ScheduledAllocatorReads::close);
    reader.close();
    session.close();
  }
}
