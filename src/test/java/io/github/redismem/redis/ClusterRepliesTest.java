package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CLUSTER NODES (6.2) and CLUSTER SHARDS (7.0+) replies captured from real clusters, parsed into one topology. */
class ClusterRepliesTest {
  private static final String A = "076e07c6753e1add91bec69acbd5d8775fc97750";
  private static final String B = "95b12ffaaba3601b9031827ebeb867434e266104";
  private static final String C = "7131b45bd22acc139da8afd6b54f22fc1e611515";
  private static final String RA = "eed15d2b6a9346cd8528ed0539e4ffd8d94ea234";
  private static final String RB = "227df092ff26d08ee74ff66a0f604d1f2aa98455";
  private static final String RC = "397391c13cd8f4c44b5ff99400e4e1461367fde9";

  /** redis-cli --cluster create, 3 primaries and 3 replicas on 127.0.0.1, as node 17004 (a replica) sees it. */
  private static final String NODES_FROM_REPLICA = """
      397391c13cd8f4c44b5ff99400e4e1461367fde9 127.0.0.1:17005@27005 slave 7131b45bd22acc139da8afd6b54f22fc1e611515 0 1796011610251 3 connected
      227df092ff26d08ee74ff66a0f604d1f2aa98455 127.0.0.1:17004@27004 myself,slave 95b12ffaaba3601b9031827ebeb867434e266104 0 1796011611000 2 connected
      076e07c6753e1add91bec69acbd5d8775fc97750 127.0.0.1:17001@27001 master - 0 1796011612270 1 connected 0-5460
      eed15d2b6a9346cd8528ed0539e4ffd8d94ea234 127.0.0.1:17006@27006 slave 076e07c6753e1add91bec69acbd5d8775fc97750 0 1796011609000 1 connected
      95b12ffaaba3601b9031827ebeb867434e266104 127.0.0.1:17002@27002 master - 0 1796011610000 2 connected 5461-10922
      7131b45bd22acc139da8afd6b54f22fc1e611515 127.0.0.1:17003@27003 master - 0 1796011611259 3 connected 10923-16383
      """;

  @Test
  void clusterNodesGivesEveryNodeWithRoleShardAndSlots() {
    ClusterTopology t = ClusterNodesReply.parse(NODES_FROM_REPLICA);
    assertThat(t.nodes()).containsExactly(
        new ClusterNode(RC, "127.0.0.1", 17005, false, C, "10923-16383", ClusterNode.Health.ONLINE),
        new ClusterNode(RB, "127.0.0.1", 17004, false, B, "5461-10922", ClusterNode.Health.ONLINE),
        new ClusterNode(A, "127.0.0.1", 17001, true, A, "0-5460", ClusterNode.Health.ONLINE),
        new ClusterNode(RA, "127.0.0.1", 17006, false, A, "0-5460", ClusterNode.Health.ONLINE),
        new ClusterNode(B, "127.0.0.1", 17002, true, B, "5461-10922", ClusterNode.Health.ONLINE),
        new ClusterNode(C, "127.0.0.1", 17003, true, C, "10923-16383", ClusterNode.Health.ONLINE));
    assertThat(t.shards()).hasSize(3);
    assertThat(t.shards().get(A)).extracting(ClusterNode::address).containsExactly("127.0.0.1:17001", "127.0.0.1:17006");
  }

  /** Each row: a CLUSTER NODES line, and the node it names (null: left out, it has no address). */
  private record Line(String line, ClusterNode expected) {}

  @Test
  void clusterNodesFlagsAndOddities() {
    List<Line> table = List.of(
        // a failed primary after its replica took over: still listed, unhealthy, no slots
        new Line(A + " 10.0.0.1:6379@16379 master,fail - 1796011610000 1796011609000 1 disconnected",
            new ClusterNode(A, "10.0.0.1", 6379, true, A, "", ClusterNode.Health.FAILED)),
        // suspected failing (pfail) replica
        new Line(RA + " 10.0.0.2:6379@16379 slave,fail? " + A + " 0 0 1 connected",
            new ClusterNode(RA, "10.0.0.2", 6379, false, A, "", ClusterNode.Health.FAILED)),
        // link down though not flagged yet
        new Line(RA + " 10.0.0.2:6379@16379 slave " + A + " 0 0 1 disconnected",
            new ClusterNode(RA, "10.0.0.2", 6379, false, A, "", ClusterNode.Health.FAILED)),
        // 7.0 hostname after the comma; the address is the ip; single slots and migrations in flight
        new Line(B + " 10.0.0.3:7000@17000,redis-b.example master - 0 0 2 connected 5 7-9 [10->-" + C + "] [11-<-"
            + C + "]", new ClusterNode(B, "10.0.0.3", 7000, true, B, "5,7-9", ClusterNode.Health.ONLINE)),
        // IPv6
        new Line(C + " ::1:7001@17001 myself,master - 0 0 3 connected 0-16383",
            new ClusterNode(C, "::1", 7001, true, C, "0-16383", ClusterNode.Health.ONLINE)),
        // a node met without an address yet: cannot be reached
        new Line(C + " :0@0 master,noaddr - 0 0 0 disconnected", null),
        // in handshake
        new Line(C + " 10.0.0.9:7002@17002 handshake - 0 0 0 connected",
            new ClusterNode(C, "10.0.0.9", 7002, false, C, "", ClusterNode.Health.FAILED)));
    for (Line row : table) {
      List<ClusterNode> nodes = ClusterNodesReply.parse(row.line() + "\n").nodes();
      if (row.expected() == null) {
        assertThat(nodes).as(row.line()).isEmpty();
      } else {
        assertThat(nodes).as(row.line()).containsExactly(row.expected());
      }
    }
    assertThat(new ClusterNode(C, "::1", 7001, true, C, "", ClusterNode.Health.ONLINE).address()).isEqualTo("[::1]:7001");
  }

