package io.github.redismem.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis nodes {@code /discover} lists for Prometheus {@code http_sd_configs}, one {@code /scrape} target each.
 * Kept behind an interface so that the server knows nothing of how the nodes were found.
 */
@FunctionalInterface
public interface DiscoveredNodes {
  /** Not watching a cluster: /discover answers 404. */
  DiscoveredNodes NONE = Optional::empty;

  /** The nodes known now, or empty when the exporter watches no cluster. */
  Optional<List<Node>> nodes();

  /**
   * One node.
   *
   * @param target its address as /scrape?target= takes it, {@code redis://host:port}
   * @param labels labels Prometheus attaches to its series ({@code node}, {@code role}, {@code shard}), from
   *     bounded sets: the cluster's nodes
   */
  record Node(String target, Map<String, String> labels) {}
}
