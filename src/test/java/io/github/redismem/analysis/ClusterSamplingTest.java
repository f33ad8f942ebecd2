package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A cluster's early estimate: each shard's running estimate, or its last pass where it has none, merged as passes
 * are; none while no shard's pass runs.
 */
class ClusterSamplingTest {
  private static final String A = "10.0.0.1:7000";
  private static final String B = "10.0.0.2:7001";
  private static final Instant AT = Instant.parse("2026-11-30T19:00:00Z");

  private static List<io.github.redismem.redis.KeyFacts> strings(String prefix, int n, long bytes) {
    List<io.github.redismem.redis.KeyFacts> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(Passes.key(prefix + ":" + i, "string", "embstr", bytes, -1, 10));
    }
    return keys;
  }

  /** Half of a shard of 200 keys read: its estimate stands for all 200. */
  private static PassEstimate halfRead() {
    PassAggregator pass = Passes.aggregator(Passes.defaults(), Passes.THRESHOLDS_7_2);
    strings("user", 100, 64).forEach(k -> pass.add(0, k));
    return new PassEstimate(pass.estimate(AT, Duration.ofSeconds(3), 0.5, 0, 200, Optional.empty()), 0.5, AT);
  }

  private static SamplerStatus running(String node, Optional<PassEstimate> estimate) {
    return new SamplerStatus(100, 0, 0, Map.of(), 0.5, 0.001, 1, "running", Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Map.of(), 0, Optional.of(new SampledNode(node, "replica")), 0, 100,
        Duration.ZERO, estimate);
  }

  private static double keys(PassResult pass) {
    return pass.encodings().stream().mapToDouble(PassResult.EncodingGroup::keys).sum();
  }

  @Test
  void aShardsRunningEstimateAndAnotherShardsPassAreMerged() {
    PassResult done = Passes.exact(strings("cache", 50, 128));
    List<ClusterSampling.Shard> shards = List.of(
        new ClusterSampling.Shard(Optional.of(running(A, Optional.of(halfRead()))), Optional.empty()),
        new ClusterSampling.Shard(Optional.empty(), Optional.of(new PassMerge.NodePass(B, done))),
        new ClusterSampling.Shard(Optional.empty(), Optional.empty()));

    SamplerStatus status = new ClusterSampling(200, 50).status(shards);

    assertThat(status.estimate()).isPresent();
    PassEstimate e = status.estimate().get();
    assertThat(keys(e.result())).isEqualTo(200 + 50); // A extrapolated to its 200 keys, B exactly
    assertThat(e.result().prefixes()).extracting(g -> g.prefix() + " " + Math.round(g.keys()))
        .contains("user: 200", "cache: 50");
    assertThat(e.progress()).isEqualTo((0.5 + 1 + 0) / 3);
    assertThat(e.at()).isEqualTo(AT);
    // the top keys name their node: those of the estimate the running shard's sampled node
    assertThat(e.result().topKeys()).extracting(TopKey::node).contains(A, B);
    // the cluster's last pass is still the completed shards' only
    assertThat(status.lastPass()).isPresent();
    assertThat(keys(status.lastPass().get())).isEqualTo(50);
  }

  @Test
  void noEstimateWhileNoShardsPassRuns() {
    PassResult done = Passes.exact(strings("cache", 50, 128));
    List<ClusterSampling.Shard> shards = List.of(
        new ClusterSampling.Shard(Optional.of(running(A, Optional.empty())), Optional.empty()),
        new ClusterSampling.Shard(Optional.empty(), Optional.of(new PassMerge.NodePass(B, done))));

    assertThat(new ClusterSampling(10, 50).status(shards).estimate()).isEmpty();
  }
}
