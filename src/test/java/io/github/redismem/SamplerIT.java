package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The sampler end to end on a real server: odd keys, exposition validity, health metrics. */
class SamplerIT {

  @RedisTest
  void oddKeyNamesNeverBreakTheExposition(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      try (RedisClient client = RedisClient.create(redis.uri());
          StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
        RedisCommands<byte[], byte[]> r = c.sync();
        byte[] big = new byte[600_000];
        r.set(new byte[] {0, (byte) 0xff, '"', '\\', '\n', '}', '{'}, big);
        r.set("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), new byte[500_000]);
        r.set("k".repeat(4096).getBytes(StandardCharsets.UTF_8), new byte[400_000]);
        r.set(new byte[0], new byte[300_000]);
        r.set("quote\"d # HELP".getBytes(StandardCharsets.UTF_8), new byte[200_000]);
      }
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.interval=1h")) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.body())
            .contains("key=\"\\\\x00\\\\xff\\\"\\\\\\\\\\\\x0a}{\"")
            .contains("key=\"<script>alert(1)</script>\"")
            .contains("key=\"" + "k".repeat(120) + "...(+3976 bytes)\"")
            .contains("key=\"\"")
            .contains("key=\"quote\\\"d # HELP\"");
        assertThat(s.require("redismem_scan_passes_total")).isEqualTo(1);
        assertThat(s.require("redismem_scan_keys_total")).isEqualTo(5);
        assertThat(s.require("redismem_keys{data_type=\"string\",db=\"0\",encoding=\"raw\"}")).isEqualTo(5);
        assertThat(s.require("redismem_scan_pass_progress_ratio")).isEqualTo(1);
        assertThat(s.require("redismem_scan_state{state=\"idle\"}")).isEqualTo(1);
        assertThat(s.require("redismem_scan_last_pass_timestamp_seconds"))
            .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
        assertThat(s.require("redismem_key_size_bytes_count{data_type=\"string\"}")).isEqualTo(5);
        // STRLEN of the five values, in bytes, in their own histogram; no element counts (only strings here)
        assertThat(s.require("redismem_string_length_bytes_count")).isEqualTo(5);
        assertThat(s.require("redismem_string_length_bytes_sum")).isEqualTo(2_000_000);
        assertThat(s.require("redismem_string_length_bytes_bucket{le=\"65536.0\"}")).isZero();
        assertThat(s.require("redismem_string_length_bytes_bucket{le=\"262144.0\"}")).isEqualTo(1);
        assertThat(s.require("redismem_string_length_bytes_bucket{le=\"1048576.0\"}")).isEqualTo(5);
        assertThat(s.body()).doesNotContain("redismem_key_elements_");
        assertThat(s.require("redismem_finding_keys{db=\"0\",finding=\"no_ttl\"}")).isEqualTo(5);
        // their memory, and no saving: a TTL frees nothing on a key meant to live forever
        assertThat(s.require("redismem_finding_memory_bytes{db=\"0\",finding=\"no_ttl\"}"))
            .isEqualTo(s.labelled("redismem_keys_memory_bytes", "db").get("0"));
        assertThat(s.require("redismem_finding_reclaimable_bytes{db=\"0\",finding=\"no_ttl\"}")).isZero();
        Path promtool = PromtoolIT.promtool();
        assertThat(PromtoolIT.check(promtool, s.body())).as("promtool output").isBlank();
      }
    }
  }

  @RedisTest
  void samplerOffLeavesOnlyTheScrapeMetrics(RedisBinary binary) {
    try (RedisServer redis = binary.start();
        Exporter exporter = RunningExporter.against(redis, "--sampling.enabled=false")) {
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      assertThat(s.require("redismem_up")).isEqualTo(1);
      assertThat(s.body()).doesNotContain("redismem_scan_");
    }
  }

  @RedisTest
  void onPrimaryFalseLeavesAPrimaryAlone(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      redis.admin().set("a", "1");
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.onPrimary=false", "--sampling.interval=200ms")) {
        Thread.sleep(1500);
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.require("redismem_scan_state{state=\"skipped_primary\"}")).isEqualTo(1);
        assertThat(s.require("redismem_scan_keys_total")).isZero();
        assertThat(s.require("redismem_scan_passes_total")).isZero();
      }
    }
  }

  @RedisTest
  void keysExpiringMidPassAreCountedAsVanishedNotErrors(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      int keys = writeEphemeralKeys(redis, 3000);
      // with sampleRatio < 1, SCAN and the inspection are separate calls, paced by the key-rate cap in between:
      // keys die in between and are counted as vanished
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxKeysPerSecond=1000",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h", "--sampling.sampleRatio=0.99")) {
        var pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        double vanished = s.require("redismem_scan_keys_vanished_total");
        assertThat(vanished).isPositive();
        assertThat(pass.keysVanished()).isEqualTo((long) vanished);
        assertThat(pass.keysInspected() + pass.keysVanished()).isLessThanOrEqualTo(keys);
        assertThat(s.labelled("redismem_scan_errors_total", "reason").values()).allMatch(v -> v == 0);
      }
    }
  }

  /** Keys whose TTLs spread over the ~3 s a pass capped at 1,000 keys/s takes, so many die during it. */
  private static int writeEphemeralKeys(RedisServer redis, int keys) {
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      c.setAutoFlushCommands(false);
      for (int i = 0; i < keys; i++) {
        c.async().psetex("ephemeral:" + i, 100 + (i * 7L) % 3000, "x");
      }
      c.flushCommands();
      c.setAutoFlushCommands(true);
      c.sync().ping();
    }
    return keys;
  }

  @RedisTest
  void keysExpiringMidPassNeverReachTheScriptThatScansItself(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      int keys = writeEphemeralKeys(redis, 3000);
      // SCAN inside the script: it is atomic, so a key it returns is still there when it is inspected. Only where
      // the call runs to its end: under sampling.maxRedisTimePerCall a call may leave keys to the next, which a key
      // can die before (counted as vanished, as with pipelined commands), so the bound is off here: what this
      // proves is the atomicity of one call
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxKeysPerSecond=1000",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h", "--sampling.maxRedisTimePerCall=0")) {
        var pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.require("redismem_scan_keys_vanished_total")).isZero();
        assertThat(pass.keysInspected()).isPositive().isLessThan(keys);
        assertThat(s.labelled("redismem_scan_errors_total", "reason").values()).allMatch(v -> v == 0);
      }
    }
  }

  @RedisTest
  void aServerRefusingScriptsIsSampledWithPipelinedCommands(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start("user sampler on >pw ~* +@all -@scripting")) {
      for (int i = 0; i < 300; i++) {
        redis.admin().hset("h:" + i, "f", "v");
      }
      try (Exporter exporter = RunningExporter.against(redis, "--redis.user=sampler", "--redis.password=pw",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h")) {
        var pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        assertThat(pass.keysInspected()).isEqualTo(300);
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.labelled("redismem_keys", "db", "data_type").values()).containsExactly(300.0);
        assertThat(s.labelled("redismem_scan_errors_total", "reason").values()).allMatch(v -> v == 0);
      }
    }
  }
}
