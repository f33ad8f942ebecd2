package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a Redis Cluster at one moment, read from one node ({@code CLUSTER SHARDS} or {@code CLUSTER NODES}).
 * A replica carries the slots of its primary, so that each node names its shard whatever its role.
 */
public record ClusterTopology(List<ClusterNode> nodes) {

  public ClusterTopology {
    nodes = List.copyOf(withPrimarySlots(nodes));
  }

  /** The nodes by shard (the id of the shard's primary), in the order read. */
  public Map<String, List<ClusterNode>> shards() {
    Map<String, List<ClusterNode>> out = new LinkedHashMap<>();
    for (ClusterNode node : nodes) {
      out.computeIfAbsent(node.shard(), k -> new ArrayList<>()).add(node);
    }
    return out;
  }

  private static List<ClusterNode> withPrimarySlots(List<ClusterNode> nodes) {
    Map<String, String> slotsOfPrimary = new LinkedHashMap<>();
    nodes.stream().filter(ClusterNode::primary).forEach(n -> slotsOfPrimary.put(n.id(), n.slots()));
    return nodes.stream()
        .map(n -> n.primary() || !n.slots().isEmpty() ? n : n.withSlots(slotsOfPrimary.getOrDefault(n.shard(), "")))
        .toList();
  }
}
