package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyFacts;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A real {@code dump.rdb} round trip on each Redis: a dataset of every type and encoding is written and saved, the
 * file read by {@link RdbSnapshot}, then the server restarted (so it loads that file) and each key's TYPE, OBJECT
 * ENCODING, length and PTTL compared with the snapshot's facts, which must be equal (TTL within the restart's
 * seconds), and MEMORY USAGE (SAMPLES 0: every element) with the modelled sizes: summed by type and encoding within
 * 10%, and the 20 biggest keys the same set. The tables printed are those in docs/snapshots.md.
 */
class RdbSnapshotIT {
  private static final double BOUND = 0.10;
  private static final ThresholdSettings DEFAULTS = new ThresholdSettings(-1, -1, -1, -1, -1, -1, -1);
  /** TYPE, OBJECT ENCODING, MEMORY USAGE SAMPLES 0, PTTL and length of each key, in one call per batch. */
  private static final String FACTS = """
      local out = {}
      for i, k in ipairs(KEYS) do
        local t = redis.call('TYPE', k)['ok']
        local len = -1
        if t == 'string' then len = redis.call('STRLEN', k)
        elseif t == 'hash' then len = redis.call('HLEN', k)
        elseif t == 'set' then len = redis.call('SCARD', k)
        elseif t == 'zset' then len = redis.call('ZCARD', k)
        elseif t == 'list' then len = redis.call('LLEN', k)
        elseif t == 'stream' then len = redis.call('XLEN', k) end
        out[i] = {t, redis.call('OBJECT', 'ENCODING', k), redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'),
          redis.call('PTTL', k), len}
      end
      return out
      """;

