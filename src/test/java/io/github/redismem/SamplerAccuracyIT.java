package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.redismem.analysis.PassResult;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.KeyspaceDataset.Truth;
import io.github.redismem.testing.KeyspaceDataset.Truth.By;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One pass over a keyspace whose truth is known: exact at sampleRatio 1, within 5% at 0.1 on 200k keys. */
class SamplerAccuracyIT {

  /** The documented label form of a key or prefix (docs/sampling.md), written independently of KeyText. */
  static String label(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static Map<String, Double> relabelPrefixes(Map<String, Long> truth) {
    Map<String, Double> out = new TreeMap<>();
    truth.forEach((k, v) -> {
      int bar = k.indexOf('|');
      out.merge(k.substring(0, bar) + "|" + label(k.substring(bar + 1)), v.doubleValue(), Double::sum);
    });
    return out;
  }

  static Map<String, Double> doubles(Map<String, Long> m) {
    Map<String, Double> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.doubleValue()));
    return out;
  }

  /** Findings with zero keys are exported as 0; the truth leaves them out. */
  static Map<String, Double> nonZero(Map<String, Double> m) {
    Map<String, Double> out = new TreeMap<>(m);
    out.values().removeIf(v -> v == 0);
    return out;
  }

  @RedisTest
  void onePassEqualsTheTruth(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      Truth truth = KeyspaceDataset.standard(redis, 42);
      // both inspection paths: one Lua call per batch, and pipelined commands (servers that refuse scripts)
      for (String scripts : List.of("true", "false")) {
        passEqualsTheTruth(redis, truth, "--sampling.luaScripts=" + scripts);
      }
    }
  }

  private static void passEqualsTheTruth(RedisServer redis, Truth truth, String mode) throws Exception {
    {
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxRedisTimeRatio=1",
          "--sampling.interval=1h", "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES,
          "--sampling.topKeys=20", mode)) {
        PassResult pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(pass.keysVanished()).isZero();
        // the truth is rich enough for equality to mean something
        assertThat(truth.keys(By.ENCODING)).hasSizeGreaterThan(15);
        assertThat(truth.keys(By.PREFIX)).hasSizeGreaterThan(15);
        assertThat(truth.keys(By.TTL)).hasSizeGreaterThanOrEqualTo(8);
        assertThat(truth.keys(By.FINDING).keySet()).contains("0|hash_hashtable_under_limit", "0|zset_skiplist_near_limit",
            "0|set_hashtable_under_limit", "0|string_json_blob", "0|no_ttl", "0|small_strings_groupable", "0|big_key");
        assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding"))
            .isEqualTo(doubles(truth.keys(By.ENCODING)));
        assertThat(s.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding"))
            .isEqualTo(doubles(truth.memory(By.ENCODING)));
        assertThat(s.labelled("redismem_prefix_keys", "db", "prefix")).isEqualTo(relabelPrefixes(truth.keys(By.PREFIX)));
        assertThat(s.labelled("redismem_prefix_memory_bytes", "db", "prefix"))
            .isEqualTo(relabelPrefixes(truth.memory(By.PREFIX)));
        Map<String, Double> withoutTtl = relabelPrefixes(truth.keysWithoutTtl(By.PREFIX));
        s.labelled("redismem_prefix_keys", "db", "prefix").keySet().forEach(k -> withoutTtl.putIfAbsent(k, 0.0));
        assertThat(s.labelled("redismem_prefix_keys_without_ttl", "db", "prefix")).isEqualTo(withoutTtl);
        assertThat(s.labelled("redismem_memory_by_ttl_bytes", "db", "ttl")).isEqualTo(doubles(truth.memory(By.TTL)));
        assertThat(nonZero(s.labelled("redismem_finding_keys", "db", "finding")))
            .isEqualTo(doubles(truth.keys(By.FINDING)));
        assertThat(nonZero(s.labelled("redismem_finding_memory_bytes", "db", "finding")))
            .isEqualTo(doubles(truth.memory(By.FINDING)));
        assertThat(s.require("redismem_scan_keys_total")).isEqualTo(truth.keys().size());

        List<Truth.Key> top = truth.top(20);
        Map<String, Double> topSeries = s.labelled("redismem_top_key_memory_bytes", "db", "key", "data_type", "encoding");
        assertThat(topSeries).hasSize(20);
        for (Truth.Key k : top) {
          String name = utf8(k.name());
          if (name != null && name.length() <= 120) {
            assertThat(topSeries).containsEntry(k.db() + "|" + label(name) + "|" + k.dataType() + "|" + k.encoding(),
                (double) k.memory());
          }
        }
        assertThat(topSeries.values()).containsExactlyInAnyOrderElementsOf(
            top.stream().map(k -> (double) k.memory()).toList());
        assertThat(s.require("redismem_key_memory_bytes_count{data_type=\"hash\"}"))
            .isEqualTo(truth.keys().stream().filter(k -> k.dataType().equals("hash")).count());
      }
    }
  }

  @RedisTest
  void aTenthSampleIsWithinFivePercent(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      Truth truth = KeyspaceDataset.large(redis, 200_000, 7);
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxRedisTimeRatio=1",
          "--sampling.interval=1h", "--sampling.sampleRatio=0.1")) {
        PassResult pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(120));
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.require("redismem_scan_sample_ratio")).isEqualTo(0.1);
        assertThat(pass.keysInspected()).isBetween(18_000L, 22_000L);
        compareLargeGroups(truth.keys(By.PREFIX), s.labelled("redismem_prefix_keys", "db", "prefix"), 10_000);
        compareLargeGroups(truth.memory(By.PREFIX), s.labelled("redismem_prefix_memory_bytes", "db", "prefix"), 1e6);
        compareLargeGroups(truth.keys(By.ENCODING), s.labelled("redismem_keys", "db", "data_type", "encoding"), 10_000);
        compareLargeGroups(truth.memory(By.ENCODING),
            s.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding"), 1e6);
      }
    }
  }

  /** Groups at least {@code minimum} in the truth are within 5% of it. */
  private static void compareLargeGroups(Map<String, Long> truth, Map<String, Double> measured, double minimum) {
    int compared = 0;
    for (Map.Entry<String, Long> e : truth.entrySet()) {
      if (e.getValue() >= minimum) {
        compared++;
        assertThat(measured.getOrDefault(e.getKey(), 0.0)).as(e.getKey())
            .isCloseTo(e.getValue().doubleValue(), within(e.getValue() * 0.05));
      }
    }
    assertThat(compared).as("groups large enough to compare").isGreaterThanOrEqualTo(3);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
