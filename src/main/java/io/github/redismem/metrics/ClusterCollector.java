package io.github.redismem.metrics;

import static io.github.redismem.metrics.ClusterCatalog.*;

import io.github.redismem.analysis.ClusterMember;
import io.github.redismem.analysis.ClusterView;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * /metrics of a Redis Cluster (redis.cluster): a series per node, the cluster-wide totals, and the sampler
 * families of the cluster-wide key analysis, without a node label. {@code redismem_up} is 1 while some node
 * answers. One {@link ClusterView} per scrape, so that every family describes the same moment.
 */
public final class ClusterCollector implements MultiCollector {
  private final Supplier<ClusterView> view;
  private final BuildInfo build;
  private final SamplerCollector sampling;

  public ClusterCollector(Supplier<ClusterView> view, BuildInfo build) {
    this.view = view;
    this.build = build;
    // converts the status of each scrape's view, through collect(SamplerStatus)
    this.sampling = new SamplerCollector(() -> view.get().sampling());
  }

  @Override
  public MetricSnapshots collect() {
    ClusterView v = view.get();
    SnapshotSink sink = new SnapshotSink();
    sink.add(MetricCatalog.UP, v.members().stream().anyMatch(m -> m.state().up()) ? 1 : 0);
    sink.add(MetricCatalog.BUILD_INFO, 1, build.version(), build.revision());
    long used = 0;
    long keys = 0;
    for (ClusterMember m : v.members()) {
      sink.add(NODE_INFO, 1, m.node(), m.role(), m.shard());
      sink.add(NODE_UP, m.state().up() ? 1 : 0, m.node());
      sink.add(NODE_SAMPLING, m.samples() ? 1 : 0, m.node());
      if (m.state().up()) {
        sink.add(NODE_USED, ClusterView.memory(m.state(), "used_memory"), m.node());
        sink.add(NODE_MAX, ClusterView.memory(m.state(), "maxmemory"), m.node());
        sink.add(NODE_KEYS, ClusterView.keys(m.state()), m.node());
        if (m.primary()) {
          used += ClusterView.memory(m.state(), "used_memory");
          keys += ClusterView.keys(m.state());
        }
      }
      m.pass().ifPresent(p -> {
        sink.add(NODE_PASS_KEYS, p.keysInspected(), m.node());
        sink.add(NODE_PASS_TIMESTAMP, p.finishedAt().toEpochMilli() / 1000.0, m.node());
      });
    }
    sink.add(USED, used);
    sink.add(KEYS, keys);
    sink.add(SHARDS, v.shards());
    sink.add(SHARDS_COVERED, v.shardsCovered());
    List<MetricSnapshot> all = new ArrayList<>();
    sink.build(families()).forEach(all::add);
    sampling.collect(v.sampling()).forEach(all::add);
    return new MetricSnapshots(all);
  }

  private static List<MetricFamily> families() {
    List<MetricFamily> all = new ArrayList<>(List.of(MetricCatalog.UP, MetricCatalog.BUILD_INFO));
    all.addAll(ClusterCatalog.ALL);
    return all;
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    List<MetricFamilyDescriptor> all = new ArrayList<>(families().stream().map(MetricFamily::descriptor).toList());
    all.addAll(sampling.getMetricFamilyDescriptors());
    return all;
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> all = new ArrayList<>(families().stream().map(f -> f.metadata().getPrometheusName()).toList());
    all.addAll(sampling.getPrometheusNames());
    return all;
  }
}
