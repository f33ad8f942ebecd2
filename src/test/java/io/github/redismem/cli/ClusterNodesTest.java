package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.http.DiscoveredNodes;
import io.github.redismem.http.ScrapeTargets;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.ClusterDiscovery;
import io.github.redismem.redis.ClusterNode;
import io.github.redismem.redis.ClusterTopology;
import io.github.redismem.redis.RedisSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the nodes follow the topology, read through a discovery of our own (the seam, not Redis): a node that stays
 * keeps its metrics, one that goes is refused, the sampler moves with the roles, and a failed read keeps what was
 * known. Nothing connects (sampling and allocator reads off, no scrape), so the addresses need no server;
 * ClusterIT does the same against a real cluster.
 */
class ClusterNodesTest {
  private static final ScrapeTargets OTHERS = target -> new ScrapeTargets.Refused(403, "not a node");

  private static ClusterNode node(String addr, boolean primary, String shard) {
    String[] hp = addr.split(":");
    return new ClusterNode(addr, hp[0], Integer.parseInt(hp[1]), primary, shard, "0-16383",
        ClusterNode.Health.ONLINE);
  }

  /** Answers each read with the next topology given, or fails when there is none. */
  private static final class Scripted implements ClusterDiscovery {
    final Deque<ClusterTopology> replies = new ArrayDeque<>();
    final List<List<String>> asked = new ArrayList<>();

    @Override
    public ClusterTopology read(List<String> seeds) {
      asked.add(seeds);
      if (replies.isEmpty()) {
        throw new IllegalStateException("no cluster node answered");
      }
      return replies.poll();
    }

    @Override
    public void close() {}
  }

  @Test
  void nodesFollowTheTopology() throws Exception {
    ExporterConfig config = ConfigLoader.load(CommandLine.parse("--redis.addr=redis://a:1", "--redis.cluster=true",
        "--sampling.enabled=false", "--allocator.interval=0"), Map.of());
    Scripted discovery = new Scripted();
    discovery.replies.add(new ClusterTopology(List.of(node("a:1", true, "a:1"), node("b:1", false, "a:1"))));
    discovery.replies.add(new ClusterTopology(List.of(node("b:1", true, "b:1"), node("c:1", false, "b:1"))));
    try (RedisSession session = new RedisSession(config.redis());
        ClusterNodes nodes = new ClusterNodes(session, config, new BuildInfo("test", "test"), OTHERS, discovery)) {
      assertThat(nodes.nodes()).hasValue(List.of());
      assertThat(nodes.refresh()).isTrue();
      assertThat(nodes.nodes().orElseThrow()).containsExactly(
          new DiscoveredNodes.Node("redis://a:1", Map.of("node", "a:1", "role", "primary", "shard", "0-16383")),
          new DiscoveredNodes.Node("redis://b:1", Map.of("node", "b:1", "role", "replica", "shard", "0-16383")));
      ScrapeTargets.Lookup b = nodes.lookup("b:1");
      assertThat(b).isInstanceOf(ScrapeTargets.Found.class);
      assertThat(nodes.lookup("redis://A:1/0")).isInstanceOf(ScrapeTargets.Found.class);

      // a gone, b promoted, c new: b keeps its metrics, a is no node any more
      assertThat(nodes.refresh()).isTrue();
      assertThat(discovery.asked.get(1)).containsExactlyInAnyOrder("a:1", "b:1");
      assertThat(nodes.nodes().orElseThrow()).extracting(n -> n.labels().get("node") + "=" + n.labels().get("role"))
          .containsExactly("b:1=primary", "c:1=replica");
      assertThat(nodes.lookup("b:1")).isEqualTo(b);
      assertThat(nodes.lookup("a:1")).isEqualTo(new ScrapeTargets.Refused(403, "not a node"));

      // no node answers: what was known stays
      assertThat(nodes.refresh()).isFalse();
      assertThat(nodes.nodes().orElseThrow()).hasSize(2);
      assertThat(nodes.lookup("c:1")).isInstanceOf(ScrapeTargets.Found.class);
    }
  }
}