  @RedisTest
  void snapshotFactsMatchTheLoadedKeys(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      r.save();
      Path file = Path.of(r.configGet("dir").get("dir"), r.configGet("dbfilename").get("dbfilename"));
      int quantum = quantum(r.info("memory"), redis.version());
      Map<String, KeyFacts> parsed = new HashMap<>();
      Map<String, Integer> dbOf = new HashMap<>();
      RdbSnapshot.Summary summary = RdbSnapshot.read(file, DEFAULTS, quantum, (db, k) -> {
        String name = new String(k.key(), StandardCharsets.UTF_8);
        parsed.put(db + "/" + name, k);
        dbOf.put(db + "/" + name, db);
      }, () -> false);
      assertThat(summary.complete()).isTrue();
      assertThat(summary.redisVersion()).isEqualTo(redis.version());
      // a read stopped part way (a daemon shutting down): not complete, and every key it counted was handed over, in
      // file order, before it returned (keys are aggregated on a thread of their own)
      List<String> order = new ArrayList<>();
      List<String> firstOrder = new ArrayList<>();
      RdbSnapshot.read(file, DEFAULTS, quantum, (db, k) -> firstOrder.add(db + "/" + new String(k.key(),
          StandardCharsets.UTF_8)), () -> false);
      int[] asked = {0};
      RdbSnapshot.Summary stopped = RdbSnapshot.read(file, DEFAULTS, quantum,
          (db, k) -> order.add(db + "/" + new String(k.key(), StandardCharsets.UTF_8)), () -> ++asked[0] > 200);
      assertThat(stopped.complete()).isFalse();
      assertThat(stopped.keys()).isPositive().isLessThan(summary.keys());
      assertThat(order).hasSize((int) stopped.keys()).isEqualTo(firstOrder.subList(0, order.size()));

      redis.restart(); // loads the file just read
      r = redis.admin();
      Map<String, Object[]> live = new HashMap<>();
      for (int db : Set.copyOf(dbOf.values())) {
        r.select(db);
        List<String> names = parsed.keySet().stream().filter(n -> n.startsWith(db + "/"))
            .map(n -> n.substring(n.indexOf('/') + 1)).toList();
        for (int from = 0; from < names.size(); from += 200) {
          List<String> batch = names.subList(from, Math.min(names.size(), from + 200));
          List<Object> replies = r.eval(FACTS, ScriptOutputType.MULTI, batch.toArray(String[]::new));
          for (int i = 0; i < batch.size(); i++) {
            live.put(db + "/" + batch.get(i), ((List<?>) replies.get(i)).toArray());
          }
        }
      }
      r.select(0);
      assertThat(live.keySet()).isEqualTo(parsed.keySet());

      Map<String, long[]> sums = new TreeMap<>();
      List<String> mismatches = new ArrayList<>();
      for (Map.Entry<String, KeyFacts> e : parsed.entrySet()) {
        KeyFacts k = e.getValue();
        Object[] l = live.get(e.getKey());
        String facts = k.type() + " " + k.encoding() + " " + k.length();
        String expected = l[0] + " " + l[1] + " " + l[4];
        if (!facts.equals(expected)) {
          mismatches.add(e.getKey() + ": snapshot " + facts + ", Redis " + expected);
        }
        long pttl = (Long) l[3];
        if (pttl < 0 ? k.ttlMillis() != -1 : Math.abs(k.ttlMillis() - pttl) > 30_000) {
          mismatches.add(e.getKey() + ": TTL " + k.ttlMillis() + " ms, PTTL " + pttl);
        }
        long[] s = sums.computeIfAbsent(l[0] + " " + l[1], x -> new long[3]);
        s[0]++;
        s[1] += k.memoryBytes();
        s[2] += (Long) l[2];
      }
      System.out.printf(Locale.ROOT, "%nRedis %s (%s, quantum %d): modelled size against MEMORY USAGE SAMPLES 0%n",
          redis.version(), binary.label(), quantum);
      System.out.printf(Locale.ROOT, "%-22s %6s %12s %12s %8s%n", "type encoding", "keys", "model", "MEMORY USAGE",
          "error");
      List<String> outOfBound = new ArrayList<>();
      sums.forEach((group, s) -> {
        double error = (double) (s[1] - s[2]) / s[2];
        System.out.printf(Locale.ROOT, "%-22s %6d %12d %12d %+7.1f%%%n", group, s[0], s[1], s[2], 100 * error);
        if (Math.abs(error) > BOUND) {
          outOfBound.add(group + String.format(Locale.ROOT, " %+.1f%%", 100 * error));
        }
      });
      assertThat(mismatches).isEmpty();
      assertThat(outOfBound).isEmpty();
      Comparator<Map.Entry<String, Long>> bySize = Map.Entry.<String, Long>comparingByValue().reversed();
      Set<String> topModel = parsed.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().memoryBytes()))
          .sorted(bySize).limit(20).map(Map.Entry::getKey).collect(Collectors.toSet());
      Set<String> topLive = live.entrySet().stream().map(e -> Map.entry(e.getKey(), (Long) e.getValue()[2]))
          .sorted(bySize).limit(20).map(Map.Entry::getKey).collect(Collectors.toSet());
      assertThat(topModel).isEqualTo(topLive);
    }
  }

  /** jemalloc's quantum: 8 for the build Redis bundles, 16 for a distribution's (Debian's 7.0) or libc. */
  static int quantum(String info, String version) {
    String bundled = version.startsWith("6.") ? "jemalloc-5.1.0" : version.startsWith("7.0") ? "jemalloc-5.2.1"
        : "jemalloc-5.3.0";
    return info.contains("mem_allocator:" + bundled + "\r") || info.contains("mem_allocator:" + bundled + "\n")
        ? 8 : 16;
  }

  /** Every type in each of its encodings, with elements of several kinds, some keys expiring, two databases. */
  static void fill(RedisCommands<String, String> r) {
    Random random = new Random(16);
    for (int i = 0; i < 60; i++) {
      r.set("str:int:" + i, Long.toString(random.nextInt(1_000_000) * (i % 2 == 0 ? 1 : -1)));
      r.set("str:emb:" + i, text(random, 1 + random.nextInt(44)));
      r.set("str:raw:" + i, text(random, 45 + random.nextInt(i < 50 ? 300 : 20_000)));
    }
    // strings the file holds LZF-compressed, some longer than the 4 KiB head a snapshot read decompresses (4-6 KB:
    // not among the 20 biggest keys, whose set the model must get right)
    Random repeats = new Random(17); // its own, so that the keys after these stay as they were
    for (int i = 0; i < 12; i++) {
      r.set("str:lzf:" + i, text(repeats, 20).repeat(i < 4 ? 3 + repeats.nextInt(100) : 210 + repeats.nextInt(90)));
    }
    for (int i = 0; i < 40; i++) {
      int fields = 1 + random.nextInt(i < 30 ? 100 : 1200);
      int valueLength = i % 7 == 0 ? 90 : 1 + random.nextInt(30);
      Map<String, String> hash = new HashMap<>();
      for (int f = 0; f < fields; f++) {
        hash.put("field" + f, f % 3 == 0 ? Integer.toString(random.nextInt(100_000)) : text(random, valueLength));
      }
      r.hset("hash:" + i, hash);
    }
    for (int i = 0; i < 40; i++) {
      int members = 1 + random.nextInt(i < 30 ? 120 : 900);
      int length = i % 9 == 0 ? 80 : 1 + random.nextInt(20);
      List<Object> scored = new ArrayList<>();
      for (int m = 0; m < members; m++) {
        double score = m % 2 == 0 ? random.nextInt(10_000) : random.nextDouble() * 1e6;
        r.zadd("zset:" + i, score, "m" + m + text(random, length));
      }
    }
    // zset:37 was a near-tie with set:31 at the 20th rank on 7.0 (57,596 modelled against 57,256, 0.6%), and a
    // skiplist's live MEMORY USAGE moves with its nodes' random levels (57,568-57,904 in three runs; below set:31 in
    // one CI run): 20 members more keep it clear of the boundary on both servers (7.0: 60,368-60,672 live against
    // set:31's 57,256; 6.2: 52,608-53,032, under the 53,129 at rank 21). Its own Random, so that the keys after it
    // stay as they were.
    Random extra = new Random(18);
    for (int m = 0; m < 20; m++) {
      r.zadd("zset:37", extra.nextInt(10_000), "extra" + m + text(extra, 40));
    }
    for (int i = 0; i < 40; i++) {
      int members = 1 + random.nextInt(i < 30 ? 400 : 1500);
      boolean integers = i % 2 == 0;
      String[] values = new String[members];
      for (int m = 0; m < members; m++) {
        values[m] = integers ? Long.toString(i % 4 == 0 ? random.nextInt(30_000) : random.nextLong())
            : text(random, 1 + random.nextInt(40));
      }
      r.sadd("set:" + i, values);
    }
    for (int i = 0; i < 30; i++) {
      int elements = 1 + random.nextInt(i < 20 ? 200 : 5000);
      String[] values = new String[elements];
      for (int e = 0; e < elements; e++) {
        values[e] = e % 4 == 0 ? Integer.toString(random.nextInt(1000)) : text(random, 1 + random.nextInt(60));
      }
      r.rpush("list:" + i, values);
    }
    for (int i = 0; i < 10; i++) {
      int entries = 1 + random.nextInt(i < 5 ? 50 : 600);
      for (int e = 0; e < entries; e++) {
        r.xadd("stream:" + i, Map.of("sensor", "s" + random.nextInt(10), "value", Integer.toString(e)));
      }
      if (i % 3 == 0) {
        r.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("stream:" + i, "0"), "group");
        r.xreadgroup(io.lettuce.core.Consumer.from("group", "c1"), io.lettuce.core.XReadArgs.Builder.count(5),
            io.lettuce.core.XReadArgs.StreamOffset.lastConsumed("stream:" + i));
      }
    }
    for (int i = 0; i < 50; i++) {
      r.setex("ttl:str:" + i, 3600 + i, text(random, 10));
      r.hset("ttl:hash:" + i, "f", "v");
      r.pexpire("ttl:hash:" + i, 7_200_000L + i);
    }
    r.select(1);
    for (int i = 0; i < 30; i++) {
      r.set("db1:" + i, text(random, 5 + i));
    }
    r.select(0);
  }

  static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
