package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.SampledNode;
import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.RedisTest;
import io.github.redismem.testing.TestCertificates;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sampling.readFrom on real replication (a primary and a replica made with {@code replicaof}): by default a pass
 * reads the replica and sends the primary none of its commands, with results equal to the truth; readFrom=primary
 * reads the primary; after a swap of roles between passes the next pass reads the new replica; a primary alone is
 * sampled as sampling.onPrimary says.
 */
class ReplicaFirstIT {
  /** The sampler's own commands: none of them may reach the node left alone. */
  private static final List<String> SAMPLER_COMMANDS = List.of("scan", "evalsha", "evalsha_ro", "memory|usage",
      "object|encoding", "object", "type", "pttl");

  @RedisTest
  void defaultSamplesTheReplicaAndLeavesThePrimaryUntouched(RedisBinary binary) throws Exception {
    try (RedisServer primary = binary.start();
        RedisServer replica = binary.start("replicaof 127.0.0.1 " + primary.port())) {
      List<String> keys = writeKnownData(primary.admin());
      awaitInSync(primary, replica, keys.size());
      Truth truth = Truth.of(replica.admin(), keys);
      // the same data on both: the replica replayed the primary's writes
      assertThat(Truth.counts(primary.admin(), keys)).isEqualTo(truth.keys());
      primary.admin().configResetstat();
      replica.admin().configResetstat();
      try (Exporter exporter = RunningExporter.against(primary, "--sampling.interval=1h",
          "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_scan_node_info", "node", "role"))
            .isEqualTo(Map.of("127.0.0.1:" + replica.port() + "|replica", 1.0));
        assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding")).isEqualTo(truth.keys());
        assertThat(s.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding"))
            .isEqualTo(truth.bytes());
        assertThat(s.require("redismem_scan_keys_total")).isEqualTo(keys.size());
        assertThat(samplerCalls(primary)).as("the primary's commandstats").isEmpty();
        assertThat(samplerCalls(replica)).as("the replica's commandstats").isNotEmpty();
        String json = Scrape.get(exporter.port(), "/report.json").body();
        assertThat(json).contains("\"node\":{\"address\":\"127.0.0.1:" + replica.port() + "\",\"role\":\"replica\"}");
      }
    }
  }

  @RedisTest
  void readFromPrimaryFindsThePrimaryOfAReplica(RedisBinary binary) throws Exception {
    try (RedisServer primary = binary.start();
        RedisServer replica = binary.start("replicaof 127.0.0.1 " + primary.port())) {
      List<String> keys = writeKnownData(primary.admin());
      awaitInSync(primary, replica, keys.size());
      Truth truth = Truth.of(primary.admin(), keys);
      primary.admin().configResetstat();
      replica.admin().configResetstat();
      try (Exporter exporter = RunningExporter.against(replica, "--sampling.readFrom=primary",
          "--sampling.interval=1h", "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_scan_node_info", "node", "role"))
            .isEqualTo(Map.of("127.0.0.1:" + primary.port() + "|primary", 1.0));
        assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding")).isEqualTo(truth.keys());
        assertThat(s.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding"))
            .isEqualTo(truth.bytes());
        assertThat(samplerCalls(replica)).as("the replica's commandstats").isEmpty();
        assertThat(samplerCalls(primary)).as("the primary's commandstats").isNotEmpty();
      }
    }
  }

