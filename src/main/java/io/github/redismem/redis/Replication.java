package io.github.redismem.redis;

import io.github.redismem.config.ReadFrom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A node's {@code INFO replication}, as far as choosing the node to sample needs it: its role, the primary it
 * replicates from, and its online replicas in the order INFO lists them; and the choice itself ({@link #pick}).
 * Pure, so the choice is tested with tables.
 *
 * @param primary whether the node is a primary ({@code role:master})
 * @param primaryNode where a replica's primary is ({@code master_host}, {@code master_port}); empty for a primary
 * @param onlineReplicas a primary's replicas whose {@code state} is {@code online}: a replica still loading its
 *     first copy ({@code wait_bgsave}, {@code send_bulk}) holds a part of the data, and would be sampled short
 */
record Replication(boolean primary, Optional<NodeAddress> primaryNode, List<NodeAddress> onlineReplicas) {
  private static final Pattern SLAVE = Pattern.compile("slave\\d{1,9}");

  Replication {
    onlineReplicas = List.copyOf(onlineReplicas);
  }

  static Replication parse(InfoReply info) {
    Map<String, String> section = info.section("replication");
    boolean primary = !"slave".equals(section.getOrDefault("role", "master"));
    Optional<NodeAddress> primaryNode = Optional.empty();
    String host = section.get("master_host");
    String port = section.get("master_port");
    if (!primary && host != null && port != null && port.matches("\\d{1,5}")) {
      primaryNode = Optional.of(new NodeAddress(host, Integer.parseInt(port)));
    }
    List<NodeAddress> replicas = new ArrayList<>();
    // INFO lists slave0, slave1, ... in that order: kept, so that the first online replica is INFO's first
    section.keySet().stream().filter(k -> SLAVE.matcher(k).matches())
        .sorted(Comparator.comparingInt(k -> Integer.parseInt(k.substring("slave".length()))))
        .forEach(k -> replica(section.get(k)).ifPresent(replicas::add));
    return new Replication(primary, primaryNode, replicas);
  }

  /** {@code ip=10.0.0.2,port=6380,state=online,offset=...,lag=0}: the node when it is online. */
  private static Optional<NodeAddress> replica(String line) {
    String ip = null;
    String port = null;
    String state = null;
    for (String field : line.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String value = field.substring(eq + 1);
      switch (field.substring(0, eq)) {
        case "ip" -> ip = value;
        case "port" -> port = value;
        case "state" -> state = value;
        default -> { }
      }
    }
    if (ip == null || port == null || !port.matches("\\d{1,5}") || !"online".equals(state)) {
      return Optional.empty();
    }
    return Optional.of(new NodeAddress(ip, Integer.parseInt(port)));
  }

  /**
   * The node {@code readFrom} picks, this being redis.addr's replication.
   *
   * @param addr redis.addr's own host and port
   * @param last the node of the previous choice: kept while it is still an online replica, so that pass after
   *     pass reads the same replica (its connection and what it was found to permit) rather than alternating
   */
  NodeAddress pick(ReadFrom readFrom, NodeAddress addr, Optional<NodeAddress> last) {
    return switch (readFrom) {
      case ANY -> addr;
      case PRIMARY -> primary ? addr : primaryNode.orElse(addr);
      case REPLICA -> {
        if (!primary || onlineReplicas.isEmpty()) {
          yield addr; // a replica itself; or a primary alone, sampled as onPrimary says
        }
        yield last.filter(onlineReplicas::contains).orElse(onlineReplicas.get(0));
      }
    };
  }
}
