package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.ReadFrom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicationTest {
  private static final NodeAddress ADDR = new NodeAddress("10.0.0.1", 6379);
  private static final NodeAddress R1 = new NodeAddress("10.0.0.2", 6380);
  private static final NodeAddress R2 = new NodeAddress("10.0.0.3", 6381);

  /** A primary with two replicas, the first still receiving its copy (as Redis 7.0 prints it). */
  private static final String PRIMARY = """
      # Replication
      role:master
      connected_slaves:3
      slave0:ip=10.0.0.9,port=6390,state=wait_bgsave,offset=0,lag=0
      slave1:ip=10.0.0.2,port=6380,state=online,offset=1234,lag=0
      slave2:ip=10.0.0.3,port=6381,state=online,offset=1234,lag=1
      master_failover_state:no-failover
      master_replid:4a5c7c3e0b8b4f1e9e6f3f1f4a5c7c3e0b8b4f1e
      master_repl_offset:1234
      """;
  private static final String ALONE = "# Replication\nrole:master\nconnected_slaves:0\nmaster_repl_offset:0\n";
  private static final String REPLICA = """
      # Replication
      role:slave
      master_host:10.0.0.1
      master_port:6379
      master_link_status:up
      slave_read_only:1
      slave_priority:100
      slave_repl_offset:1234
      connected_slaves:0
      """;

  @Test
  void readsRoleOnlineReplicasInInfoOrderAndThePrimaryOfAReplica() {
    Replication primary = Replication.parse(InfoReply.parse(PRIMARY));
    assertThat(primary.primary()).isTrue();
    assertThat(primary.onlineReplicas()).containsExactly(R1, R2);
    assertThat(primary.primaryNode()).isEmpty();

    Replication replica = Replication.parse(InfoReply.parse(REPLICA));
    assertThat(replica.primary()).isFalse();
    assertThat(replica.onlineReplicas()).isEmpty(); // slave_read_only and friends are not replicas
    assertThat(replica.primaryNode()).contains(ADDR);
  }

  @Test
  void ordersReplicasByTheirNumberNotAsText() {
    StringBuilder info = new StringBuilder("# Replication\nrole:master\n");
    for (int i = 11; i >= 0; i--) {
      info.append("slave").append(i).append(":ip=10.1.0.").append(i).append(",port=6379,state=online\n");
    }
    assertThat(Replication.parse(InfoReply.parse(info.toString())).onlineReplicas().subList(0, 3))
        .extracting(NodeAddress::host).containsExactly("10.1.0.0", "10.1.0.1", "10.1.0.2");
  }

  static Stream<Arguments> choices() {
    Optional<NodeAddress> none = Optional.empty();
    return Stream.of(
        // readFrom, INFO replication of redis.addr, redis.addr, the previous choice, the node picked
        Arguments.of(ReadFrom.REPLICA, PRIMARY, ADDR, none, R1),
        Arguments.of(ReadFrom.REPLICA, PRIMARY, ADDR, Optional.of(R2), R2), // the same replica pass after pass
        Arguments.of(ReadFrom.REPLICA, PRIMARY, ADDR, Optional.of(new NodeAddress("10.0.0.9", 6390)), R1),
        Arguments.of(ReadFrom.REPLICA, ALONE, ADDR, none, ADDR), // no replica: the primary, as onPrimary says
        Arguments.of(ReadFrom.REPLICA, ALONE, ADDR, Optional.of(R1), ADDR), // the replica left
        Arguments.of(ReadFrom.REPLICA, REPLICA, R1, none, R1), // a replica samples itself
        Arguments.of(ReadFrom.PRIMARY, PRIMARY, ADDR, none, ADDR),
        Arguments.of(ReadFrom.PRIMARY, REPLICA, R1, none, ADDR), // a replica's primary, from master_host/port
        Arguments.of(ReadFrom.ANY, PRIMARY, ADDR, none, ADDR),
        Arguments.of(ReadFrom.ANY, REPLICA, R1, none, R1));
  }

  @ParameterizedTest
  @MethodSource("choices")
  void picks(ReadFrom readFrom, String info, NodeAddress addr, Optional<NodeAddress> last, NodeAddress expected) {
    assertThat(Replication.parse(InfoReply.parse(info)).pick(readFrom, addr, last)).isEqualTo(expected);
  }

  @Test
  void writesIpv6InBrackets() {
    assertThat(new NodeAddress("::1", 6380)).hasToString("[::1]:6380");
    assertThat(Replication.parse(InfoReply.parse("# Replication\nrole:master\nslave0:ip=::1,port=6380,state=online\n"))
        .onlineReplicas()).containsExactly(new NodeAddress("::1", 6380));
    assertThat(List.of(R1)).hasToString("[10.0.0.2:6380]");
  }
}
