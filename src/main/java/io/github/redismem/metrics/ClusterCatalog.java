package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;

/**
 * The metric families of a Redis Cluster on /metrics (redis.cluster): one series per node, labelled with the node
 * as the cluster announces it (the cluster's size bounds them), and the cluster-wide totals. Each node's full metrics
 * are its /scrape target's.
 */
final class ClusterCatalog {
  private ClusterCatalog() {}

  private static final List<String> NODE = List.of("node");
  private static final String TOTAL = " Of the primaries that answered this scrape (replicas hold copies).";

  static final MetricFamily NODE_INFO = new MetricFamily("redismem_cluster_node_info", MetricType.INFO,
      List.of("node", "role", "shard"), "Each node of the cluster: its role and its shard (the shard's slot"
          + " ranges, as /discover labels it), as the last topology read announced them.", "CLUSTER SHARDS, CLUSTER NODES");
  static final MetricFamily NODE_UP = gauge("redismem_cluster_node_up", NODE,
      "1 if the node answered INFO in this scrape, else 0.", "connection");
  static final MetricFamily NODE_USED = gauge("redismem_cluster_node_used_memory_bytes", NODE,
      "The node's used_memory; absent while it does not answer.", "INFO memory");
  static final MetricFamily NODE_MAX = gauge("redismem_cluster_node_maxmemory_bytes", NODE,
      "The node's maxmemory; 0 means no limit.", "INFO memory");
  static final MetricFamily NODE_KEYS = gauge("redismem_cluster_node_keys", NODE,
      "Keys on the node, all databases.", "INFO keyspace");
  static final MetricFamily NODE_SAMPLING = gauge("redismem_cluster_node_sampling", NODE,
      "1 for the node that samples its shard now (one per shard, a replica by default), else 0.", "sampler");
  static final MetricFamily NODE_PASS_KEYS = gauge("redismem_cluster_node_pass_keys", NODE,
      "Keys inspected by the node's pass that stands for its shard in the cluster-wide figures; present only for"
          + " those nodes. Against redismem_cluster_node_keys of the shard's primary: the shard's coverage.",
      "sampler");
  static final MetricFamily NODE_PASS_TIMESTAMP = gauge("redismem_cluster_node_pass_timestamp_seconds", NODE,
      "When that pass completed (Unix time).", "sampler");
  static final MetricFamily USED = gauge("redismem_cluster_used_memory_bytes", List.of(),
      "The cluster's used_memory." + TOTAL, "INFO memory");
  static final MetricFamily KEYS = gauge("redismem_cluster_keys", List.of(), "The cluster's keys." + TOTAL,
      "INFO keyspace");
  static final MetricFamily SHARDS = gauge("redismem_cluster_shards", List.of(),
      "Shards serving slots in the last topology read.", "CLUSTER SHARDS, CLUSTER NODES");
  static final MetricFamily SHARDS_COVERED = gauge("redismem_cluster_shards_covered", List.of(),
      "Shards with a completed pass in the cluster-wide figures (redismem_keys and the other families of the"
          + " sampler on /metrics): below redismem_cluster_shards, those figures miss the other shards' keys.",
      "sampler");

  static final List<MetricFamily> ALL = List.of(NODE_INFO, NODE_UP, NODE_USED, NODE_MAX, NODE_KEYS, NODE_SAMPLING,
      NODE_PASS_KEYS, NODE_PASS_TIMESTAMP, USED, KEYS, SHARDS, SHARDS_COVERED);

  private static MetricFamily gauge(String name, List<String> labels, String help, String source) {
    return new MetricFamily(name, MetricType.GAUGE, labels, help, source);
  }
}
