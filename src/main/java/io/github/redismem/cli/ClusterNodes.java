package io.github.redismem.cli;

import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.ReadFrom;
import io.github.redismem.config.RedisSettings;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.TargetSettings;
import io.github.redismem.config.ValueKind;
import io.github.redismem.http.DiscoveredNodes;
import io.github.redismem.http.ScrapeTargets;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.ClusterDiscovery;
import io.github.redismem.redis.ClusterNode;
import io.github.redismem.redis.ClusterTopology;
import io.github.redismem.redis.RedisSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The nodes of the Redis Cluster redis.addr belongs to (redis.cluster), each a /scrape target watched by a
 * {@link Monitored} of its own, with the credentials and TLS of redis.addr. The topology is read again every
 * redis.clusterRefresh, sooner (after {@link #SOON}) when a read failed, a node was still loading or a node's scrape
 * found it down: a node that
 * appears gets its Monitored, one that goes is closed, and when roles change the shard's sampler moves
 * ({@link ShardSamplers}). Targets that are no cluster node are left to {@code others}.
 */
final class ClusterNodes implements ScrapeTargets, DiscoveredNodes, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterNodes.class.getName());
  /** The shortest time between two reads of the topology, and the retry delay after a failed one. */
  static final Duration SOON = Duration.ofSeconds(2);

  private final RedisSession main;
  private final ExporterConfig config;
  private final BuildInfo build;
  private final ScrapeTargets others;
  private final ClusterDiscovery discovery;
  private final String seed;
  private final ScheduledExecutorService refresher;
  /** Written by the refresher thread only, under this; read by scrapes. */
  private volatile Map<String, WatchedNode> watched = Map.of();
  private volatile long lastReadNanos = System.nanoTime() - SOON.toNanos();
  private volatile boolean earlyRefreshAsked;
  /** Whether the last topology read saw a node still loading. */
  private volatile boolean unsettled;
  private String lastProblem = "";
  /** /metrics, the report page and readiness: the cluster as one. */
  private final ClusterWide wide;

  ClusterNodes(RedisSession main, ExporterConfig config, BuildInfo build, ScrapeTargets others) {
    this(main, config, build, others, main.clusterDiscovery());
  }

  /** As above, reading the topology through {@code discovery}; closes it. */
  ClusterNodes(RedisSession main, ExporterConfig config, BuildInfo build, ScrapeTargets others,
      ClusterDiscovery discovery) {
    this.main = main;
    this.config = config;
    this.build = build;
    this.others = others;
    this.discovery = discovery;
    this.seed = seedOf(config.redis().addr());
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cluster-topology");
      t.setDaemon(true);
      return t;
    });
    this.wide = new ClusterWide(config, build, "cluster of " + seed, () -> watched.values());
  }

  /** redis.addr as {@code host:port}, the seed of the topology reads. */
  static String seedOf(String addr) {
    return TargetPool.nameOf(addr).replaceFirst("^rediss?://", "").replaceFirst("/.*$", "");
  }

  /** Reads the topology now, then again on its schedule. */
  void start() {
    refresher.execute(this::refreshAndReschedule);
  }

  private void refreshAndReschedule() {
    boolean read = refresh();
    // while a replica is still loading, its shard may wait for a sampler: look again soon
    Duration next = read && !unsettled ? config.redis().clusterRefresh() : SOON;
    refresher.schedule(this::refreshAndReschedule, Math.max(SOON.toMillis(), next.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Reads the topology and follows it; false when no node answered (what was known stays). */
  synchronized boolean refresh() {
    earlyRefreshAsked = false;
    lastReadNanos = System.nanoTime();
    Set<String> seeds = new LinkedHashSet<>();
    seeds.add(seed);
    watched.values().forEach(w -> seeds.add(w.node().address()));
    ClusterTopology topology;
    try {
      topology = discovery.read(List.copyOf(seeds));
    } catch (IllegalStateException e) {
      if (!e.getMessage().equals(lastProblem)) {
        LOG.warning("redis.cluster: cannot read the topology (" + e.getMessage() + "); the nodes known stay "
            + "served, next try in " + SOON.toSeconds() + "s");
        lastProblem = e.getMessage();
      }
      return false;
    }
    lastProblem = "";
    unsettled = topology.nodes().stream().anyMatch(n -> n.health() == ClusterNode.Health.LOADING);
    follow(topology);
    return true;
  }

  private void follow(ClusterTopology topology) {
    Map<String, WatchedNode> was = watched;
    Set<String> sampledBefore = was.values().stream().filter(WatchedNode::samples).map(w -> w.node().address())
        .collect(Collectors.toSet());
    Set<String> sampling = config.sampling().enabled()
        ? ShardSamplers.choose(topology, config.sampling().readFrom(), config.sampling().onPrimary(),
            sampledBefore) : Set.of();
    Map<String, WatchedNode> next = new HashMap<>();
    List<WatchedNode> closing = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    for (ClusterNode node : topology.nodes()) {
      String name = nameOf(node);
      boolean samples = sampling.contains(node.address());
      WatchedNode old = was.get(name);
      if (old != null && old.samples() == samples) {
        next.put(name, new WatchedNode(node, samples, old.monitored()));
        if (old.node().primary() != node.primary()) {
          changes.add(node.address() + " is now a " + node.role());
        }
        continue;
      }
      if (old != null) {
        closing.add(old);
      }
      Monitored monitored = new Monitored(main.another(settingsOf(node)), config, samplingOf(node, samples),
          config.allocator(), build, this::nodeDown);
      monitored.start();
      next.put(name, new WatchedNode(node, samples, monitored));
      changes.add(node.address() + " (" + node.role() + (samples ? ", samples its shard" : "") + ")"
          + (old == null ? " found" : ""));
    }
    was.forEach((name, w) -> {
      if (!next.containsKey(name)) {
        closing.add(w);
        changes.add(w.node().address() + " gone");
      }
    });
    watched = Map.copyOf(next);
    closing.forEach(w -> {
      wide.stopped(w);
      w.monitored().close();
    });
    wide.retainOnly(next.values().stream().map(w -> w.node().address()).collect(Collectors.toSet()));
    if (!changes.isEmpty()) {
      LOG.info("redis.cluster: " + topology.nodes().size() + " nodes in " + topology.shards().size() + " shards; "
          + String.join(", ", changes));
    }
  }

  /**
   * The node chosen for its shard samples itself (readFrom any: the choice of node is made here, per shard, not
   * again by the sampler); a replica with onPrimary off, so that once promoted it stops until the next refresh
   * moves the job.
   */
  private SamplingSettings samplingOf(ClusterNode node, boolean samples) {
    if (!samples) {
      return config.sampling().withEnabled(false);
    }
    SamplingSettings itself = config.sampling().withReadFrom(ReadFrom.ANY);
    return node.primary() ? itself : itself.withOnPrimary(false);
  }

  private RedisSettings settingsOf(ClusterNode node) {
    return config.redis().withAddr(scheme() + node.address());
  }

  private String scheme() {
    return config.redis().usesTls() ? "rediss://" : "redis://";
  }

  private String nameOf(ClusterNode node) {
    try {
      return TargetSettings.canonical(scheme() + node.address());
    } catch (ValueKind.Invalid e) {
      return scheme() + node.address(); // an address the cluster announced but no URL can carry: not findable
    }
  }

  /** A scrape found a node down: read the topology soon, at most once per {@link #SOON}. */
  private void nodeDown() {
    if (!earlyRefreshAsked && System.nanoTime() - lastReadNanos > SOON.toNanos()) {
      earlyRefreshAsked = true;
      try {
        refresher.execute(this::refresh);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing: no more refreshes
      }
    }
  }

  @Override
  public Lookup lookup(String target) {
    try {
      WatchedNode node = watched.get(TargetSettings.canonical(target));
      if (node != null) {
        return new Found(node.monitored().registry());
      }
    } catch (ValueKind.Invalid e) {
      // others says why
    }
    return others.lookup(target);
  }

  @Override
  public Optional<List<Node>> nodes() {
    return Optional.of(watched.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new Node(e.getKey(), Map.of("node", e.getValue().node().address(),
            "role", e.getValue().node().role(), "shard", e.getValue().node().slots())))
        .toList());
  }

  /** /metrics, the report page and readiness of the cluster as one. */
  ClusterWide wide() {
    return wide;
  }

  /** The addresses whose Monitored samples its shard now. */
  Set<String> samplingNodes() {
    return watched.values().stream().filter(WatchedNode::samples).map(w -> w.node().address())
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    wide.close();
    try {
      refresher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      watched.values().forEach(w -> w.monitored().close());
      watched = Map.of();
    }
    discovery.close();
  }
}
