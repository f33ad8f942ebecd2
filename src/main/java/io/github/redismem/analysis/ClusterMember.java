package io.github.redismem.analysis;

import io.github.redismem.redis.MemoryState;
import java.util.Optional;

/**
 * One node of a Redis Cluster as one scrape of the cluster saw it: what the cluster announces of it, what it
 * answered, and its part in the cluster-wide key analysis.
 *
 * @param node {@code host:port} as the cluster announces it
 * @param role {@code primary} or {@code replica}
 * @param shard the shard's slot ranges ({@code 0-5460}), as /discover labels it: a failover keeps it, a reshard
 *     changes it
 * @param state what the node answered in this scrape
 * @param samples whether the node samples its shard now
 * @param pass the node's pass that stands for its shard in the cluster-wide result: the last one of its sampler,
 *     or one kept from before the sampler moved (failover); empty for a node whose pass is not used
 */
public record ClusterMember(String node, String role, String shard, MemoryState state, boolean samples,
    Optional<PassResult> pass) {

  public boolean primary() {
    return "primary".equals(role);
  }
}
