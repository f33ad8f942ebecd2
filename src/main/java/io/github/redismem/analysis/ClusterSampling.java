package io.github.redismem.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The samplers of a cluster's shards as one: counters summed, the worst state, and the last passes of the shards
 * merged into one cluster-wide pass ({@link PassMerge}). A shard whose sampler has not completed a pass yet is
 * simply not in that pass: which shards are is per-node coverage ({@link ClusterMember#pass()}), shown beside it.
 * While a shard's pass runs, the cluster's early estimate ({@link #estimate}) merges each shard's running estimate,
 * or its last pass where it has no estimate, the same way.
 */
public final class ClusterSampling {
  /** States in the order the merged status takes them: the first that some shard is in wins. */
  private static final List<String> WORST_FIRST = List.of("failing", "refused", "running", "waiting_loading",
      "idle", "skipped_primary", "disabled");

  private final int topKeys;
  private final int maxPrefixes;
  /** The last merge of the passes: they change every few minutes, scrapes come every few seconds. */
  private final LastMerge passMerge = new LastMerge();
  /** The same for the early estimate, remade at most as often as a shard's estimate changes (every second). */
  private final LastMerge estimateMerge = new LastMerge();

  private record Merged(List<PassMerge.NodePass> parts, PassResult pass) {}

  /** The last merge and the parts it merged, made again only when a part changed. */
  private final class LastMerge {
    private volatile Merged last;

    PassResult of(List<PassMerge.NodePass> parts) {
      Merged was = last;
      if (was != null && same(was.parts(), parts)) {
        return was.pass();
      }
      PassResult pass = PassMerge.merge(parts, topKeys, maxPrefixes);
      last = new Merged(parts, pass);
      return pass;
    }
  }

  /**
   * @param topKeys how many top keys the cluster-wide pass keeps ({@code sampling.topKeys})
   * @param maxPrefixes how many prefixes per database ({@code sampling.maxPrefixes})
   */
  public ClusterSampling(int topKeys, int maxPrefixes) {
    this.topKeys = topKeys;
    this.maxPrefixes = maxPrefixes;
  }

  /**
   * One shard: the status of the sampler working for it now (empty while none does) and the pass standing for it
   * (empty until one completed).
   */
  public record Shard(Optional<SamplerStatus> sampler, Optional<PassMerge.NodePass> pass) {}

  /** The shards' samplers as one; the merge of their passes is redone only when one of them changed. */
  public SamplerStatus status(List<Shard> shards) {
    long keys = 0;
    long passes = 0;
    long vanished = 0;
    long forbidden = 0;
    long notOwned = 0;
    double progress = 0;
    double timeRatio = 0;
    int batchKeys = 0;
    java.time.Duration longestCall = java.time.Duration.ZERO;
    double sampleRatio = 1;
    Map<String, Long> errors = new TreeMap<>();
    Set<String> states = new LinkedHashSet<>();
    List<String> limits = new ArrayList<>();
    Map<String, Boolean> capabilities = new HashMap<>();
    Optional<PassScope> scope = Optional.empty();
    int working = 0;
    for (Shard shard : shards) {
      if (shard.sampler().isEmpty()) {
        continue;
      }
      SamplerStatus s = shard.sampler().get();
      working++;
      keys += s.keysTotal();
      passes += s.passesTotal();
      vanished += s.vanishedTotal();
      forbidden += s.keysForbidden();
      notOwned += s.keysNotOwned();
      progress += s.progress();
      timeRatio = Math.max(timeRatio, s.redisTimeRatio());
      batchKeys = Math.max(batchKeys, s.batchKeys());
      longestCall = longestCall.compareTo(s.longestCall()) >= 0 ? longestCall : s.longestCall();
      sampleRatio = Math.min(sampleRatio, s.sampleRatio());
      s.errors().forEach((reason, n) -> errors.merge(reason, n, Long::sum));
      states.add(s.state());
      String node = s.node().map(n -> n.node() + ": ").orElse("");
      s.limits().forEach(l -> limits.add(node + l));
      // a command is usable cluster-wide only where every shard allows it
      s.capabilities().forEach((command, allowed) -> capabilities.merge(command, allowed, Boolean::logicalAnd));
      scope = scope.or(s::scope);
    }
    List<PassMerge.NodePass> done = shards.stream().flatMap(s -> s.pass().stream()).toList();
    Optional<PassResult> merged = done.isEmpty() ? Optional.empty() : Optional.of(passMerge.of(done));
    String state = WORST_FIRST.stream().filter(states::contains).findFirst().orElse("disabled");
    return new SamplerStatus(keys, passes, vanished, errors, working == 0 ? 0 : progress / working, timeRatio,
        sampleRatio, state, merged, Optional.empty(), scope, limits, capabilities, forbidden, Optional.empty(),
        notOwned, batchKeys, longestCall, estimate(shards));
  }

  /**
   * The cluster's early estimate while at least one shard's pass has one: per shard its running pass's estimate (of
   * the whole shard), else its last completed pass, merged as passes are (figures and bounds added, top keys and
   * prefixes cut again). A shard with neither is in none of the figures. Its progress is the shards' mean (a shard
   * with neither counts 0, one with only a pass 1), its time the oldest estimate's. Empty when no shard has one.
   */
  Optional<PassEstimate> estimate(List<Shard> shards) {
    List<PassMerge.NodePass> parts = new ArrayList<>();
    double progress = 0;
    Instant at = null;
    for (Shard shard : shards) {
      Optional<PassEstimate> running = shard.sampler().flatMap(SamplerStatus::estimate);
      if (running.isPresent()) {
        PassEstimate e = running.get();
        String node = shard.sampler().flatMap(SamplerStatus::node).map(SampledNode::node)
            .or(() -> shard.pass().map(PassMerge.NodePass::node)).orElse("");
        parts.add(new PassMerge.NodePass(node, e.result()));
        progress += e.progress();
        at = at == null || e.at().isBefore(at) ? e.at() : at;
      } else if (shard.pass().isPresent()) {
        parts.add(shard.pass().get());
        progress += 1;
      }
    }
    if (at == null) {
      return Optional.empty();
    }
    return Optional.of(new PassEstimate(estimateMerge.of(parts), progress / shards.size(), at));
  }

  /** The same passes of the same nodes: passes are immutable, so identity says it. */
  private static boolean same(List<PassMerge.NodePass> a, List<PassMerge.NodePass> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).pass() != b.get(i).pass() || !a.get(i).node().equals(b.get(i).node())) {
        return false;
      }
    }
    return true;
  }
}
