package io.github.redismem.metrics;

import io.github.redismem.analysis.InstanceFindingDetector;
import io.github.redismem.analysis.InstanceFindingResult;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adds the instance findings to the collector that reads Redis at each scrape: it lets that collector read, then
 * judges the state of that same read ({@code state}, a {@code LatestRead}'s latest) and the last pass, so a scrape
 * reads Redis once and the findings are never a scrape behind. Nothing is added while Redis does not answer, like
 * the other INFO-based metrics.
 */
public final class InstanceFindingCollector implements MultiCollector {
  private final MultiCollector reading;
  private final Supplier<MemoryState> state;
  private final Supplier<Optional<PassResult>> lastPass;
  private final InstanceFindingSettings settings;

  /**
   * @param reading the collector that reads Redis ({@link RedisMemoryCollector})
   * @param state the state {@code reading} just read
   */
  public InstanceFindingCollector(MultiCollector reading, Supplier<MemoryState> state,
      Supplier<Optional<PassResult>> lastPass, InstanceFindingSettings settings) {
    this.reading = reading;
    this.state = state;
    this.lastPass = lastPass;
    this.settings = settings;
  }

  @Override
  public MetricSnapshots collect() {
    MetricSnapshots read = reading.collect();
    MetricSnapshots findings = convert(InstanceFindingDetector.evaluate(state.get(), settings, lastPass.get()));
    if (findings.size() == 0) {
      return read;
    }
    List<MetricSnapshot> all = new ArrayList<>(read.size() + findings.size());
    read.forEach(all::add);
    findings.forEach(all::add);
    return new MetricSnapshots(all);
  }

  /** Pure: the snapshots of evaluated findings. */
  static MetricSnapshots convert(List<InstanceFindingResult> findings) {
    SnapshotSink sink = new SnapshotSink();
    for (InstanceFindingResult r : findings) {
      sink.add(InstanceFindingCatalog.FINDING, r.fired() ? 1 : 0, r.finding().label());
    }
    for (InstanceFindingResult r : findings) {
      sink.add(InstanceFindingCatalog.BYTES, Math.max(0, Math.round(r.bytes())), r.finding().label());
    }
    return sink.build(InstanceFindingCatalog.ALL);
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    List<MetricFamilyDescriptor> all = new ArrayList<>(reading.getMetricFamilyDescriptors());
    InstanceFindingCatalog.ALL.forEach(f -> all.add(f.descriptor()));
    return all;
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> all = new ArrayList<>(reading.getPrometheusNames());
    InstanceFindingCatalog.ALL.forEach(f -> all.add(f.metadata().getPrometheusName()));
    return all;
  }
}
