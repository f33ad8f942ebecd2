package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reply of {@code CLUSTER SHARDS} (Redis 7.0+), in RESP2: per shard, {@code slots} (start and end of each
 * range) and {@code nodes}, each node a list of field names and values ({@code id}, {@code port},
 * {@code tls-port}, {@code ip}, {@code endpoint}, {@code hostname}, {@code role}, {@code health}...). A node is
 * reached at its {@code endpoint} (the address the cluster tells clients to use) unless that is unknown
 * ({@code ?} or empty), then at its {@code ip}.
 */
final class ClusterShardsReply {
  private ClusterShardsReply() {}

  /**
   * @param reply the reply as Lettuce's nested output gives it: lists, strings and longs
   * @param tls whether clients connect with TLS, so at the {@code tls-port}
   */
  static ClusterTopology parse(List<?> reply, boolean tls) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (Object shardReply : reply) {
      Map<String, Object> shard = fields(shardReply);
      List<String> ranges = new ArrayList<>();
      List<?> slots = shard.get("slots") instanceof List<?> l ? l : List.of();
      for (int i = 0; i + 1 < slots.size(); i += 2) {
        String start = String.valueOf(slots.get(i));
        String end = String.valueOf(slots.get(i + 1));
        ranges.add(start.equals(end) ? start : start + "-" + end);
      }
      List<Map<String, Object>> members = new ArrayList<>();
      if (shard.get("nodes") instanceof List<?> list) {
        list.forEach(n -> members.add(fields(n)));
      }
      String primaryId = members.stream().filter(m -> "master".equals(text(m, "role"))).map(m -> text(m, "id"))
          .findFirst().orElse(members.isEmpty() ? "" : text(members.get(0), "id"));
      for (Map<String, Object> m : members) {
        String endpoint = text(m, "endpoint");
        String host = endpoint.isEmpty() || endpoint.equals("?") ? text(m, "ip") : endpoint;
        String port = tls && !text(m, "tls-port").isEmpty() ? text(m, "tls-port") : text(m, "port");
        if (port.isEmpty()) {
          port = text(m, "tls-port");
        }
        if (host.isEmpty() || port(port) == 0) {
          continue; // no address to reach it at
        }
        nodes.add(new ClusterNode(text(m, "id"), host, port(port), "master".equals(text(m, "role")),
            primaryId, String.join(",", ranges), health(text(m, "health"))));
      }
    }
    return new ClusterTopology(nodes);
  }

  /** A TCP port as a cluster reply prints it; 0 for none or for text that is no port. */
  static int port(String text) {
    if (!text.matches("[0-9]{1,5}")) {
      return 0;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : 0;
  }

  private static ClusterNode.Health health(String text) {
    return switch (text) {
      case "online" -> ClusterNode.Health.ONLINE;
      case "loading" -> ClusterNode.Health.LOADING;
      default -> ClusterNode.Health.FAILED;
    };
  }

  private static Map<String, Object> fields(Object reply) {
    Map<String, Object> out = new HashMap<>();
    if (reply instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        out.put(String.valueOf(list.get(i)), list.get(i + 1));
      }
    }
    return out;
  }

  private static String text(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? "" : String.valueOf(value);
  }
}
