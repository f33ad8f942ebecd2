package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.KeyFacts;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The size estimates used where MEMORY USAGE is not permitted, against MEMORY USAGE on the same keys: the keys are
 * inspected by a user that may not run MEMORY (by script and by pipelined commands, so with the element samples
 * those read), their sizes estimated as a pass does, and the estimates summed per type and encoding must come within
 * 10% of MEMORY USAGE's sums, over keys of 4 to 1500 elements of each kind (text of 1 to 250 bytes, integers of 1 to
 * 19 digits). The tables printed, also by kind of element, are those in docs/security.md.
 */
class SizeEstimatesIT {
  private static final double BOUND = 0.10;
  /** Element counts: small keys in the compact encodings, big ones in hashtable, skiplist, many quicklist nodes. */
  private static final int[] COUNTS = {4, 20, 100, 400, 700, 1500};

  /** The kinds of element: text of about a length (it varies by a quarter), or integers of a range. */
  private static final Map<String, LongFunction<String>> KINDS = new LinkedHashMap<>();

  static {
    for (int length : new int[] {1, 8, 20, 40, 100, 200}) {
      KINDS.put("text " + length, seed -> text(new Random(seed), length + new Random(seed).nextInt(length / 4 + 1)));
    }
    KINDS.put("int 0-99", seed -> Long.toString(new Random(seed).nextInt(100)));
    KINDS.put("int 6-7 digits", seed -> Long.toString(100_000 + new Random(seed).nextInt(9_000_000)));
    KINDS.put("int timestamps", seed -> Long.toString(1_600_000_000L + new Random(seed).nextInt(200_000_000)));
    KINDS.put("int 64-bit", seed -> Long.toString(1_000_000_000_000_000_000L
        + (new Random(seed).nextLong() & Long.MAX_VALUE) % 8_000_000_000_000_000_000L));
  }

