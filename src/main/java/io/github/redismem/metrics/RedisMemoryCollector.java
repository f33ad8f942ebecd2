package io.github.redismem.metrics;

import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads Redis at each scrape and converts what it read. Concurrent scrapes may share one read (see
 * {@code SharedReads}); the only state kept between scrapes is the error counters.
 */
public final class RedisMemoryCollector implements MultiCollector {
  private final MemoryStateReader reader;
  private final MemoryStateConverter converter;
  private final Map<RedisCommand, LongAdder> errors = new EnumMap<>(RedisCommand.class);
  /** The last read whose failures were counted: scrapes sharing one read must count its failures once. */
  private final java.util.concurrent.atomic.AtomicReference<MemoryState> counted =
      new java.util.concurrent.atomic.AtomicReference<>();
  /**
   * The last conversion: scrapes that share a read get the same snapshot objects, which lets the HTTP layer reuse
   * their rendering (see {@code RenderedFamilies}).
   */
  private final java.util.concurrent.atomic.AtomicReference<Converted> last =
      new java.util.concurrent.atomic.AtomicReference<>();

  private record Converted(MemoryState state, Map<RedisCommand, Long> counts, MetricSnapshots snapshots) {}

  public RedisMemoryCollector(MemoryStateReader reader, BuildInfo build) {
    this.reader = reader;
    this.converter = new MemoryStateConverter(build);
    for (RedisCommand c : RedisCommand.values()) {
      errors.put(c, new LongAdder());
    }
  }

  @Override
  public MetricSnapshots collect() {
    MemoryState state = reader.read();
    MemoryState previous = counted.get();
    if (previous != state && counted.compareAndSet(previous, state)) {
      state.failed().forEach(c -> errors.get(c).increment());
    }
    Map<RedisCommand, Long> counts = new EnumMap<>(RedisCommand.class);
    errors.forEach((c, n) -> counts.put(c, n.sum()));
    Converted cached = last.get();
    if (cached != null && cached.state() == state && cached.counts().equals(counts)) {
      return cached.snapshots();
    }
    MetricSnapshots snapshots = converter.convert(state, counts);
    last.set(new Converted(state, counts, snapshots));
    return snapshots;
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return MetricCatalog.scrape().stream().map(MetricFamily::descriptor).toList();
  }

  @Override
  public List<String> getPrometheusNames() {
    return MetricCatalog.scrape().stream().map(f -> f.metadata().getPrometheusName()).toList();
  }
}
