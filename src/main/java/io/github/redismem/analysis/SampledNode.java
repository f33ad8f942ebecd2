package io.github.redismem.analysis;

/**
 * The node the sampler reads for its running (or last) pass.
 *
 * @param node {@code host:port}, as redis.addr or INFO replication names it
 * @param role {@code primary} or {@code replica}, as the node said at the pass's start
 */
public record SampledNode(String node, String role) {}
