package io.github.redismem.analysis;

import io.github.redismem.redis.DbKeyspace;
import io.github.redismem.redis.KeyspaceParser;
import io.github.redismem.redis.MemoryState;
import java.util.List;

/**
 * A Redis Cluster as one scrape saw it (redis.cluster): every node, what each answered, and the shards' samplers as
 * one ({@link ClusterSampling}). Immutable.
 *
 * @param members the nodes of the last topology read, ordered by address
 * @param shards the shards serving slots
 * @param sampling the shards' samplers merged; its last pass is the cluster-wide key analysis
 */
public record ClusterView(List<ClusterMember> members, int shards, SamplerStatus sampling) {
  public ClusterView {
    members = List.copyOf(members);
  }

  /** Shards whose pass is in the cluster-wide analysis. */
  public long shardsCovered() {
    return members.stream().filter(m -> m.pass().isPresent()).map(ClusterMember::shard).distinct().count();
  }

  /** Keys in all databases of a node's answer; 0 when it did not answer. */
  public static long keys(MemoryState state) {
    return state.info().map(info -> KeyspaceParser.parse(info.section("keyspace")).stream()
        .mapToLong(DbKeyspace::keys).sum()).orElse(0L);
  }

  /** A field of INFO memory as a whole number; 0 when absent. */
  public static long memory(MemoryState state, String field) {
    return state.info().map(info -> (long) info.number("memory", field).orElse(0)).orElse(0L);
  }
}
