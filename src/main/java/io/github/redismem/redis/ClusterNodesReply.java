package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reply of {@code CLUSTER NODES} (Redis 3.0+; what 6.2 offers), one node a line:
 * {@code id ip:port@cport[,hostname] flags primary-id ping pong epoch link-state slot...}. Nodes without an address
 * ({@code :0@0}, noaddr) cannot be reached and are left out.
 */
final class ClusterNodesReply {
  private static final Set<String> UNHEALTHY = Set.of("fail", "fail?", "handshake", "noaddr");

  private ClusterNodesReply() {}

  static ClusterTopology parse(String reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : reply.split("\r?\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 8) {
        continue;
      }
      String addr = f[1].split(",", 2)[0].split("@", 2)[0];
      int colon = addr.lastIndexOf(':');
      if (colon <= 0) {
        continue;
      }
      String host = addr.substring(0, colon);
      int port = ClusterShardsReply.port(addr.substring(colon + 1));
      if (port == 0) {
        continue; // noaddr, or not a port: an exception here would lose the whole topology for one line
      }
      List<String> flags = Arrays.asList(f[2].split(","));
      boolean primary = flags.contains("master");
      boolean healthy = flags.stream().noneMatch(UNHEALTHY::contains) && f[7].equals("connected");
      nodes.add(new ClusterNode(f[0], host, port, primary, primary || f[3].equals("-") ? f[0] : f[3],
          slots(f), healthy ? ClusterNode.Health.ONLINE : ClusterNode.Health.FAILED));
    }
    return new ClusterTopology(nodes);
  }

  /**
   * The slots of the shard of the node that answered (the line flagged {@code myself}): its own as a primary, its
   * primary's as a replica, as this node sees them now; empty when the reply names no such line (or, for a
   * replica, not its primary's). Read on its own, not through {@link #parse}: a node that knows no address of its
   * own yet is left out there.
   */
  static Optional<String> myShardSlots(String reply) {
    List<String[]> lines = new ArrayList<>();
    for (String line : reply.split("\r?\n")) {
      String[] f = line.trim().split(" ");
      if (f.length >= 8) {
        lines.add(f);
      }
    }
    for (String[] f : lines) {
      List<String> flags = Arrays.asList(f[2].split(","));
      if (!flags.contains("myself")) {
        continue;
      }
      if (flags.contains("master")) {
        return Optional.of(slots(f));
      }
      return lines.stream().filter(p -> p[0].equals(f[3])).findFirst().map(ClusterNodesReply::slots);
    }
    return Optional.empty();
  }

  /** The slot ranges of a line, as {@code 0-5460,10923}. */
  private static String slots(String[] f) {
    List<String> slots = new ArrayList<>();
    for (int i = 8; i < f.length; i++) {
      if (!f[i].startsWith("[")) { // [slot->-id] and [slot-<-id]: a migration in flight, not owned
        slots.add(f[i]);
      }
    }
    return String.join(",", slots);
  }
}