  private static List<Object> node(String id, long port, String ip, String endpoint, String role, String health) {
    return List.of("id", id, "port", port, "ip", ip, "endpoint", endpoint, "role", role, "replication-offset", 98L,
        "health", health);
  }

  /** CLUSTER SHARDS of the same cluster (7.0.15), as Lettuce's nested output gives it; replicas still syncing. */
  private static final List<Object> SHARDS = List.of(
      List.of("slots", List.of(5461L, 10922L), "nodes", List.of(
          node(B, 17002, "127.0.0.1", "127.0.0.1", "master", "online"),
          node(RB, 17004, "127.0.0.1", "127.0.0.1", "replica", "loading"))),
      List.of("slots", List.of(0L, 5460L), "nodes", List.of(
          node(A, 17001, "127.0.0.1", "127.0.0.1", "master", "online"),
          node(RA, 17006, "127.0.0.1", "127.0.0.1", "replica", "online"))),
      List.of("slots", List.of(10923L, 16383L), "nodes", List.of(
          node(C, 17003, "127.0.0.1", "127.0.0.1", "master", "online"),
          node(RC, 17005, "127.0.0.1", "127.0.0.1", "replica", "failed"))));

  @Test
  void clusterShardsGivesEveryNodeWithHealth() {
    ClusterTopology t = ClusterShardsReply.parse(SHARDS, false);
    assertThat(t.nodes()).containsExactly(
        new ClusterNode(B, "127.0.0.1", 17002, true, B, "5461-10922", ClusterNode.Health.ONLINE),
        new ClusterNode(RB, "127.0.0.1", 17004, false, B, "5461-10922", ClusterNode.Health.LOADING),
        new ClusterNode(A, "127.0.0.1", 17001, true, A, "0-5460", ClusterNode.Health.ONLINE),
        new ClusterNode(RA, "127.0.0.1", 17006, false, A, "0-5460", ClusterNode.Health.ONLINE),
        new ClusterNode(C, "127.0.0.1", 17003, true, C, "10923-16383", ClusterNode.Health.ONLINE),
        new ClusterNode(RC, "127.0.0.1", 17005, false, C, "10923-16383", ClusterNode.Health.FAILED));
  }

  @Test
  void clusterShardsEndpointsPortsAndSeveralRanges() {
    List<Object> reply = List.of(
        List.of("slots", List.of(0L, 99L, 200L, 200L), "nodes", List.of(
            // a host name endpoint (cluster-preferred-endpoint-type hostname), TLS port beside the plain one
            List.of("id", A, "port", 6379L, "tls-port", 6380L, "ip", "10.0.0.1", "endpoint", "redis-a.example",
                "hostname", "redis-a.example", "role", "master", "replication-offset", 1L, "health", "online"),
            // endpoint unknown: the ip
            List.of("id", RA, "tls-port", 6380L, "ip", "10.0.0.2", "endpoint", "?", "role", "replica",
                "replication-offset", 1L, "health", "online"))),
        // a shard whose nodes all lost their address
        List.of("slots", List.of(), "nodes", List.of(List.of("id", B, "port", 0L, "ip", "", "endpoint", "",
            "role", "master", "health", "failed"))));
    assertThat(ClusterShardsReply.parse(reply, false).nodes()).containsExactly(
        new ClusterNode(A, "redis-a.example", 6379, true, A, "0-99,200", ClusterNode.Health.ONLINE),
        new ClusterNode(RA, "10.0.0.2", 6380, false, A, "0-99,200", ClusterNode.Health.ONLINE));
    assertThat(ClusterShardsReply.parse(reply, true).nodes()).extracting(ClusterNode::address)
        .containsExactly("redis-a.example:6380", "10.0.0.2:6380");
  }
}
