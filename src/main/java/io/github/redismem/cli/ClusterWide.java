package io.github.redismem.cli;

import io.github.redismem.analysis.ClusterMember;
import io.github.redismem.analysis.ClusterSampling;
import io.github.redismem.analysis.ClusterView;
import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.PassMerge;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.metrics.ClusterCollector;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.report.ClusterReport;
import io.github.redismem.report.Report;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A Redis Cluster as one (redis.cluster): what /metrics, the report page and /-/ready show. Each scrape reads every
 * node {@link ClusterNodes} follows, in parallel, and merges the shards' last passes into the cluster-wide key
 * analysis ({@link ClusterSampling}).
 */
final class ClusterWide implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterWide.class.getName());
  /** Nodes read at once at a scrape: one slow node costs the scrape its own timeout, not one per node. */
  static final int PARALLEL_READS = 8;

  private final ExporterConfig config;
  private final String version;
  private final String target;
  private final Supplier<Collection<WatchedNode>> nodes;
  private final ClusterSampling sampling;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExecutorService reads;
  /**
   * The last pass of each node that sampled, kept after its sampler stopped (failover, a replica added) until the
   * shard's new sampler completes one: the shard stays in the cluster-wide figures meanwhile.
   */
  private final Map<String, PassResult> kept = new ConcurrentHashMap<>();

  /**
   * @param target the cluster as reports name it, without credentials
   * @param nodes the nodes followed now
   */
  ClusterWide(ExporterConfig config, BuildInfo build, String target, Supplier<Collection<WatchedNode>> nodes) {
    this.config = config;
    this.version = build.version();
    this.target = target;
    this.nodes = nodes;
    this.sampling = new ClusterSampling(config.sampling().topKeys(), config.sampling().maxPrefixes());
    AtomicInteger threads = new AtomicInteger();
    this.reads = Executors.newFixedThreadPool(PARALLEL_READS, r -> {
      Thread t = new Thread(r, "cluster-read-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    registry.register(new ClusterCollector(this::view, build));
  }

  /** A node stops being watched as it was: its last pass is kept for its shard. */
  void stopped(WatchedNode w) {
    w.monitored().sampler().flatMap(s -> s.status().lastPass())
        .ifPresent(pass -> kept.put(w.node().address(), pass));
  }

  /** Forgets the passes of nodes that left the cluster. */
  void retainOnly(Set<String> addresses) {
    kept.keySet().retainAll(addresses);
  }

  /** The registry of /metrics: every node, the cluster-wide totals and key analysis. */
  PrometheusRegistry registry() {
    return registry;
  }

  /** Whether the cluster has answered since start-up (its topology was read: some node is known): /-/ready. */
  boolean hasAnswered() {
    return !nodes.get().isEmpty();
  }

  /** The report of the whole cluster; reads every node as a scrape of /metrics does. */
  Report report() {
    return ClusterReport.build(version, target, config.instanceFindings(), view(), Instant.now(), false);
  }

  /**
   * The cluster now: every node read, and for each shard the pass that stands for it: its sampler's last, else
   * the newest kept from a node of the shard.
   */
  ClusterView view() {
    List<WatchedNode> all = nodes.get().stream()
        .sorted(Comparator.comparing((WatchedNode w) -> w.node().address())).toList();
    List<Future<MemoryState>> states = new ArrayList<>();
    for (WatchedNode w : all) {
      states.add(reads.submit(() -> w.monitored().reader().read()));
    }
    Map<String, List<WatchedNode>> shards = all.stream().filter(w -> !w.node().slots().isEmpty())
        .collect(Collectors.groupingBy(w -> w.node().shard(), TreeMap::new, Collectors.toList()));
    Map<String, PassResult> passes = new HashMap<>(); // node -> its pass standing for its shard
    List<ClusterSampling.Shard> parts = new ArrayList<>();
    shards.values().forEach(members -> {
      Optional<WatchedNode> sampler = members.stream().filter(WatchedNode::samples)
          .filter(w -> w.monitored().sampler().isPresent()).findFirst();
      Optional<SamplerStatus> status = sampler.map(w -> w.monitored().sampler().map(KeySampler::status).get());
      Optional<PassMerge.NodePass> pass = status.flatMap(SamplerStatus::lastPass)
          .map(p -> new PassMerge.NodePass(sampler.get().node().address(), p));
      if (pass.isEmpty()) {
        pass = members.stream().filter(w -> kept.containsKey(w.node().address()))
            .map(w -> new PassMerge.NodePass(w.node().address(), kept.get(w.node().address())))
            .max(Comparator.comparing(p -> p.pass().finishedAt()));
      }
      pass.ifPresent(p -> passes.put(p.node(), p.pass()));
      parts.add(new ClusterSampling.Shard(status, pass));
    });
    SamplerStatus merged = sampling.status(parts);
    List<ClusterMember> members = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      WatchedNode w = all.get(i);
      members.add(new ClusterMember(w.node().address(), w.node().role(), w.node().slots(),
          await(states.get(i), w), w.samples(),
          Optional.ofNullable(passes.get(w.node().address()))));
    }
    return new ClusterView(members, shards.size(), merged);
  }

  /** A node's read; the readers never throw, so a failure here is a bug, logged and shown as down. */
  private static MemoryState await(Future<MemoryState> read, WatchedNode w) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.cancel(true);
      return MemoryState.down(Duration.ZERO, List.of(), Map.of());
    } catch (ExecutionException e) {
      LOG.warning("reading " + w.node().address() + " failed: " + e.getCause());
      return MemoryState.down(Duration.ZERO, List.of(), Map.of());
    }
  }

  @Override
  public void close() {
    reads.shutdownNow();
  }
}
