package io.github.redismem.testing;

import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Redis Cluster of three primaries and three replicas on loopback, formed the way {@code redis-cli --cluster
 * create} does it (CLUSTER ADDSLOTS, MEET, REPLICATE), so that it needs no redis-cli and works on 6.2 as on 7.x.
 * Primary {@code i} serves a third of the slots; replica {@code i} replicates it.
 */
public final class LoopbackCluster implements AutoCloseable {
  private static final Duration FORMING = Duration.ofSeconds(60);
  private final List<RedisServer> primaries = new ArrayList<>();
  private final List<RedisServer> replicas = new ArrayList<>();
  private final List<RedisServer> joined = new ArrayList<>();

  public LoopbackCluster(RedisBinary binary) {
    try {
      for (int i = 0; i < 6; i++) {
        RedisServer server = binary.start("cluster-enabled yes", "cluster-config-file nodes.conf",
            "cluster-node-timeout 3000");
        (i < 3 ? primaries : replicas).add(server);
      }
      form();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void form() {
    int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
    for (int i = 0; i < 3; i++) {
      int[] slots = new int[ranges[i][1] - ranges[i][0] + 1];
      for (int s = 0; s < slots.length; s++) {
        slots[s] = ranges[i][0] + s;
      }
      primaries.get(i).admin().clusterAddSlots(slots);
    }
    RedisServer first = primaries.get(0);
    for (RedisServer node : all()) {
      if (node != first) {
        node.admin().clusterMeet(first.host(), first.port());
      }
    }
    await("every node knows the six", () -> all().stream()
        .allMatch(n -> n.admin().clusterNodes().strip().split("\n").length == 6));
    for (int i = 0; i < 3; i++) {
      replicas.get(i).admin().clusterReplicate(primaries.get(i).admin().clusterMyId());
    }
    await("the cluster is ok and the replicas in sync", () -> all().stream()
        .allMatch(n -> n.admin().clusterInfo().contains("cluster_state:ok"))
        && replicas.stream().allMatch(r -> r.admin().info("replication").contains("master_link_status:up"))
        // gossip done: every node sees the three replicas as such
        && all().stream().allMatch(n -> n.admin().clusterNodes().split("slave").length == 4));
  }

  /** Starts one more node and makes it a replica of primary {@code i}; closed with the cluster. */
  public RedisServer join(RedisBinary binary, int i) {
    RedisServer node = binary.start("cluster-enabled yes", "cluster-config-file nodes.conf",
        "cluster-node-timeout 3000");
    joined.add(node);
    RedisServer first = primaries.get(0);
    node.admin().clusterMeet(first.host(), first.port());
    String primaryId = primaries.get(i).admin().clusterMyId();
    await("the new node knows the primary", () -> node.admin().clusterNodes().contains(primaryId));
    node.admin().clusterReplicate(primaryId);
    await("the new replica in sync and known to all", () ->
        node.admin().info("replication").contains("master_link_status:up")
        && all().stream().allMatch(n -> n.admin().clusterNodes().contains(node.admin().clusterMyId())));
    return node;
  }

  /** Stops a node and makes every other forget it (CLUSTER FORGET on each, before gossip brings it back). */
  public void remove(RedisServer node) {
    String id = node.admin().clusterMyId();
    node.close();
    joined.remove(node);
    for (RedisServer other : all()) {
      other.admin().clusterForget(id);
    }
  }

  /** Writes {@code key} on the primary serving its slot. */
  public void set(String key, String value) {
    primaryOf(key).admin().set(key, value);
  }

  /** The primary serving the key's slot now. */
  public RedisServer primaryOf(String key) {
    int slot = SlotHash.getSlot(key);
    for (RedisServer node : all()) {
      String nodes = node.admin().clusterNodes();
      for (String line : nodes.split("\n")) {
        if (line.contains("myself") && line.contains("master")) {
          String[] fields = line.trim().split(" ");
          for (int f = 8; f < fields.length; f++) {
            String range = fields[f];
            if (range.matches("\\d+(-\\d+)?")) {
              String[] ends = range.split("-");
              int lo = Integer.parseInt(ends[0]);
              int hi = Integer.parseInt(ends[ends.length - 1]);
              if (slot >= lo && slot <= hi) {
                return node;
              }
            }
          }
        }
      }
    }
    throw new IllegalStateException("no primary serves slot " + slot);
  }

  /** The servers started as primaries, in slot order. */
  public List<RedisServer> primaries() {
    return primaries;
  }

  /** The servers started as replicas: replica i of primary i. */
  public List<RedisServer> replicas() {
    return replicas;
  }

  public List<RedisServer> all() {
    List<RedisServer> out = new ArrayList<>(primaries);
    out.addAll(replicas);
    return out;
  }

  /**
   * Waits until {@code done}, at most a minute, else fails saying what was awaited. A check that throws (a
   * connection reset while a node changes role) counts as not yet; the last such failure is the cause.
   */
  public static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + FORMING.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + FORMING.toSeconds() + " s: " + what, last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    joined.forEach(RedisServer::close);
    all().forEach(RedisServer::close);
  }
}
