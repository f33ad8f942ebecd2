package io.github.redismem.redis;

/**
 * One node of a Redis Cluster as the cluster announces it.
 *
 * @param id the node's id (40 hex digits)
 * @param host the announced endpoint: an IP address, or a host name where the cluster prefers those
 * @param port the port clients connect to (the TLS port for rediss://)
 * @param primary whether it serves its slots (a primary) or replicates them (a replica)
 * @param shard the id of the shard's primary: the node's own id for a primary, the one it replicates for a replica
 * @param slots the shard's slot ranges, as {@code 0-5460,10923}; empty for a primary without slots
 * @param health whether the cluster sees the node online, still loading (a replica in its first sync, as 7.0+ says;
 *     it will serve soon), or failed (failing, unreachable, in handshake)
 */
public record ClusterNode(String id, String host, int port, boolean primary, String shard, String slots,
    Health health) {

  /** What the cluster says of a node's state. */
  public enum Health { ONLINE, LOADING, FAILED }

  /** Online: it serves now. */
  public boolean healthy() {
    return health == Health.ONLINE;
  }

  /** host:port as announced, an IPv6 address in brackets: the node's name in URLs and labels. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** primary or replica. */
  public String role() {
    return primary ? "primary" : "replica";
  }

  ClusterNode withSlots(String value) {
    return new ClusterNode(id, host, port, primary, shard, value, health);
  }
}
