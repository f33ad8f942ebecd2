package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The size estimates used where MEMORY USAGE is not permitted, against MEMORY USAGE on the same keys, summed per
 * type and encoding: strings (exact lengths) within 10%; containers with elements of the assumed length (10 bytes)
 * within 10%, and the error where elements are four times as long, printed for docs/security.md.
 */
class SizeEstimatesIT {

  @RedisTest
  void estimatesAgainstMemoryUsage(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      for (int i = 0; i < 200; i++) {
        r.set("str:int:" + i, Integer.toString(100000 + i));
        r.set("str:short:" + i, "v".repeat(10 + i % 30));
        r.set("str:long:" + i, "x".repeat(100 + 37 * i));
      }
      fill(r, "e10", 10);
      fill(r, "e40", 40);
      String[] parts = redis.version().split("\\.");
      int major = Integer.parseInt(parts[0]);
      int minor = Integer.parseInt(parts[1]);
      boolean listpackSets = major > 7 || major == 7 && minor >= 2;
      SizeEstimates sizes = new SizeEstimates(new Thresholds(512, 64, 128, 64, 512, listpackSets ? 128 : 0, 64,
          false), major, minor);
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (String key : r.keys("*")) {
        String type = r.type(key);
        String encoding = r.objectEncoding(key);
        long length = switch (type) {
          case "string" -> r.strlen(key);
          case "hash" -> r.hlen(key);
          case "set" -> r.scard(key);
          case "zset" -> r.zcard(key);
          case "list" -> r.llen(key);
          default -> -1;
        };
        String group = (key.contains(":e40") ? "40-byte elements " : "") + type + " " + encoding;
        double[] s = sums.computeIfAbsent(group, g -> new double[2]);
        s[0] += r.memoryUsage(key);
        s[1] += sizes.bytes(type, encoding, length, key.length());
      }
      StringBuilder table = new StringBuilder("Redis " + redis.version() + " size estimates against MEMORY USAGE:\n");
      sums.forEach((group, s) -> table.append(String.format(Locale.ROOT, "  %-40s %+6.1f%%%n", group,
          100 * (s[1] - s[0]) / s[0])));
      System.out.print(table);
      sums.forEach((group, s) -> {
        if (!group.startsWith("40-byte")) {
          assertThat(Math.abs(s[1] - s[0]) / s[0]).as(group + "\n" + table).isLessThan(0.10);
        }
      });
    }
  }

  /** Small and big hashes, sets, sorted sets and lists whose elements are {@code length} bytes long. */
  private static void fill(RedisCommands<String, String> r, String tag, int length) {
    for (int k = 0; k < 20; k++) {
      int n = k < 10 ? 5 + 10 * k : 600 + 100 * k;
      Map<String, String> fields = new LinkedHashMap<>();
      String[] members = new String[n];
      String[] elements = new String[n];
      Object[] scored = new Object[2 * n];
      for (int i = 0; i < n; i++) {
        String element = String.format(Locale.ROOT, "%0" + length + "d", i);
        fields.put(element, element);
        members[i] = "m" + element.substring(1);
        elements[i] = element;
        scored[2 * i] = (double) (1_700_000_000 + i); // timestamps in seconds
        scored[2 * i + 1] = element;
      }
      r.hset("hash:" + tag + ":" + k, fields);
      r.sadd("set:" + tag + ":" + k, members);
      r.zadd("zset:" + tag + ":" + k, scored);
      r.rpush("list:" + tag + ":" + k, elements);
    }
  }
}
