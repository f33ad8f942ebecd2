package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.LoopbackCluster;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.RedisTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * redis.cluster against a real 3-primary / 3-replica cluster on loopback: /discover lists every node with its role,
 * each node's /scrape counts its own keys, each shard is sampled once on its replica (the primaries see no SCAN),
 * the shards' sampled key counts add up to the truth, and after a CLUSTER FAILOVER the roles and the sampler follow.
 */
class ClusterIT {

  @RedisTest
  void everyNodeIsDiscoveredScrapedAndEachShardSampledOnItsReplica(RedisBinary binary) throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster(binary)) {
      Map<Integer, Integer> truth = new HashMap<>(); // keys per shard, by the index of its first primary
      for (int i = 0; i < 300; i++) {
        String key = (i % 3 == 0 ? "session:" : "user:") + i;
        cluster.set(key, "v" + i);
        truth.merge(cluster.primaries().indexOf(cluster.primaryOf(key)), 1, Integer::sum);
      }
      for (int i = 0; i < 60; i++) {
        String key = "cart:" + i;
        cluster.primaryOf(key).admin().hset(key, Map.of("a", "1", "b", "2", "c", "3"));
        truth.merge(cluster.primaries().indexOf(cluster.primaryOf(key)), 1, Integer::sum);
      }
      assertThat(truth.keySet()).containsExactlyInAnyOrder(0, 1, 2);
      LoopbackCluster.await("replicas caught up", () -> allShards(i ->
          cluster.replicas().get(i).admin().dbsize() == (long) truth.get(i)));
      RedisServer seed = cluster.primaries().get(0);
      clusterWideEarlyEstimate(seed);
      // no Redis time budget (SamplerThrottleIT proves it): this test proves where the passes run and what they
      // count. At the daemon's 0.01, a pipelined batch on a loaded 2-core machine (its round trip counted as Redis
      // time) was followed by pauses long enough that the first passes over 120 keys a shard took 24 s
      try (Exporter exporter = RunningExporter.against(seed, "--redis.cluster=true", "--redis.cluster-refresh=2s",
          "--sampling.interval=1s", "--sampling.maxRedisTimeRatio=1")) {
        LoopbackCluster.await("six nodes discovered", () -> discover(exporter).size() == 6);
        assertRoles(exporter, cluster.primaries(), cluster.replicas());
        for (int i = 0; i < 3; i++) {
          for (RedisServer node : List.of(cluster.primaries().get(i), cluster.replicas().get(i))) {
            Scrape s = scrape(exporter, node);
            assertThat(s.require("redismem_up")).as(node.toString()).isEqualTo(1.0);
            assertThat(s.require("redismem_db_keys{db=\"0\"}")).as(node.toString()).isEqualTo((double) truth.get(i));
          }
        }
        // each shard sampled once, on its replica, and the shards add up to the truth
        int sampledTotal = 0;
        for (int i = 0; i < 3; i++) {
          int sampled = sampledKeys(exporter, cluster.replicas().get(i));
          assertThat(sampled).isEqualTo(truth.get(i));
          sampledTotal += sampled;
          assertThat(scrape(exporter, cluster.primaries().get(i)).body()).doesNotContain("redismem_scan_passes_total");
        }
        assertThat(sampledTotal).isEqualTo(360);
        Scrape wide = clusterWide(exporter, cluster, truth);
        assertThat(wide.labelled("redismem_cluster_node_sampling", "node")).containsOnlyKeys(addresses(cluster.all()))
            .containsAllEntriesOf(ones(addresses(cluster.replicas())));
        // the same figures on the report page's data, and from analyze
        assertThat(reportOf(exporter, cluster, truth).get("cluster_nodes")).asList().hasSize(6);
        AnalyzeIT.Run run = AnalyzeIT.analyze(() -> false, "--redis.addr=redis://" + address(seed),
            "--redis.cluster=true", "--format=json", "--sampling.maxRedisTimeRatio=1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("6 nodes in 3 shards");
        assertReport((Map<?, ?>) Json.parse(run.out()), cluster, truth);
        for (RedisServer primary : cluster.primaries()) {
          assertThat(primary.admin().info("commandstats")).doesNotContain("cmdstat_scan:", "cmdstat_evalsha");
        }
        // a replica's sampler pipelines: a script there reads its keys without READONLY and is refused
        for (RedisServer replica : cluster.replicas()) {
          assertThat(replica.admin().info("commandstats")).contains("cmdstat_scan:").doesNotContain("cmdstat_evalsha");
        }
        assertThat(exporter.clusterSamplers()).containsExactlyInAnyOrderElementsOf(cluster.replicas().stream()
            .map(ClusterIT::address).toList());

        // the first replica takes over its shard: roles and the sampler follow
        RedisServer promoted = cluster.replicas().get(0);
        RedisServer demoted = cluster.primaries().get(0);
        promoted.admin().clusterFailover(false);
        LoopbackCluster.await("failover done", () -> promoted.admin().info("replication").contains("role:master")
            && demoted.admin().info("replication").contains("master_link_status:up"));
        LoopbackCluster.await("/discover shows the new roles", () -> {
          Map<String, String> roles = roles(exporter);
          return "primary".equals(roles.get(address(promoted))) && "replica".equals(roles.get(address(demoted)));
        });
        assertRoles(exporter, List.of(promoted, cluster.primaries().get(1), cluster.primaries().get(2)),
            List.of(demoted, cluster.replicas().get(1), cluster.replicas().get(2)));
        promoted.admin().configResetstat();
        assertThat(scrape(exporter, promoted).require("redismem_db_keys{db=\"0\"}")).isEqualTo((double) truth.get(0));
        // the next passes run on the demoted node, now the shard's replica, and none on the new primary
        assertThat(sampledKeys(exporter, demoted)).isEqualTo(truth.get(0));
        assertThat(scrape(exporter, promoted).body()).doesNotContain("redismem_scan_passes_total");
        assertThat(promoted.admin().info("commandstats")).doesNotContain("cmdstat_scan:", "cmdstat_evalsha");
        assertThat(exporter.clusterSamplers()).containsExactlyInAnyOrder(address(demoted),
            address(cluster.replicas().get(1)), address(cluster.replicas().get(2)));
        // the cluster-wide figures: the demoted node's pass stands for its shard now
        LoopbackCluster.await("the demoted node's pass in the cluster-wide figures", () ->
            Scrape.get(exporter.port(), "/metrics").labelled("redismem_cluster_node_pass_keys", "node")
                .containsKey(address(demoted)));
        clusterWide(exporter, cluster, truth);

        // a node that joins is found and scraped; once it leaves, it is closed and refused
        RedisServer joined = cluster.join(binary, 1);
        // the seed may first see it as a primary without slots, until gossip says otherwise
        LoopbackCluster.await("seven nodes discovered, the new one a replica", () -> roles(exporter).size() == 7
            && "replica".equals(roles(exporter).get(address(joined))));
        assertThat(scrape(exporter, joined).require("redismem_db_keys{db=\"0\"}")).isEqualTo((double) truth.get(1));
        cluster.remove(joined);
        LoopbackCluster.await("back to six nodes", () -> roles(exporter).size() == 6);
        assertThat(roles(exporter)).doesNotContainKey(address(joined));
        assertThat(scrape(exporter, joined).status()).isEqualTo(403);
        assertThat(exporter.clusterSamplers()).hasSize(3).doesNotContain(address(joined));
      }
    }
  }

  @RedisTest
  void aNodeFoundDownMakesTheTopologyReadAgainAtOnce(RedisBinary binary) throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster(binary)) {
      RedisServer primary = cluster.primaries().get(0);
      RedisServer replica = cluster.replicas().get(0);
      // first, a sidecar beside the replica (no redis.cluster): it samples the node it runs beside, the replica
      int keys = 0;
      for (int i = 0; i < 200; i++) {
        String key = "sidecar:" + i;
        cluster.set(key, "v");
        keys += cluster.primaryOf(key) == primary ? 1 : 0;
      }
      int onPrimary = keys;
      LoopbackCluster.await("the replica caught up", () -> replica.admin().dbsize() == onPrimary);
      try (Exporter sidecar = RunningExporter.against(replica, "--sampling.interval=1h", "--sampling.on-primary=false",
          "--sampling.read-from=any", "--sampling.maxRedisTimeRatio=1")) {
        LoopbackCluster.await("the sidecar's pass", () -> Scrape.get(sidecar.port(), "/metrics").series()
            .getOrDefault("redismem_scan_passes_total", 0.0) >= 1);
        Scrape m = Scrape.get(sidecar.port(), "/metrics");
        // the replica answered its keyed reads (READONLY): every key counted, none vanished, no error
        assertThat(m.labelled("redismem_keys", "db", "data_type", "encoding").values().stream()
            .mapToDouble(Double::doubleValue).sum()).isEqualTo(onPrimary);
        assertThat(m.require("redismem_scan_keys_vanished_total")).isZero();
        assertThat(m.labelled("redismem_scan_errors_total", "reason").values()).allMatch(n -> n == 0.0);
      }
      // an hour between reads: only the scrape that finds the node down can make the exporter look again
      try (Exporter exporter = RunningExporter.against(primary, "--redis.cluster=true", "--redis.cluster-refresh=1h",
          "--sampling.interval=1h")) {
        LoopbackCluster.await("a sampler on each replica", () -> exporter.clusterSamplers()
            .equals(cluster.replicas().stream().map(ClusterIT::address).collect(Collectors.toSet())));
        ((RedisServerProcess) replica).stop();
        // once the cluster marks it failed, the shard has no replica left: its primary samples (onPrimary)
        LoopbackCluster.await("the sampler moved to the primary", () -> {
          assertThat(scrape(exporter, replica).require("redismem_up")).isEqualTo(0.0);
          return exporter.clusterSamplers().contains(address(primary));
        });
        assertThat(exporter.clusterSamplers()).doesNotContain(address(replica)).hasSize(3);
      }
    }
  }

  @RedisTest
  void discoverIsNotFoundWithoutACluster(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start(); Exporter exporter = RunningExporter.against(redis)) {
      Scrape s = Scrape.get(exporter.port(), "/discover");
      assertThat(s.status()).isEqualTo(404);
      assertThat(s.body()).contains("redis.cluster");
      // analyze told a lone server is a cluster says so and stops before any pass
      AnalyzeIT.Run run = AnalyzeIT.analyze(() -> false, "--redis.addr=" + redis.uri(), "--redis.cluster=true");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("cannot read the cluster's topology from " + address(redis));
      assertThat(run.out()).isEmpty();
    }
  }

  private interface ShardCheck {
    boolean holds(int shard);
  }

  private static boolean allShards(ShardCheck check) {
    for (int i = 0; i < 3; i++) {
      if (!check.holds(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * /metrics once every shard is in the cluster-wide figures: they equal the truth (keys per type, encoding and
   * prefix), each node counts its own, the totals sum the primaries, and each shard's pass covers its keys.
   */
  private static Scrape clusterWide(Exporter exporter, LoopbackCluster cluster, Map<Integer, Integer> truth) {
    LoopbackCluster.await("every shard in the cluster-wide figures", () -> Scrape.get(exporter.port(), "/metrics")
        .series().getOrDefault("redismem_cluster_shards_covered", 0.0) == 3);
    Scrape m = Scrape.get(exporter.port(), "/metrics");
    assertThat(m.require("redismem_up")).isEqualTo(1.0);
    assertThat(m.require("redismem_cluster_shards")).isEqualTo(3.0);
    assertThat(m.require("redismem_cluster_keys")).isEqualTo(360.0);
    long used = 0;
    for (RedisServer node : cluster.all()) {
      // the primaries now: after a failover, not those the cluster was formed with
      if (node.admin().info("replication").contains("role:master")) {
        used += Long.parseLong(node.admin().info("memory").replaceAll("(?s).*\\bused_memory:(\\d+).*", "$1"));
      }
    }
    // used_memory moves by a few bytes between two reads (client buffers): near, not equal
    assertThat(m.require("redismem_cluster_used_memory_bytes")).isCloseTo(used, org.assertj.core.data.Percentage
        .withPercentage(5));
    Map<String, Double> keys = m.labelled("redismem_keys", "db", "data_type", "encoding");
    assertThat(keys.get("0|string|embstr")).isEqualTo(300.0);
    assertThat(keys.entrySet().stream().filter(e -> e.getKey().startsWith("0|hash|")).mapToDouble(Map.Entry::getValue)
        .sum()).isEqualTo(60.0);
    assertThat(keys.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(360.0);
    assertThat(m.labelled("redismem_prefix_keys", "db", "prefix")).containsEntry("0|session:", 100.0)
        .containsEntry("0|user:", 200.0).containsEntry("0|cart:", 60.0);
    assertThat(m.labelled("redismem_cluster_node_up", "node")).isEqualTo(ones(addresses(cluster.all())));
    Map<String, Double> nodeKeys = m.labelled("redismem_cluster_node_keys", "node");
    Map<String, Double> passKeys = m.labelled("redismem_cluster_node_pass_keys", "node");
    assertThat(passKeys).hasSize(3);
    for (int i = 0; i < 3; i++) {
      String primary = address(cluster.primaries().get(i));
      String replica = address(cluster.replicas().get(i));
      // after the failover the first shard's primary is the first replica: the truth is per shard either way
      assertThat(nodeKeys.get(primary)).isEqualTo((double) truth.get(i));
      assertThat(nodeKeys.get(replica)).isEqualTo((double) truth.get(i));
      assertThat(passKeys.getOrDefault(primary, 0.0) + passKeys.getOrDefault(replica, 0.0))
          .isEqualTo((double) truth.get(i));
    }
    // bytes: the cluster-wide figure is the sum of the shards' own passes, as /scrape shows each
    double shardBytes = 0;
    for (String node : passKeys.keySet()) {
      shardBytes += Scrape.get(exporter.port(), "/scrape?target=" + URLEncoder.encode("redis://" + node,
          StandardCharsets.UTF_8)).labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding").values()
          .stream().mapToDouble(Double::doubleValue).sum();
    }
    assertThat(m.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding").values().stream()
        .mapToDouble(Double::doubleValue).sum()).isEqualTo(shardBytes).isPositive();
    return m;
  }

  /**
   * While the shards' first passes run, the cluster-wide report and /metrics carry the merge of the shards' early
   * estimates: each shard's extrapolated to the keys its node counted, so that with every shard estimated the keys
   * add up to the cluster's 360 exactly, the categories within their ranges.
   */
  private static void clusterWideEarlyEstimate(RedisServer seed) throws Exception {
    // 10 keys a second: a shard's 120 keys take 12 s, and an estimate stands from the pass's first second
    try (Exporter slow = RunningExporter.against(seed, "--redis.cluster=true", "--sampling.interval=1h",
        "--sampling.maxRedisTimeRatio=1", "--sampling.maxKeysPerSecond=10")) {
      Map<?, ?>[] seen = new Map<?, ?>[1];
      LoopbackCluster.await("a cluster-wide estimate of every shard", () -> {
        Map<?, ?> report = (Map<?, ?>) Json.parse(Scrape.get(slow.port(), "/report.json").body());
        if (report.get("estimate") instanceof Map<?, ?> e && report.get("analysis") == null
            && Math.round(sum((Map<?, ?>) e.get("analysis"), "keys")) == 360) {
          seen[0] = e;
          return true;
        }
        return false;
      });
      assertThat(((Number) seen[0].get("progress")).doubleValue()).isStrictlyBetween(0.0, 1.0);
      Map<?, ?> analysis = (Map<?, ?>) seen[0].get("analysis");
      assertThat(sum(analysis, "keys_low")).isLessThanOrEqualTo(360.0);
      assertThat(sum(analysis, "keys_high")).isGreaterThanOrEqualTo(360.0);
      Scrape m = Scrape.get(slow.port(), "/metrics");
      if (!m.body().contains("redismem_scan_last_pass_timestamp_seconds")) { // no shard has completed yet
        assertThat(m.require("redismem_scan_results_estimated")).isEqualTo(1.0);
      }
    }
  }

  /** A field summed over an analysis's encodings. */
  private static double sum(Map<?, ?> analysis, String field) {
    return ((List<?>) analysis.get("encodings")).stream()
        .mapToDouble(e -> ((Number) ((Map<?, ?>) e).get(field)).doubleValue()).sum();
  }

  private static Map<?, ?> reportOf(Exporter exporter, LoopbackCluster cluster, Map<Integer, Integer> truth) {
    Scrape page = Scrape.get(exporter.port(), "/");
    assertThat(page.body()).contains("id=\"cluster-nodes-table\"");
    Map<?, ?> report = (Map<?, ?>) Json.parse(Scrape.get(exporter.port(), "/report.json").body());
    assertReport(report, cluster, truth);
    return report;
  }

  /** A cluster's JSON report: the primaries summed, every node a row, the analysis of every key. */
  private static void assertReport(Map<?, ?> report, LoopbackCluster cluster, Map<Integer, Integer> truth) {
    Map<?, ?> instance = (Map<?, ?>) report.get("instance");
    assertThat(instance.get("role")).isEqualTo("cluster");
    assertThat(((Number) instance.get("keys")).longValue()).isEqualTo(360);
    List<?> nodes = (List<?>) report.get("cluster_nodes");
    assertThat(nodes.stream().map(n -> (String) ((Map<?, ?>) n).get("node")).toList())
        .containsExactlyInAnyOrderElementsOf(addresses(cluster.all()));
    long passKeys = nodes.stream().mapToLong(n -> ((Number) ((Map<?, ?>) n).get("pass_keys")).longValue()).sum();
    assertThat(passKeys).isEqualTo(truth.values().stream().mapToInt(Integer::intValue).sum());
    Map<?, ?> analysis = (Map<?, ?>) report.get("analysis");
    assertThat(((Number) analysis.get("keys_inspected")).longValue()).isEqualTo(360);
    // each top key names the node whose pass found it: a node whose pass is in the analysis
    List<String> passNodes = nodes.stream().map(n -> (Map<?, ?>) n)
        .filter(n -> ((Number) n.get("pass_keys")).longValue() > 0).map(n -> (String) n.get("node")).toList();
    assertThat(passNodes).hasSize(3);
    List<?> top = (List<?>) analysis.get("top_keys");
    assertThat(top).isNotEmpty();
    assertThat(top.stream().map(k -> (String) ((Map<?, ?>) k).get("node")).toList()).isSubsetOf(passNodes);
  }

  private static List<String> addresses(List<RedisServer> nodes) {
    return nodes.stream().map(ClusterIT::address).toList();
  }

  private static Map<String, Double> ones(List<String> keys) {
    return keys.stream().collect(Collectors.toMap(k -> k, k -> 1.0));
  }

  private static void assertRoles(Exporter exporter, List<RedisServer> primaries, List<RedisServer> replicas) {
    List<Map<?, ?>> entries = discover(exporter);
    Map<String, String> expected = new HashMap<>();
    primaries.forEach(p -> expected.put(address(p), "primary"));
    replicas.forEach(r -> expected.put(address(r), "replica"));
    assertThat(roles(exporter)).isEqualTo(expected);
    for (Map<?, ?> entry : entries) {
      assertThat(entry.get("targets")).isEqualTo(List.of("127.0.0.1:" + exporter.port()));
      Map<?, ?> labels = (Map<?, ?>) entry.get("labels");
      assertThat(labels.get("__param_target")).isEqualTo("redis://" + labels.get("node"));
      assertThat((String) labels.get("shard")).matches("\\d+-\\d+");
    }
  }

  private static Map<String, String> roles(Exporter exporter) {
    return discover(exporter).stream().map(e -> (Map<?, ?>) e.get("labels"))
        .collect(Collectors.toMap(l -> (String) l.get("node"), l -> (String) l.get("role")));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<?, ?>> discover(Exporter exporter) {
    Scrape s = Scrape.get(exporter.port(), "/discover");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("Content-Type")).startsWith("application/json");
    return (List<Map<?, ?>>) Json.parse(s.body());
  }

  /** The keys the node's sampler counted in its first completed pass (waiting for it). */
  private static int sampledKeys(Exporter exporter, RedisServer node) {
    LoopbackCluster.await("a pass on " + node, () ->
        scrape(exporter, node).series().getOrDefault("redismem_scan_passes_total", 0.0) >= 1);
    return (int) scrape(exporter, node).labelled("redismem_keys", "db", "data_type", "encoding").values().stream()
        .mapToDouble(Double::doubleValue).sum();
  }

  private static Scrape scrape(Exporter exporter, RedisServer node) {
    return Scrape.get(exporter.port(), "/scrape?target="
        + URLEncoder.encode("redis://" + address(node), StandardCharsets.UTF_8));
  }

  private static String address(RedisServer node) {
    return node.host() + ":" + node.port();
  }
}
