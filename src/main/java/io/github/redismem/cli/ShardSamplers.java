package io.github.redismem.cli;

import io.github.redismem.config.ReadFrom;
import io.github.redismem.redis.ClusterNode;
import io.github.redismem.redis.ClusterTopology;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where each shard of a cluster is sampled ({@code sampling.readFrom} {@code replica}, the default, and
 * {@code any}): once, on a healthy replica (sampling costs the node it runs on, and a
 * replica's clients are few or none), else on the primary when {@code sampling.onPrimary} allows it and no replica
 * is about to serve (loading), else not at all. With {@code primary}, on the healthy primary when
 * {@code sampling.onPrimary} allows it. A replica that sampled before keeps the job while it stays a healthy replica, so a refresh does not move
 * samplers (and restart their passes) for nothing; otherwise the lowest address wins, so the choice is stable.
 */
final class ShardSamplers {
  private ShardSamplers() {}

  /** As {@link #choose(ClusterTopology, ReadFrom, boolean, Set)} with readFrom replica. */
  static Set<String> choose(ClusterTopology topology, boolean onPrimary, Set<String> previous) {
    return choose(topology, ReadFrom.REPLICA, onPrimary, previous);
  }

  /**
   * @param previous the addresses that sampled until now
   * @return the addresses that sample now, at most one per shard
   */
  static Set<String> choose(ClusterTopology topology, ReadFrom readFrom, boolean onPrimary, Set<String> previous) {
    Set<String> out = new HashSet<>();
    for (List<ClusterNode> shard : topology.shards().values()) {
      if (shard.stream().allMatch(n -> n.slots().isEmpty())) {
        continue; // no slots, no keys: a node just met, before it is made a replica or given slots
      }
      List<ClusterNode> replicas = shard.stream()
          .filter(n -> !n.primary() && n.healthy() && readFrom != ReadFrom.PRIMARY)
          .sorted(Comparator.comparing(ClusterNode::address)).toList();
      Optional<ClusterNode> chosen = replicas.stream().filter(n -> previous.contains(n.address())).findFirst()
          .or(() -> replicas.stream().findFirst());
      // a replica still in its first sync will serve soon: wait for it rather than load the primary meanwhile
      boolean replicaComing = readFrom != ReadFrom.PRIMARY
          && shard.stream().anyMatch(n -> !n.primary() && n.health() == ClusterNode.Health.LOADING);
      if (chosen.isEmpty() && onPrimary && !replicaComing) {
        chosen = shard.stream().filter(n -> n.primary() && n.healthy()).findFirst();
      }
      chosen.ifPresent(n -> out.add(n.address()));
    }
    return out;
  }
}
