package io.github.redismem.cli;

import io.github.redismem.redis.ClusterNode;

/** One node of a cluster as {@link ClusterNodes} follows it: whether it samples its shard, and its Monitored. */
record WatchedNode(ClusterNode node, boolean samples, Monitored monitored) {}
