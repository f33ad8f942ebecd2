package io.github.redismem.metrics;

import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads Redis at each scrape and converts what it read, then adds the {@link StateView}s of that same read.
 * Concurrent scrapes may share one read (see {@code SharedReads}); the only state kept between scrapes is the error
 * counters.
 */
public final class RedisMemoryCollector implements MultiCollector {
  private final MemoryStateReader reader;
  private final MemoryStateConverter converter;
  private final List<StateView> views;
  private final Map<RedisCommand, LongAdder> errors = new EnumMap<>(RedisCommand.class);
  /** The last read whose failures were counted: scrapes sharing one read must count its failures once. */
  private final AtomicReference<MemoryState> counted = new AtomicReference<>();
  /**
   * The last conversion: scrapes that share a read get the same snapshot objects, which lets the HTTP layer reuse
   * their rendering (see {@code RenderedFamilies}).
   */
  private final AtomicReference<Converted> last = new AtomicReference<>();

  private record Converted(MemoryState state, Map<RedisCommand, Long> counts, MetricSnapshots snapshots) {}

  public RedisMemoryCollector(MemoryStateReader reader, BuildInfo build) {
    this(reader, build, List.of());
  }

  /** @param views further conversions of each read, added to the collector's own families */
  public RedisMemoryCollector(MemoryStateReader reader, BuildInfo build, List<StateView> views) {
    this.reader = reader;
    this.converter = new MemoryStateConverter(build);
    this.views = List.copyOf(views);
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
    MetricSnapshots snapshots;
    if (cached != null && cached.state() == state && cached.counts().equals(counts)) {
      snapshots = cached.snapshots();
    } else {
      snapshots = converter.convert(state, counts);
      last.set(new Converted(state, counts, snapshots));
    }
    return views.isEmpty() ? snapshots : withViews(snapshots, state);
  }

  private MetricSnapshots withViews(MetricSnapshots own, MemoryState state) {
    List<MetricSnapshot> all = new ArrayList<>();
    own.forEach(all::add);
    views.forEach(v -> v.convert(state).forEach(all::add));
    return new MetricSnapshots(all);
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return families().stream().map(MetricFamily::descriptor).toList();
  }

  @Override
  public List<String> getPrometheusNames() {
    return families().stream().map(f -> f.metadata().getPrometheusName()).toList();
  }

  private List<MetricFamily> families() {
    List<MetricFamily> all = new ArrayList<>(MetricCatalog.scrape());
    views.forEach(v -> all.addAll(v.families()));
    return all;
  }
}
