package io.github.redismem.redis;

import java.util.List;

/** Reads the topology of a Redis Cluster from one of its nodes. */
public interface ClusterDiscovery extends AutoCloseable {

  /**
   * The topology as the first node that answers sees it.
   *
   * @param seeds addresses (host:port) to ask, in order; a node that does not answer is skipped
   * @throws IllegalStateException when none answers, naming the last reason
   */
  ClusterTopology read(List<String> seeds);

  @Override
  void close();
}
