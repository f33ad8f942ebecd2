package io.github.redismem.cli;

import io.github.redismem.analysis.ClusterMember;
import io.github.redismem.analysis.ClusterSampling;
import io.github.redismem.analysis.ClusterView;
import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.PassMerge;
import io.github.redismem.analysis.PassProgress;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SinglePass;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.ReadFrom;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.ClusterDiscovery;
import io.github.redismem.redis.ClusterNode;
import io.github.redismem.redis.ClusterTopology;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.report.ClusterReport;
import io.github.redismem.report.Report;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * {@code analyze} of a Redis Cluster (redis.cluster): the topology read from redis.addr, one pass per shard on the
 * node {@link ShardSamplers} chooses (a replica first; sampling.readFrom=primary for the primaries), the shards'
 * passes run side by side (each on its own node, under its own throttle) and merged into one report with a row per
 * node. A shard whose pass fails leaves the report partial; the others' are kept.
 */
final class ClusterAnalysis {
  private ClusterAnalysis() {}

  /** Why the analysis could not run, one line for the terminal. */
  static final class CannotRun extends Exception {
    CannotRun(String message) {
      super(message);
    }
  }

  /**
   * The report and the merged pass (empty when no shard completed one).
   *
   * @param partial whether some shard's pass was stopped, failed, or no node could sample it
   */
  record Outcome(Report report, boolean partial, Optional<PassResult> pass) {}

  /** A shard's node and what sampling it gave. */
  private record Part(ClusterNode node, KeySampler sampler, Future<Optional<SinglePass>> pass) {}

  static Outcome run(RedisSession session, ExporterConfig config, SamplingSettings sampling, String version,
      PassProgress progress, PrintStream err, BooleanSupplier stop) throws CannotRun, InterruptedException {
    String seed = ClusterNodes.seedOf(config.redis().addr());
    ClusterTopology topology;
    try (ClusterDiscovery discovery = session.clusterDiscovery()) {
      topology = discovery.read(List.of(seed));
    } catch (IllegalStateException e) {
      throw new CannotRun("cannot read the cluster's topology from " + seed + ": " + e.getMessage());
    }
    Set<String> chosen = ShardSamplers.choose(topology, sampling.readFrom(), true, Set.of());
    long shards = topology.shards().values().stream().filter(s -> s.stream().anyMatch(n -> !n.slots().isEmpty()))
        .count();
    err.printf("analyze: the cluster of %s: %d nodes in %d shards, sampling %s (sampling.readFrom=%s), at most "
        + "%.0f%% of each node's time (sampling.maxRedisTimeRatio)%n", seed, topology.nodes().size(), shards,
        String.join(", ", chosen.stream().sorted().toList()), sampling.readFrom().label(),
        100 * sampling.maxRedisTimeRatio());
    List<ClusterNode> nodes = topology.nodes().stream().sorted(Comparator.comparing(ClusterNode::address)).toList();
    Map<String, RedisSession> sessions = new HashMap<>();
    ExecutorService passes = Executors.newFixedThreadPool(Math.max(1, chosen.size()), r -> {
      Thread t = new Thread(r, "analyze-shard");
      t.setDaemon(true);
      return t;
    });
    List<Part> parts = new ArrayList<>();
    try {
      for (ClusterNode node : nodes) {
        // redis.cluster stays on: a replica's connections send READONLY, or it answers MOVED
        sessions.put(node.address(), session.another(config.redis().withAddr(
            (config.redis().usesTls() ? "rediss://" : "redis://") + node.address())));
      }
      ShardProgress shared = new ShardProgress(progress, chosen.size());
      int slot = 0;
      for (ClusterNode node : nodes) {
        if (!chosen.contains(node.address())) {
          continue;
        }
        // the node is chosen here, per shard: its sampler samples itself
        SamplingSettings settings = sampling.withReadFrom(ReadFrom.ANY);
        KeySampler sampler = new KeySampler(sessions.get(node.address()).nodeSelector(settings.luaScripts(),
            ReadFrom.ANY), settings, config.thresholds());
        PassProgress own = shared.part(slot++);
        parts.add(new Part(node, sampler, passes.submit(() -> sampler.runOnce(own, stop))));
      }
      return outcome(config, version, seed, nodes, sessions, parts, shards, err);
    } finally {
      passes.shutdownNow();
      parts.forEach(p -> p.sampler().close());
      sessions.values().forEach(RedisSession::close);
    }
  }

  private static Outcome outcome(ExporterConfig config, String version, String seed, List<ClusterNode> nodes,
      Map<String, RedisSession> sessions, List<Part> parts, long shards, PrintStream err)
      throws InterruptedException {
    boolean partial = parts.size() < shards;
    Map<String, PassResult> done = new HashMap<>();
    List<ClusterSampling.Shard> shardParts = new ArrayList<>();
    for (Part part : parts) {
      Optional<SinglePass> pass;
      try {
        pass = part.pass().get();
      } catch (ExecutionException e) {
        err.println();
        err.println("analyze: the pass on " + part.node().address() + " failed: "
            + AnalyzeCommand.rootMessage(e.getCause()) + "; the report lacks its shard");
        pass = Optional.empty();
      }
      partial |= pass.map(SinglePass::partial).orElse(true);
      pass.ifPresent(p -> done.put(part.node().address(), p.result()));
      shardParts.add(new ClusterSampling.Shard(Optional.of(part.sampler().status()),
          pass.map(p -> new PassMerge.NodePass(part.node().address(), p.result()))));
    }
    List<ClusterMember> members = new ArrayList<>();
    for (ClusterNode node : nodes) {
      MemoryState state;
      try (MemoryStateReader reader = sessions.get(node.address()).memoryStateReader()) {
        state = reader.read();
      }
      members.add(new ClusterMember(node.address(), node.role(), node.slots(), state, parts.stream().anyMatch(p -> p.node().equals(node)), Optional.ofNullable(done.get(node.address()))));
    }
    ClusterView view = new ClusterView(members, (int) shards,
        new ClusterSampling(config.sampling().topKeys(), config.sampling().maxPrefixes()).status(shardParts));
    Report report = ClusterReport.build(version, "cluster of " + seed, config.instanceFindings(), view,
        Instant.now(), partial);
    return new Outcome(report, partial, view.sampling().lastPass());
  }

  /** The shards' progress as one: keys scanned, expected and inspected summed over the shards. */
  private static final class ShardProgress {
    private final PassProgress out;
    private final long[][] parts;

    ShardProgress(PassProgress out, int shards) {
      this.out = out;
      this.parts = new long[shards][3];
    }

    PassProgress part(int i) {
      return (scanned, expected, inspected) -> {
        long[] sums = new long[3];
        synchronized (this) {
          parts[i][0] = scanned;
          parts[i][1] = expected;
          parts[i][2] = inspected;
          for (long[] p : parts) {
            for (int k = 0; k < 3; k++) {
              sums[k] += p[k];
            }
          }
          out.batch(sums[0], Math.max(1, sums[1]), sums[2]);
        }
      };
    }
  }
}
