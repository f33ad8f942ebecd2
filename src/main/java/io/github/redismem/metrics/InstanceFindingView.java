package io.github.redismem.metrics;

import io.github.redismem.analysis.InstanceFindingDetector;
import io.github.redismem.analysis.InstanceFindingResult;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instance findings of the state a scrape read, judged with the last pass: one series per finding and its
 * bytes while Redis answers, none while it does not, like the other INFO-based metrics.
 */
public final class InstanceFindingView implements StateView {
  private final Supplier<Optional<PassResult>> lastPass;
  private final InstanceFindingSettings settings;

  public InstanceFindingView(Supplier<Optional<PassResult>> lastPass, InstanceFindingSettings settings) {
    this.lastPass = lastPass;
    this.settings = settings;
  }

  @Override
  public MetricSnapshots convert(MemoryState state) {
    return convert(InstanceFindingDetector.evaluate(state, settings, lastPass.get()));
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
  public List<MetricFamily> families() {
    return InstanceFindingCatalog.ALL;
  }
}