  @RedisTest
  void estimatesFromSampledElementsAgainstMemoryUsage(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      LeastPrivilegeIT.user(r, "nomem", "+@all", "-memory");
      String[] parts = redis.version().split("\\.");
      int major = Integer.parseInt(parts[0]);
      int minor = Integer.parseInt(parts[1]);
      boolean listpackSets = major > 7 || major == 7 && minor >= 2;
      SizeEstimates sizes = new SizeEstimates(new Thresholds(512, 64, 128, 64, 512, listpackSets ? 128 : 0, 64,
          false), major, minor, allocator(r));
      List<String> keys = r.keys("*");
      Map<String, Long> measured = new LinkedHashMap<>();
      keys.forEach(k -> measured.put(k, r.memoryUsage(k)));
      StringBuilder table = new StringBuilder();
      List<String> failures = new ArrayList<>();
      for (boolean scripts : new boolean[] {true, false}) {
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, double[]> byKind = new TreeMap<>();
        for (KeyFacts k : inspect(redis, "nomem", scripts, keys)) {
          String name = new String(k.key(), StandardCharsets.UTF_8);
          assertThat(k.memoryBytes()).as(name).isEqualTo(-1);
          if (!"string".equals(k.type())) {
            assertThat(k.elements()).as(name + " sampled").isNotNull();
            assertThat(k.elements().size()).as(name).isPositive();
          }
          String group = k.type() + " " + k.encoding();
          String kind = name.substring(name.indexOf('|') + 1, name.lastIndexOf('|'));
          long estimate = sizes.complete(k).memoryBytes();
          for (double[] s : List.of(sums.computeIfAbsent(group, g -> new double[3]),
              byKind.computeIfAbsent(String.format(Locale.ROOT, "%-16s %s", group, kind), g -> new double[3]))) {
            s[0] += measured.get(name);
            s[1] += estimate;
            s[2]++;
          }
        }
        table.append(String.format(Locale.ROOT, "Redis %s (%s), %s: estimates against MEMORY USAGE%n",
            redis.version(), allocator(r), scripts ? "script" : "pipelined"));
        sums.forEach((group, s) -> {
          double error = (s[1] - s[0]) / s[0];
          table.append(String.format(Locale.ROOT, "  %-36s %3d keys %+6.1f%%%n", group, (int) s[2], 100 * error));
          if (Math.abs(error) >= BOUND) {
            failures.add((scripts ? "script " : "pipelined ") + group);
          }
        });
        table.append("  by kind of element:\n");
        byKind.forEach((group, s) -> table.append(String.format(Locale.ROOT, "    %-34s %3d keys %+6.1f%%%n", group,
            (int) s[2], 100 * (s[1] - s[0]) / s[0])));
      }
      System.out.print(table);
      assertThat(failures).as(table.toString()).isEmpty();
    }
  }

  /** Where the sampling commands are refused too, the keys are still inspected and estimated (assumed lengths). */
  @RedisTest
  void refusedSamplingCommandsFallBackToAssumedLengths(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.hset("h", Map.of("a", "1", "b", "2"));
      r.zadd("z", 1, "m");
      r.rpush("l", "x", "y");
      r.sadd("s", "a", "b");
      r.set("k", "v");
      r.xadd("x", Map.of("f", "v"));
      LeastPrivilegeIT.user(r, "nosample", "+@all", "-memory", "-hrandfield", "-zrandmember", "-lrange", "-srandmember",
          "-xrange", "-xrevrange");
      String[] parts = redis.version().split("\\.");
      SizeEstimates sizes = new SizeEstimates(new Thresholds(512, 64, 128, 64, 512, 0, 64, false),
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      for (boolean scripts : new boolean[] {true, false}) {
        List<KeyFacts> facts = inspect(redis, "nosample", scripts, r.keys("*"));
        assertThat(facts).as("scripts " + scripts).hasSize(6).allSatisfy(k -> {
          assertThat(k.elements()).isNull();
          assertThat(sizes.complete(k).memoryBytes()).isPositive();
        });
      }
    }
  }

  /** The documented minimal ACL without {@code +memory|usage}: every container is still sampled, by both paths. */
  @RedisTest
  void theMinimalAclWithoutMemoryUsageStillSamples(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.hset("h", Map.of("a", "1"));
      r.zadd("z", 1, "m");
      r.rpush("l", "x");
      r.sadd("s", "a");
      r.xadd("x", Map.of("f", "v"));
      LeastPrivilegeIT.user(r, "minimal", java.util.Arrays.stream(LeastPrivilegeIT.minimalAcl(redis))
          .filter(rule -> !rule.equals("+memory|usage")).toArray(String[]::new));
      for (boolean scripts : new boolean[] {true, false}) {
        assertThat(inspect(redis, "minimal", scripts, r.keys("*"))).as("scripts " + scripts).hasSize(5)
            .allSatisfy(k -> {
              assertThat(k.memoryBytes()).isEqualTo(-1);
              assertThat(k.elements()).isNotNull();
            });
      }
    }
  }

  /** Script and pipelined commands report the same lengths and integer codes (a list: its first 5, in order). */
  @RedisTest
  void bothPathsSampleTheSameLengthsAndIntegers(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.rpush("l", "0", "-5", "4294967296", "007", "text", "not sampled");
      LeastPrivilegeIT.user(r, "nomem", "+@all", "-memory");
      for (boolean scripts : new boolean[] {true, false}) {
        KeyFacts list = inspect(redis, "nomem", scripts, List.of("l")).get(0);
        assertThat(list.elements().lengths()).as("scripts " + scripts).containsExactly(1, 2, 10, 3, 4);
        // 0: 1 + 0 bits; -5: -(1 + 3 bits); 2^32: 1 + 33 bits; a leading zero or a letter: text
        assertThat(list.elements().integers()).as("scripts " + scripts).containsExactly(1, -4, 34, 0, 0);
      }
    }
  }

  /** INFO's mem_allocator, as the pass reads it. */
  private static String allocator(RedisCommands<String, String> r) {
    return r.info("memory").lines().filter(l -> l.startsWith("mem_allocator:")).map(l -> l.substring(14).strip())
        .findFirst().orElse("");
  }

  private static List<KeyFacts> inspect(RedisServer redis, String user, boolean scripts, List<String> keys)
      throws Exception {
    ExporterConfig config = LeastPrivilegeIT.config(redis, user, scripts);
    List<KeyFacts> out = new ArrayList<>();
    try (RedisSession session = new RedisSession(config.redis());
        KeyspaceReader reader = session.keyspaceReader(scripts)) {
      for (int from = 0; from < keys.size(); from += 50) {
        List<byte[]> batch = keys.subList(from, Math.min(keys.size(), from + 50)).stream()
            .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        KeyspaceReader.Inspection inspection = reader.inspect(0, batch, new InspectOptions(5, 64));
        assertThat(inspection.vanished()).isZero();
        out.addAll(inspection.keys());
      }
    }
    return out;
  }

  /** Strings, and a hash, set, sorted set and list of each element kind and count. */
  private static void fill(RedisCommands<String, String> r) {
    for (int i = 0; i < 200; i++) {
      r.set("str|int|" + i, Integer.toString(100000 + i));
      r.set("str|embstr|" + i, "v".repeat(10 + i % 30));
      r.set("str|raw|" + i, "x".repeat(100 + 37 * i));
    }
    long seed = 1;
    for (Map.Entry<String, LongFunction<String>> kind : KINDS.entrySet()) {
      boolean integers = kind.getKey().startsWith("int");
      for (int n : COUNTS) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> elements = new ArrayList<>(n);
        List<io.lettuce.core.ScoredValue<String>> scored = new ArrayList<>(n);
        Random scores = new Random(seed);
        for (int i = 0; i < n; i++) {
          String element = kind.getValue().apply(seed++);
          fields.put(element, kind.getValue().apply(seed++));
          elements.add(element);
          long value = integers ? Long.parseLong(element) : 0;
          // integer scores (timestamps, counts) print as integers below 2^52; text members get fractional ones
          double score = integers ? (value < 1L << 52 ? value : i) : scores.nextDouble() * 1000;
          scored.add(io.lettuce.core.ScoredValue.just(score, element));
        }
        String suffix = "|" + kind.getKey() + "|" + n;
        r.hset("hash" + suffix, fields);
        r.sadd("set" + suffix, elements.toArray(String[]::new));
        r.zadd("zset" + suffix, scored.toArray(io.lettuce.core.ScoredValue[]::new));
        r.rpush("list" + suffix, elements.toArray(String[]::new));
        for (int i = 0; i < n; i++) { // events of two fields: a short name and a value of this kind
          r.xadd("stream" + suffix, Map.of("type", "click", "value", elements.get(i)));
        }
      }
    }
    // streams whose entries came 1.5 s apart (above, the ids are a millisecond or less apart): bigger id deltas
    for (int n : COUNTS) {
      Random random = new Random(n);
      for (int i = 0; i < n; i++) {
        r.xadd("stream|text 20, 1.5 s apart|" + n, new io.lettuce.core.XAddArgs().id((1_700_000_000_000L + 1500L * i)
            + "-0"), Map.of("type", "click", "value", text(random, 20 + random.nextInt(6))));
      }
    }
  }

  /** Text of {@code length} letters and digits that never reads as an integer (it starts with a letter). */
  private static String text(Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(i == 0 ? 52 : alphabet.length())));
    }
    return out.toString();
  }
}
