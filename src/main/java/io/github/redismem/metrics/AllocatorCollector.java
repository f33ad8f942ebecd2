package io.github.redismem.metrics;

import static io.github.redismem.metrics.AllocatorCatalog.*;

import io.github.redismem.analysis.DefragVerdict;
import io.github.redismem.analysis.SizeClassRange;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.MallocStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the latest allocator read into snapshots. It never reads Redis: the read happens on its own schedule
 * ({@code ScheduledAllocatorReads}) and a scrape only converts the result it finds.
 */
public final class AllocatorCollector implements MultiCollector {
  private final Supplier<AllocatorStats> latest;
  private final Supplier<Instant> clock;

  public AllocatorCollector(Supplier<AllocatorStats> latest, Supplier<Instant> clock) {
    this.latest = latest;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    return convert(latest.get(), clock.get());
  }

  static MetricSnapshots convert(AllocatorStats read, Instant now) {
    SnapshotSink sink = new SnapshotSink();
    sink.add(AVAILABLE, read.stats().isPresent() ? 1 : 0);
    read.readAt().ifPresent(at -> {
      sink.add(AGE, Math.max(0, Duration.between(at, now).toMillis() / 1000.0));
      sink.add(READ_DURATION, read.took().toNanos() / 1e9);
      sink.add(REPLY_BYTES, read.replyBytes());
    });
    read.stats().ifPresent(s -> stats(sink, s));
    return sink.build(ALL);
  }

  private static void stats(SnapshotSink sink, MallocStats s) {
    sink.add(BYTES, s.allocated(), "allocated");
    sink.add(BYTES, s.active(), "active");
    sink.add(BYTES, s.metadata(), "metadata");
    sink.add(BYTES, s.resident(), "resident");
    sink.add(BYTES, s.mapped(), "mapped");
    sink.add(BYTES, s.retained(), "retained");
    for (SizeClassRange.Totals t : SizeClassRange.totals(s)) {
      sink.add(SIZE_CLASS_ACTIVE, t.activeBytes(), t.range().label());
      sink.add(SIZE_CLASS_WASTED, t.wastedBytes(), t.range().label());
    }
    sink.add(RECLAIMABLE, DefragVerdict.reclaimable(s));
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return ALL.stream().map(MetricFamily::descriptor).toList();
  }

  @Override
  public List<String> getPrometheusNames() {
    return ALL.stream().map(f -> f.metadata().getPrometheusName()).toList();
  }
}
