package io.github.redismem;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Validates the threshold what-ifs on real servers: builds hashes, sorted sets and integer sets just over the
 * server's default {@code *-entries} thresholds, runs {@code analyze}, applies the candidate that covers every key
 * ({@code 2x}) with CONFIG SET on the test's own server (the exporter never writes), re-encodes the keys with
 * DUMP/RESTORE and compares the bytes MEMORY USAGE SAMPLES 0 says were freed with the estimate: within 20%.
 */
class ThresholdWhatIfIT {
  private static final double TOLERANCE = 0.20;

  @RedisTest
  void raisingAnEntriesThresholdFreesWhatTheWhatIfEstimates(RedisBinary binary) {
    try (RedisServer server = binary.start()) {
      RedisCommands<String, String> redis = server.admin();
      String compact = server.atLeast(7, 0) ? "listpack" : "ziplist";
      Random random = new Random(11);
      Map<String, List<String>> keysBySetting = new LinkedHashMap<>();

      String hashSetting = "hash-max-" + compact + "-entries";
      long hashLimit = configNumber(redis, hashSetting);
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String key = "profile:" + i;
        Map<String, String> fields = new LinkedHashMap<>();
        long n = hashLimit + 1 + random.nextInt((int) (hashLimit / 2));
        for (int f = 0; f < n; f++) {
          fields.put("attr_" + f, text(random, 1, 24));
        }
        redis.hset(key, fields);
        hashes.add(key);
      }
      keysBySetting.put(hashSetting, hashes);

      String zsetSetting = "zset-max-" + compact + "-entries";
      long zsetLimit = configNumber(redis, zsetSetting);
      List<String> zsets = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String key = "board:" + i;
        long n = zsetLimit + 1 + random.nextInt((int) (zsetLimit / 2));
        List<Object> scored = new ArrayList<>();
        for (int m = 0; m < n; m++) {
          scored.add((double) random.nextInt(1_000_000));
          scored.add("player:" + (m * 7919 + random.nextInt(7919)));
        }
        redis.zadd(key, scored.toArray());
        zsets.add(key);
      }
      keysBySetting.put(zsetSetting, zsets);

      String setSetting = "set-max-intset-entries";
      long setLimit = configNumber(redis, setSetting);
      List<String> sets = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String key = "followers:" + i;
        long n = setLimit + 1 + random.nextInt((int) (setLimit / 2));
        Set<String> ids = new LinkedHashSet<>();
        while (ids.size() < n) {
          ids.add(Long.toString(1 + random.nextInt(2_000_000_000)));
        }
        redis.sadd(key, ids.toArray(String[]::new));
        sets.add(key);
      }
      keysBySetting.put(setSetting, sets);

      AnalyzeIT.Run run = AnalyzeIT.analyze(() -> false, "--redis.addr=" + server.uri(),
          "--sampling.maxRedisTimeRatio=1", "--format=json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      List<?> whatIfs = (List<?>) at(Json.parse(run.out()), "analysis", "what_ifs");

      for (Map.Entry<String, List<String>> e : keysBySetting.entrySet()) {
        String setting = e.getKey();
        List<String> keys = e.getValue();
        Object row = whatIfs.stream().filter(w -> setting.equals(at(w, "setting"))).findFirst()
            .orElseThrow(() -> new AssertionError("no what-if for " + setting + " in " + whatIfs));
        assertThat(at(row, "keys_over")).as(setting).isEqualTo((double) keys.size());
        Object candidate = ((List<?>) at(row, "candidates")).stream().filter(c -> "2x".equals(at(c, "basis"))
            || String.valueOf(at(c, "basis")).startsWith("2x,")).findFirst().orElseThrow();
        long value = ((Double) at(candidate, "value")).longValue();
        assertThat(at(candidate, "keys")).as(setting + " = " + value).isEqualTo((double) keys.size());
        long estimated = ((Double) at(candidate, "reclaimable_bytes")).longValue();

        long before = 0;
        for (String key : keys) {
          before += memoryUsage(redis, key);
        }
        redis.configSet(setting, Long.toString(value));
        long after = 0;
        for (String key : keys) {
          byte[] dump = redis.dump(key);
          redis.del(key);
          redis.restore(key, 0, dump);
          assertThat(redis.objectEncoding(key)).as("%s after %s %d", key, setting, value)
              .isIn(compact, "intset");
          after += allocated(server, redis, key);
        }
        long measured = before - after;
        System.out.printf("WHATIF redis %s %-26s %d -> %d keys=%d estimated=%d measured=%d ratio=%.3f%n",
            server.version(), setting, ((Double) at(row, "current")).longValue(), value, keys.size(), estimated,
            measured, (double) estimated / measured);
        assertThat((double) estimated).as("%s: estimate vs measured saving %d", setting, measured)
            .isBetween(measured * (1 - TOLERANCE), measured * (1 + TOLERANCE));
      }
    }
  }

  private static long configNumber(RedisCommands<String, String> redis, String name) {
    return Long.parseLong(redis.configGet(name).get(name));
  }

  private static long memoryUsage(RedisCommands<String, String> redis, String key) {
    return redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
  }

  /** MEMORY USAGE, with 6.2's unrounded ziplist or intset length replaced by its allocation (as SavingsModelIT). */
  private static long allocated(RedisServer server, RedisCommands<String, String> redis, String key) {
    long usage = memoryUsage(redis, key);
    if (server.atLeast(7, 0)) {
      return usage;
    }
    long blob = usage - 24 - sdsAllocation(key.length()) - 16;
    return usage - blob + allocation(blob);
  }

  private static long sdsAllocation(long length) {
    long header = length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
    return allocation(header + length + 1);
  }

  private static long allocation(long bytes) {
    if (bytes <= 8) {
      return 8;
    }
    if (bytes <= 128) {
      int step = bytes <= 64 ? 8 : 16;
      return (bytes + step - 1) / step * step;
    }
    long step = Long.highestOneBit(bytes - 1) >> 2;
    return (bytes + step - 1) / step * step;
  }

  private static String text(Random random, int min, int max) {
    StringBuilder s = new StringBuilder();
    int n = min + random.nextInt(max - min + 1);
    for (int i = 0; i < n; i++) {
      s.append("abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(26)));
    }
    return s.toString();
  }
}
