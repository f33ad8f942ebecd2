package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.ReadFrom;
import io.github.redismem.redis.ClusterNode;
import io.github.redismem.redis.ClusterTopology;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardSamplersTest {
  private static ClusterNode node(String addr, boolean primary, String shard, boolean healthy) {
    return node(addr, primary, shard, healthy ? ClusterNode.Health.ONLINE : ClusterNode.Health.FAILED);
  }

  private static ClusterNode node(String addr, boolean primary, String shard, ClusterNode.Health health) {
    String[] hp = addr.split(":");
    return new ClusterNode(addr, hp[0], Integer.parseInt(hp[1]), primary, shard, "0-16383", health);
  }

  /** Each row: the nodes of a topology, onPrimary, the previous choice, and the expected choice. */
  private record Row(String why, List<ClusterNode> nodes, boolean onPrimary, Set<String> previous,
      Set<String> expected) {}

  @Test
  void oneSamplerPerShardReplicaFirst() {
    ClusterNode p1 = node("a:1", true, "a:1", true);
    ClusterNode r1 = node("b:1", false, "a:1", true);
    ClusterNode r1b = node("c:1", false, "a:1", true);
    ClusterNode p2 = node("d:1", true, "d:1", true);
    ClusterNode r2sick = node("e:1", false, "d:1", false);
    List<Row> table = List.of(
        new Row("a healthy replica, the lowest address", List.of(p1, r1b, r1), true, Set.of(), Set.of("b:1")),
        new Row("the replica that sampled keeps it", List.of(p1, r1, r1b), true, Set.of("c:1"), Set.of("c:1")),
        new Row("no healthy replica: the primary, if allowed", List.of(p2, r2sick), true, Set.of(), Set.of("d:1")),
        new Row("no healthy replica, onPrimary false: nobody", List.of(p2, r2sick), false, Set.of(), Set.of()),
        new Row("one per shard", List.of(p1, r1, r1b, p2, r2sick), false, Set.of(), Set.of("b:1")),
        new Row("a replica promoted: the primary's sampler moves to the other replica",
            List.of(node("b:1", true, "b:1", true), node("c:1", false, "b:1", true), node("a:1", false, "b:1", true)),
            true, Set.of("b:1"), Set.of("a:1")),
        new Row("a replica still loading: nobody yet, not the primary",
            List.of(p2, node("f:1", false, "d:1", ClusterNode.Health.LOADING)), true, Set.of(), Set.of()),
        new Row("a loading replica does not take the job from an online one",
            List.of(p1, r1, node("0:1", false, "a:1", ClusterNode.Health.LOADING)), true, Set.of(), Set.of("b:1")),
        new Row("a primary without slots holds no keys: not sampled",
            List.of(new ClusterNode("g:1", "g", 1, true, "g:1", "", ClusterNode.Health.ONLINE)), true, Set.of(),
            Set.of()),
        new Row("a sick primary is never chosen", List.of(node("a:1", true, "a:1", false)), true, Set.of(), Set.of()));
    for (Row row : table) {
      assertThat(ShardSamplers.choose(new ClusterTopology(row.nodes()), row.onPrimary(), row.previous()))
          .as(row.why()).isEqualTo(row.expected());
    }
  }

  @Test
  void readFromPrimaryTakesThePrimaryAndAnyTakesAReplicaFirst() {
    ClusterNode p1 = node("a:1", true, "a:1", true);
    ClusterNode r1 = node("b:1", false, "a:1", true);
    ClusterNode loading = node("c:1", false, "a:1", ClusterNode.Health.LOADING);
    ClusterTopology both = new ClusterTopology(List.of(p1, r1));
    assertThat(ShardSamplers.choose(both, ReadFrom.PRIMARY, true, Set.of("b:1"))).containsExactly("a:1");
    assertThat(ShardSamplers.choose(both, ReadFrom.PRIMARY, false, Set.of())).isEmpty();
    assertThat(ShardSamplers.choose(both, ReadFrom.ANY, true, Set.of())).containsExactly("b:1");
    // a replica still loading does not hold back a read from the primary
    assertThat(ShardSamplers.choose(new ClusterTopology(List.of(p1, loading)), ReadFrom.PRIMARY, true, Set.of()))
        .containsExactly("a:1");
  }
}
