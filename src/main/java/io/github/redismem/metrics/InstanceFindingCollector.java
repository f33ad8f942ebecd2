package io.github.redismem.metrics;

import io.github.redismem.analysis.InstanceFindingDetector;
import io.github.redismem.analysis.InstanceFindingResult;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exposes the instance findings of the memory state this scrape read (registered after
 * {@link RedisMemoryCollector}, it reads the state that collector just read, see {@code LatestRead}) and the last
 * pass. Nothing is exposed while Redis does not answer, like the other INFO-based metrics.
 */
public final class InstanceFindingCollector implements MultiCollector {
  private final Supplier<MemoryState> state;
  private final Supplier<Optional<PassResult>> lastPass;
  private final InstanceFindingSettings settings;

  public InstanceFindingCollector(Supplier<MemoryState> state, Supplier<Optional<PassResult>> lastPass,
      InstanceFindingSettings settings) {
    this.state = state;
    this.lastPass = lastPass;
    this.settings = settings;
  }

  @Override
  public MetricSnapshots collect() {
    return convert(InstanceFindingDetector.evaluate(state.get(), settings, lastPass.get()));
  }

  /** Pure: the snapshots of evaluated findings. */
  static MetricSnapshots convert(List<InstanceFindingResult> findings) {
    SnapshotSink sink = new SnapshotSink();
    for (InstanceFindingResult r : findings) {
      sink.add(InstanceFindingCatalog.FINDING, r.fired() ? 1 : 0, r.finding().label());
    }
    for (InstanceFindingResult r : findings) {
      sink.add(InstanceFindingCatalog.BYTES, Math.max(0, r.bytes()), r.finding().label());
    }
    return sink.build(InstanceFindingCatalog.ALL);
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return InstanceFindingCatalog.ALL.stream().map(MetricFamily::descriptor).toList();
  }

  @Override
  public List<String> getPrometheusNames() {
    return InstanceFindingCatalog.ALL.stream().map(f -> f.metadata().getPrometheusName()).toList();
  }
}
