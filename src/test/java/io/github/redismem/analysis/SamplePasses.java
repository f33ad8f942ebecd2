package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Representative passes for tests outside this package (exposition goldens), made the way the sampler makes them:
 * key facts fed through {@link PassAggregator}. Deterministic: no randomness, and a sampled pass selects keys by
 * {@link KeyHash}. Two databases, every data type, keys in several TTL buckets, every key-by-key finding,
 * groupable small strings, long key names, and top keys with awkward names (a quote, a backslash, a newline,
 * bytes that are not UTF-8, a name longer than {@link KeyText#MAX_CHARS}).
 */
public final class SamplePasses {
  private SamplePasses() {}

  /** The awkward names, all among the biggest keys. */
  public static final List<byte[]> ODD_NAMES = List.of(
      "quote\"key".getBytes(StandardCharsets.UTF_8),
      "back\\slash".getBytes(StandardCharsets.UTF_8),
      "new\nline".getBytes(StandardCharsets.UTF_8),
      new byte[] {'b', 'i', 'n', ':', (byte) 0xff, (byte) 0xfe, 0, 'x'},
      ("long:" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8),
      "ключ:1".getBytes(StandardCharsets.UTF_8));

  /** Every key of the keyspace, with its database. */
  record DbKey(int db, KeyFacts facts) {}

  static List<DbKey> keyspace() {
    List<DbKey> keys = new ArrayList<>();
    long[] ttls = {-1, 600_000, 3 * 3_600_000L, 10 * 3_600_000L, 20 * 3_600_000L, 5 * 86_400_000L,
        20 * 86_400_000L, 90 * 86_400_000L};
    for (int i = 0; i < 400; i++) {
      keys.add(new DbKey(0, facts("user:" + (1000 + i), "hash", i % 40 == 0 ? "hashtable" : "listpack",
          300 + (i * 37) % 900, ttls[i % ttls.length], i % 40 == 0 ? 200 : 6, null, null)));
    }
    for (int i = 0; i < 300; i++) {
      keys.add(new DbKey(0, facts("session:web:frontend:" + (100_000 + i), "string", "embstr", 72,
          ttls[1 + i % 3], 20, null, null)));
    }
    for (int i = 0; i < 120; i++) {
      keys.add(new DbKey(0, facts("rank:" + i, "zset", i % 10 == 0 ? "skiplist" : "listpack", 2_000 + 50L * i,
          86_400_000L, i % 10 == 0 ? 150 : 40, null, null)));
    }
    for (int i = 0; i < 60; i++) {
      keys.add(new DbKey(0, facts("tags:" + i, "set", i % 6 == 0 ? "hashtable" : "intset", 900 + 10L * i, -1,
          i % 6 == 0 ? 300 : 30, null, i % 6 == 0 ? Boolean.TRUE : null)));
    }
    for (int i = 0; i < 40; i++) {
      keys.add(new DbKey(0, facts("doc:" + i, "string", "raw", 1_200 + 20L * i, -1, 1_100,
          "{\"id\":17,\"name\":\"order\",\"state\":\"paid\",\"lines\":3}".getBytes(StandardCharsets.UTF_8),
          null)));
    }
    keys.add(new DbKey(0, facts("feed:big", "list", "quicklist", 3_000_000, -1, 90_000, null, null)));
    keys.add(new DbKey(0, facts("events", "stream", "stream", 250_000, -1, 4_000, null, null)));
    for (int i = 0; i < ODD_NAMES.size(); i++) {
      keys.add(new DbKey(0, new KeyFacts(ODD_NAMES.get(i), "string", "raw", 400_000 + 1_000L * i, -1, 390_000,
          null, null)));
    }
    for (int i = 0; i < 80; i++) {
      keys.add(new DbKey(2, facts("cache:" + i, "string", i % 2 == 0 ? "int" : "embstr", 56, 30_000, 8, null,
          null)));
    }
    keys.add(new DbKey(2, facts("module:1", "ReJSON-RL", "unknown", 5_000, -1, -1, null, null)));
    return keys;
  }

  private static KeyFacts facts(String name, String type, String encoding, long bytes, long ttl, long length,
      byte[] head, Boolean integers) {
    return new KeyFacts(name.getBytes(StandardCharsets.UTF_8), type, encoding, bytes, ttl, length, head, integers);
  }

  private static PassAggregator aggregator(double ratio, long datasetBytes) {
    return new PassAggregator(Passes.settings(ratio, 10, ":", 1, List.of(), 5, 1_000_000, 50), Passes.THRESHOLDS_7_2,
        new SavingsModel(7, 2), Estimator.forPass(ratio, datasetBytes));
  }

  /** Every key inspected. */
  public static PassResult exact() {
    PassAggregator pass = aggregator(1, 0);
    keyspace().forEach(k -> pass.add(k.db(), k.facts()));
    return pass.finish(Instant.parse("2025-01-02T03:04:05Z"), Duration.ofMillis(2_500), 3, 0.004, Optional.empty());
  }

  /** A quarter of the keys inspected, calibrated against the dataset Redis would report for the whole keyspace. */
  public static PassResult sampled() {
    List<DbKey> keys = keyspace();
    long total = keys.stream().mapToLong(k -> k.facts().memoryBytes()).sum();
    PassAggregator pass = aggregator(0.25, total);
    for (DbKey k : keys) {
      pass.scanned(k.db(), k.facts().key());
      if (KeyHash.selected(k.facts().key(), 0.25)) {
        pass.add(k.db(), k.facts());
      }
    }
    DatasetSize dataset = new DatasetSize(total - DatasetSize.ENTRY_BYTES * keys.size(), keys.size());
    return pass.finish(Instant.parse("2025-01-02T03:04:05Z"), Duration.ofMillis(900), 1, 0.002,
        Optional.of(dataset));
  }
}