  @RedisTest
  void theNextPassFollowsASwapOfRoles(RedisBinary binary) throws Exception {
    try (RedisServer a = binary.start();
        RedisServer b = binary.start("replicaof 127.0.0.1 " + a.port())) {
      List<String> keys = writeKnownData(a.admin());
      awaitInSync(a, b, keys.size());
      try (Exporter exporter = RunningExporter.against(a, "--sampling.interval=300ms",
          "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        assertThat(sampler.status().node()).contains(new SampledNode("127.0.0.1:" + b.port(), "replica"));

        // b is promoted and a follows it: redis.addr (a) is now the replica, and samples itself
        b.admin().replicaofNoOne();
        a.admin().replicaof("127.0.0.1", b.port());
        awaitInSync(b, a, keys.size());
        Optional<SampledNode> self = Optional.of(new SampledNode("127.0.0.1:" + a.port(), "replica"));
        await(() -> sampler.status().node().equals(self), "the sampler to move to " + self);
        long passes = sampler.status().passesTotal();
        b.admin().configResetstat(); // from here on, passes read a only
        a.admin().configResetstat();
        await(() -> sampler.status().passesTotal() >= passes + 2, "two more passes");
        assertThat(sampler.status().node()).isEqualTo(self);
        assertThat(samplerCalls(b)).as("the new primary's commandstats").isEmpty();
        assertThat(samplerCalls(a)).as("the new replica's commandstats").isNotEmpty();
        Truth truth = Truth.of(a.admin(), keys);
        // never counted twice: each pass read one node, whole
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding")).isEqualTo(truth.keys());
        assertThat(s.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding"))
            .isEqualTo(truth.bytes());
        assertThat(s.labelled("redismem_scan_node_info", "node", "role"))
            .isEqualTo(Map.of("127.0.0.1:" + a.port() + "|replica", 1.0));
      }
    }
  }

  @RedisTest
  void whenTheReplicaGoesAwayTheNextPassReadsThePrimaryAsOnPrimarySays(RedisBinary binary) throws Exception {
    try (RedisServer primary = binary.start();
        RedisServer replica = binary.start("replicaof 127.0.0.1 " + primary.port())) {
      List<String> keys = writeKnownData(primary.admin());
      awaitInSync(primary, replica, keys.size());
      try (Exporter exporter = RunningExporter.against(primary, "--sampling.interval=300ms",
          "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        assertThat(sampler.status().node()).contains(new SampledNode("127.0.0.1:" + replica.port(), "replica"));
        replica.stop();
        Optional<SampledNode> self = Optional.of(new SampledNode("127.0.0.1:" + primary.port(), "primary"));
        await(() -> sampler.status().node().equals(self), "the sampler to fall back to the primary");
        long passes = sampler.status().passesTotal();
        await(() -> sampler.status().passesTotal() > passes, "a pass on the primary");
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding"))
            .isEqualTo(Truth.counts(primary.admin(), keys));
        assertThat(s.require("redismem_scan_keys_total") - keys.size()).as("keys of passes after the first")
            .isGreaterThanOrEqualTo(keys.size());
      }
    }
  }

  /**
   * An announced address the exporter cannot reach fails the passes; they never move to the primary unasked. On
   * Debian's 7.0 only, to keep the suite's time: the five retries take 15 s of the exporter's own pauses, and what
   * fails is a connection to 127.0.0.1:1, the exporter's to handle; all a version gives is the replica's line in
   * INFO replication, read on both versions by every other test here.
   */
  @Test
  void anUnreachableReplicaFailsThePassesAndLeavesThePrimaryAlone() throws Exception {
    RedisBinary binary = RedisBinaries.required();
    try (RedisServer primary = binary.start();
        RedisServer replica = binary.start("replicaof 127.0.0.1 " + primary.port(), "replica-announce-port 1")) {
      List<String> keys = writeKnownData(primary.admin());
      awaitInSync(primary, replica, keys.size());
      primary.admin().configResetstat();
      try (Exporter exporter = RunningExporter.against(primary, "--sampling.interval=1h",
          "--allocator.interval=0")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        // five failed tries, 15 s of pauses between them
        await(() -> sampler.status().state().equals("failing"), "the pass on 127.0.0.1:1 to be abandoned");
        assertThat(sampler.status().errors().get("connection")).isEqualTo(5);
        assertThat(sampler.status().node()).isEmpty();
        assertThat(sampler.status().passesTotal()).isZero();
        assertThat(samplerCalls(primary)).as("the primary's commandstats").isEmpty();
      }
    }
  }

  /**
   * redis.addr as sentinels: the passes read the replica of the primary they name, and after SENTINEL FAILOVER
   * they leave the new primary alone and read the demoted node, now its replica.
   */
  @RedisTest
  void throughSentinelsTheReplicaIsSampledAndTheChoiceFollowsAFailover(RedisBinary binary) throws Exception {
    RedisBinary.Executable exe = (RedisBinary.Executable) binary;
    try (RedisServer first = binary.start();
        RedisServer second = binary.start("replicaof 127.0.0.1 " + first.port());
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(exe.path(), exe.version(),
            "sentinel monitor mymaster 127.0.0.1 " + first.port() + " 1",
            "sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 10000")) {
      List<String> keys = writeKnownData(first.admin());
      awaitInSync(first, second, keys.size());
      await(() -> sentinel.admin().info("sentinel").contains("slaves=1"), "the sentinel to see the replica");
      first.admin().configResetstat();
      try (Exporter exporter = RunningExporter.start("redis-sentinel://127.0.0.1:" + sentinel.port() + "/mymaster",
          "--sampling.interval=300ms", "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        assertThat(sampler.status().node()).contains(new SampledNode("127.0.0.1:" + second.port(), "replica"));
        assertThat(samplerCalls(first)).as("the primary's commandstats").isEmpty();

        // asked again while the sentinel answers NOGOODSLAVE (it had not read the replica's INFO lately: once in CI)
        assertThat(SentinelIT.failover(sentinel)).isEqualTo("OK");
        await(() -> second.admin().info("replication").contains("role:master")
            && first.admin().info("replication").contains("role:slave")
            && first.admin().info("replication").contains("master_link_status:up"), "the failover");
        await(() -> sampler.status().node().map(n -> n.role().equals("replica")
            && !n.node().equals("127.0.0.1:" + second.port())).orElse(false), "the sampler to leave the new primary");
        long passes = sampler.status().passesTotal();
        second.admin().configResetstat();
        first.admin().configResetstat();
        await(() -> sampler.status().passesTotal() >= passes + 2, "two more passes");
        assertThat(samplerCalls(second)).as("the new primary's commandstats").isEmpty();
        assertThat(samplerCalls(first)).as("the demoted node's commandstats").isNotEmpty();
        assertThat(sampler.status().lastPass().orElseThrow().keysInspected()).isEqualTo(keys.size());
      }
    }
  }

  @RedisTest
  void analyzeReadsTheReplicaTooAndSaysSo(RedisBinary binary) throws Exception {
    try (RedisServer primary = binary.start();
        RedisServer replica = binary.start("replicaof 127.0.0.1 " + primary.port())) {
      List<String> keys = writeKnownData(primary.admin());
      awaitInSync(primary, replica, keys.size());
      primary.admin().configResetstat();
      AnalyzeIT.Run run = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(primary, "--format=json"));
      assertThat(run.exitCode()).as(run.err()).isZero();
      String node = "127.0.0.1:" + replica.port();
      assertThat(run.err()).contains("sampling " + node + ", a replica (sampling.readFrom=replica), 600 keys");
      assertThat(run.out()).contains("\"node\":{\"address\":\"" + node + "\",\"role\":\"replica\"}")
          .contains("\"keys_inspected\":600");
      assertThat(samplerCalls(primary)).as("the primary's commandstats").isEmpty();

      // readFrom=any: the primary itself, as analyze did before readFrom
      AnalyzeIT.Run any = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(primary, "--sampling.readFrom=any"));
      assertThat(any.exitCode()).as(any.err()).isZero();
      assertThat(any.out()).contains("sampled node: 127.0.0.1:" + primary.port() + " (primary)");
      assertThat(samplerCalls(primary)).as("the primary's commandstats").isNotEmpty();
    }
  }

  @RedisTest
  void theReplicaIsReachedWithTheCredentialsAndRenamedCommandsOfRedisAddr(RedisBinary binary) throws Exception {
    String[] common = {"requirepass s3cret", "masterauth s3cret", "rename-command CONFIG cfg_x"};
    String[] replicaLines = Arrays.copyOf(common, common.length + 1);
    try (RedisServer primary = binary.start(common)) {
      replicaLines[common.length] = "replicaof 127.0.0.1 " + primary.port();
      try (RedisServer replica = binary.start(replicaLines)) {
        List<String> keys = writeKnownData(primary.admin());
        awaitInSync(primary, replica, keys.size());
        try (Exporter exporter = RunningExporter.against(primary, "--redis.password=s3cret",
            "--redis.renamed-commands=CONFIG=cfg_x", "--sampling.interval=1h", "--sampling.maxRedisTimeRatio=1",
            "--allocator.interval=0")) {
          SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
          Scrape s = Scrape.get(exporter.port(), "/metrics");
          assertThat(s.labelled("redismem_scan_node_info", "node", "role"))
              .isEqualTo(Map.of("127.0.0.1:" + replica.port() + "|replica", 1.0));
          assertThat(s.require("redismem_scan_keys_total")).isEqualTo(keys.size());
          // the thresholds were read on the replica under CONFIG's new name
          assertThat(s.require("redismem_capability{command=\"config_get\"}")).isEqualTo(1);
          assertThat(exporter.sampler().orElseThrow().status().limits()).isEmpty();
        }
      }
    }
  }

  /** A TLS primary and replica (tls-replication): the replica is reached with redis.tls, client certificate too. */
  @Test
  void theReplicaIsReachedWithTheTlsSettingsOfRedisAddr(@TempDir Path dir) throws Exception {
    RedisBinary.Executable binary = RedisBinaries.systemWithTls();
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued server = ca.issue("server", "DNS:redis.internal");
    TestCertificates.Issued client = ca.issue("client");
    String[] tls = {"tls-cert-file " + server.cert(), "tls-key-file " + server.key(),
        "tls-ca-cert-file " + ca.cert(), "tls-auth-clients yes", "tls-replication yes"};
    try (RedisServerProcess primary = RedisServerProcess.startWithTls(binary.path(), binary.version(), tls)) {
      String[] replicaLines = Arrays.copyOf(tls, tls.length + 1);
      replicaLines[tls.length] = "replicaof 127.0.0.1 " + primary.tlsPort();
      try (RedisServerProcess replica = RedisServerProcess.startWithTls(binary.path(), binary.version(),
          replicaLines)) {
        List<String> keys = writeKnownData(primary.admin());
        awaitInSync(primary, replica, keys.size());
        primary.admin().configResetstat();
        try (Exporter exporter = RunningExporter.start("rediss://127.0.0.1:" + primary.tlsPort(),
            "--redis.tls.ca-file=" + ca.cert(), "--redis.tls.cert-file=" + client.cert(),
            "--redis.tls.key-file=" + client.key(), "--redis.tls.server-name=redis.internal",
            "--sampling.interval=1h", "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
          SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
          // the replica announces its TLS port (tls-replication), which the sampler reached over TLS
          assertThat(exporter.sampler().orElseThrow().status().node())
              .contains(new SampledNode("127.0.0.1:" + replica.tlsPort(), "replica"));
          assertThat(exporter.sampler().orElseThrow().status().lastPass().orElseThrow().keysInspected())
              .isEqualTo(keys.size());
          assertThat(samplerCalls(primary)).as("the primary's commandstats").isEmpty();
        }
      }
    }
  }

  @RedisTest
  void aPrimaryWithoutReplicasIsSampledAsOnPrimarySays(RedisBinary binary) throws Exception {
    try (RedisServer alone = binary.start()) {
      List<String> keys = writeKnownData(alone.admin());
      try (Exporter exporter = RunningExporter.against(alone, "--sampling.interval=1h",
          "--sampling.maxRedisTimeRatio=1", "--allocator.interval=0")) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_scan_node_info", "node", "role"))
            .isEqualTo(Map.of(alone.host() + ":" + alone.port() + "|primary", 1.0));
        assertThat(s.require("redismem_scan_keys_total")).isEqualTo(keys.size());
      }
      try (Exporter exporter = RunningExporter.against(alone, "--sampling.onPrimary=false",
          "--sampling.interval=200ms", "--allocator.interval=0")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        await(() -> sampler.status().state().equals("skipped_primary"), "the primary to be skipped");
        Thread.sleep(600); // a few more choices, all skipped
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.require("redismem_scan_state{state=\"skipped_primary\"}")).isEqualTo(1);
        assertThat(s.require("redismem_scan_passes_total")).isZero();
        assertThat(s.body()).doesNotContain("redismem_scan_node_info{");
      }
    }
  }

  /** 600 keys of five kinds whose encodings are the same on 6.2 and 7.0 and after an RDB load. */
  static List<String> writeKnownData(RedisCommands<String, String> redis) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      redis.set("user:" + i, "u" + i); // int or embstr
      keys.add("user:" + i);
    }
    for (int i = 0; i < 40; i++) {
      redis.set("blob:" + i, "x".repeat(2000 + i)); // raw
      keys.add("blob:" + i);
    }
    for (int i = 0; i < 150; i++) {
      redis.hset("cart:" + i, Map.of("item", "sku" + i, "qty", Integer.toString(i % 7)));
      keys.add("cart:" + i);
    }
    for (int i = 0; i < 60; i++) {
      redis.rpush("queue:" + i, "a", "b", "c" + i);
      keys.add("queue:" + i);
    }
    for (int i = 0; i < 50; i++) {
      redis.sadd("tags:" + i, "1", "2", Integer.toString(100 + i));
      keys.add("tags:" + i);
    }
    return keys;
  }

  /** Until the replica's link is up and it holds every key. */
  static void awaitInSync(RedisServer primary, RedisServer replica, long keys) throws InterruptedException {
    await(() -> replica.admin().info("replication").contains("master_link_status:up")
        && replica.admin().dbsize() == keys
        && primary.admin().info("replication").contains("state=online"), "the replica to be in sync");
  }

  /** The sampler's commands that the node's INFO commandstats counts since the last CONFIG RESETSTAT. */
  static List<String> samplerCalls(RedisServer node) {
    List<String> out = new ArrayList<>();
    for (String line : node.admin().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        if (SAMPLER_COMMANDS.contains(command)) {
          out.add(line);
        }
      }
    }
    return out;
  }

  /**
   * Polls {@code condition}; a connection that fails meanwhile counts as not yet (a failover's sentinel kills the
   * clients of the nodes it reconfigures, the admin connections too).
   */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RedisException e) {
      return false;
    }
  }

  /**
   * Keys and MEMORY USAGE bytes by {@code db|data_type|encoding} as one node holds them, asked key by key.
   */
  record Truth(Map<String, Double> keys, Map<String, Double> bytes) {
    static Truth of(RedisCommands<String, String> node, List<String> names) {
      Map<String, Double> keys = new TreeMap<>();
      Map<String, Double> bytes = new TreeMap<>();
      for (String name : names) {
        String group = "0|" + node.type(name) + "|" + node.objectEncoding(name);
        keys.merge(group, 1.0, Double::sum);
        bytes.merge(group, node.memoryUsage(name).doubleValue(), Double::sum);
      }
      return new Truth(keys, bytes);
    }

    /** The counts only: no MEMORY USAGE, so that the node's commandstats show none. */
    static Map<String, Double> counts(RedisCommands<String, String> node, List<String> names) {
      Map<String, Double> keys = new TreeMap<>();
      for (String name : names) {
        keys.merge("0|" + node.type(name) + "|" + node.objectEncoding(name), 1.0, Double::sum);
      }
      return keys;
    }
  }
}
