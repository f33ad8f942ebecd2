package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inspection's three forms (script scanning itself, script given the keys, pipelined commands) report the same
 * facts for every type and encoding, and the type the script infers from the encoding is what TYPE says.
 */
class InspectionScriptIT {
  private static final InspectOptions OPTIONS = new InspectOptions(5, 600);

  @RedisTest
  void everyFormReportsTheSameFacts(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.set("s:int", "12345");
      r.set("s:embstr", "hello");
      r.set("s:raw", "{\"a\":1," + "x".repeat(100) + "}");
      r.setex("s:ttl", 3600, "v");
      // read to 4 KiB (a compressibility sample) from 1 KiB on; under it the 64-byte head, also where the
      // pipelined form reads further because MEMORY USAGE is over 1 KiB before it knows the length
      r.set("s:sampled", "abcdefghij".repeat(500));
      r.set("s:under", "0123456789".repeat(100) + "abcdefghij");
      for (int i = 0; i < 10; i++) {
        r.hset("h:small", "f" + i, "v");
        r.rpush("l:small", "e" + i);
        r.sadd("set:ints", Integer.toString(i));
        r.sadd("set:strings", "m" + i);
        r.zadd("z:small", i, "m" + i);
      }
      for (int i = 0; i < 300; i++) {
        r.hset("h:big", "f" + i, "v".repeat(i % 3 == 0 ? 80 : 1));
        r.zadd("z:big", i, "member-" + "m".repeat(70) + i);
        r.rpush("l:big", "x".repeat(100));
      }
      r.xadd("x:stream", Map.of("a", "1"));

      Map<String, String> facts;
      try (RedisSession session = new RedisSession(config(redis).redis());
          KeyspaceReader scripted = session.keyspaceReader(true);
          KeyspaceReader pipelined = session.keyspaceReader(false)) {
        long loose = scriptCalls(r);
        facts = byKey(scanAll(scripted, OPTIONS));
        loose = scriptCalls(r) - loose;
        assertThat(facts).hasSize(15);
        for (String key : facts.keySet()) {
          assertThat(facts.get(key)).as(key).startsWith(r.type(key) + " " + r.objectEncoding(key) + " ");
        }
        assertThat(facts.get("s:int")).endsWith(" len=5 ttl=none");
        assertThat(facts.get("s:raw")).contains(" head={\"a\":1,xx");
        assertThat(facts.get("s:sampled")).contains(" head=" + "abcdefghij".repeat(409) + "abcdef ");
        assertThat(facts.get("s:under")).contains(" head=" + "0123456789".repeat(6) + "0123 ");
        assertThat(facts.get("set:strings")).contains(" integers=false ");
        assertThat(facts.get("s:ttl")).endsWith(" ttl=set");

        List<byte[]> keys = facts.keySet().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        List<byte[]> withGone = new ArrayList<>(keys);
        withGone.add("gone".getBytes(StandardCharsets.UTF_8));
        Inspection given = scripted.inspect(0, withGone, OPTIONS);
        assertThat(given.vanished()).isEqualTo(1);
        assertThat(given.serverNanos()).isPositive();
        assertThat(byKey(given.keys())).isEqualTo(facts);

        Inspection piped = pipelined.inspect(0, withGone, OPTIONS);
        assertThat(piped.vanished()).isEqualTo(1);
        assertThat(piped.serverNanos()).as("pipelined rounds are timed by Redis (TIME around each)").isPositive();
        assertThat(piped.longestCallNanos()).as("but are no one call").isEqualTo(-1);
        assertThat(byKey(piped.keys())).isEqualTo(facts);
        assertThat(byKey(scanAll(pipelined, OPTIONS))).isEqualTo(facts);

        // sent ahead and awaited later, also across a flushed script cache (NOSCRIPT: loaded again)
        assertThat(byKey(scanAhead(scripted, r, OPTIONS))).isEqualTo(facts);

        // a budget spent at once (1 us): each call inspects 4 keys and leaves the rest to the next step's call (the
        // walk's last step and a call of KEYS to calls of their own), a collection of 100 elements or more (h:big,
        // z:big, l:big) alone; the facts are the same in every form
        InspectOptions tight = new InspectOptions(5, 600, 1, 100);
        long before = scriptCalls(r);
        assertThat(byKey(scanAll(scripted, tight))).isEqualTo(facts);
        // more calls than steps (one per step without the budget, the first of them included)
        assertThat(scriptCalls(r) - before).isGreaterThan(loose);
        Inspection split = scripted.inspect(0, withGone, tight);
        assertThat(split.vanished()).isEqualTo(1);
        assertThat(byKey(split.keys())).isEqualTo(facts);
        assertThat(split.longestCallNanos()).isPositive().isLessThanOrEqualTo(split.serverNanos());
        assertThat(byKey(scanAhead(scripted, r, tight))).isEqualTo(facts);
      }
    }
  }

  /**
   * In a db where no key has a TTL the script asks no PTTL (INFO keyspace says so, for the db the connection has
   * selected, once per call), and every key is reported without a TTL, as PTTL says; a key that gets a TTL is
   * reported with it by the next call. A raw string's length comes from its head where the head is all of it, and
   * equals STRLEN at the edges of the 4 KiB read; memory equals MEMORY USAGE at the default samples.
   */
  @RedisTest
  void factsTheScriptDoesNotAskForEqualTheCommands(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.setex("elsewhere", 3600, "v"); // db 0 has a key that expires, db 5 none
      r.select(5);
      for (int n : new int[] {45, 63, 64, 65, 1023, 1024, 4095, 4096, 4097, 20_000}) {
        r.set("raw:" + n, "y".repeat(n - 1) + "z");
      }
      for (int i = 0; i < 20; i++) {
        r.set("int:" + i, Integer.toString(i * 1_000_003));
        r.hset("h:" + i, "f", "v");
      }
      try (RedisSession session = new RedisSession(config(redis).redis());
          KeyspaceReader scripted = session.keyspaceReader(true);
          KeyspaceReader pipelined = session.keyspaceReader(false)) {
        r.configResetstat();
        List<KeyFacts> persistent = scanAll(scripted, 5, 100);
        assertThat(persistent).hasSize(50);
        assertThat(commandCalls(r, "pttl")).as("PTTL asked in a db without TTLs").isZero();
        for (KeyFacts k : persistent) {
          String key = new String(k.key(), StandardCharsets.UTF_8);
          assertThat(k.ttlMillis()).as(key).isEqualTo(r.pttl(key)).isEqualTo(-1);
          assertThat(k.length()).as(key).isEqualTo(key.startsWith("h:") ? r.hlen(key) : r.strlen(key));
          assertThat(k.memoryBytes()).as(key).isEqualTo(r.memoryUsage(key));
          if (key.startsWith("raw:")) {
            int n = Integer.parseInt(key.substring(4));
            String value = r.get(key);
            assertThat(new String(k.head(), StandardCharsets.UTF_8)).as(key)
                .isEqualTo(value.substring(0, Math.min(n, n >= 1024 ? 4096 : 64)));
          }
        }
        Map<String, String> facts = byKey(persistent);
        r.configResetstat();
        assertThat(byKey(pipelined.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(facts);
        assertThat(commandCalls(r, "pttl")).as("pipelined: PTTL asked in a db without TTLs").isZero();
        assertThat(commandCalls(r, "type")).as("pipelined: TYPE of the listpack hashes only").isEqualTo(20);
        assertThat(commandCalls(r, "strlen")).as("pipelined: STRLEN of the int strings and of the raw ones longer"
            + " than their 4 KiB read").isEqualTo(23);

        // pipelined, SCAN is timed alone (the step's longest command) and, once its cost per key is known, asked
        // for what fits the call budget: at 1 us, the fewest keys (8), so a walk of the 50 keys takes several steps
        InspectOptions tight = new InspectOptions(5, 600, 1, 100);
        ScanInspection whole = pipelined.scanAndInspect(5, "0", 100, tight);
        assertThat(whole.scanned()).isEqualTo(50);
        assertThat(whole.inspection().longestCallNanos()).isPositive()
            .isLessThanOrEqualTo(whole.inspection().serverNanos());
        ScanInspection cut = pipelined.scanAndInspect(5, "0", 100, tight);
        assertThat(cut.finished()).isFalse();
        assertThat(cut.scanned()).isBetween(1, 30);
        assertThat(byKey(scanAll(pipelined, 5, 100, tight))).isEqualTo(facts);

        // a TTL given now is in the next call's facts, in both script modes
        r.expire("int:7", 600);
        r.configResetstat();
        Map<String, String> expiring = byKey(scanAll(scripted, 5, 100));
        assertThat(commandCalls(r, "pttl")).isEqualTo(50);
        assertThat(expiring.get("int:7")).endsWith(" ttl=set");
        Map<String, String> expected = new TreeMap<>(facts);
        expected.put("int:7", facts.get("int:7").replace(" ttl=none", " ttl=set"));
        assertThat(expiring).isEqualTo(expected);
        assertThat(byKey(scripted.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(expected);
        assertThat(byKey(pipelined.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(expected);

        // and gone with PERSIST: the next call still asks (the last one found a TTL: ScriptInspector's hint), finds
        // none, and the one after it reads INFO keyspace again and asks none
        r.persist("int:7");
        assertThat(byKey(scripted.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(facts);
        r.configResetstat();
        assertThat(byKey(scripted.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(facts);
        assertThat(commandCalls(r, "pttl")).isZero();
        // the pipelined rounds keep the same hint: PTTL asked once more without INFO, then INFO read and no PTTL
        r.configResetstat();
        assertThat(byKey(pipelined.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(facts);
        assertThat(commandCalls(r, "info")).isZero(); // first: each commandCalls is an INFO itself
        assertThat(commandCalls(r, "pttl")).isEqualTo(50);
        r.configResetstat();
        assertThat(byKey(pipelined.inspect(5, keysOf(persistent), OPTIONS).keys())).isEqualTo(facts);
        assertThat(commandCalls(r, "info")).isEqualTo(1);
        assertThat(commandCalls(r, "pttl")).isZero();
      }
    }
  }

  /**
   * Once two keys agree on what a name length costs the db, and two embstr strings of a length on what their object
   * costs, the script and the pipelined rounds ask no MEMORY USAGE of an int string under such a name nor of such an
   * embstr: the facts reported still equal the commands' own answers, for names of every sds header (under 32 bytes,
   * to 255, from 256), values of every length an embstr holds, shared and negative integers, keys with and without a
   * TTL. (6.2 sizes an embstr by its length, 7.0 by its allocation.)
   */
  @RedisTest
  void shortStringsMemoryThatFollowsEqualsTheCommand(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      r.select(6);
      java.util.Random random = new java.util.Random(16);
      int strings = 0;
      List<Integer> nameLengths = new ArrayList<>();
      for (int n = 2; n <= 40; n++) {
        nameLengths.add(n);
      }
      nameLengths.addAll(List.of(100, 255, 256, 300));
      for (int n : nameLengths) {
        for (int j = 0; j < 4; j++) {
          long value = j == 0 ? random.nextInt(10_000) : random.nextLong() >> random.nextInt(64);
          r.set(name("i" + j, n), Long.toString(value));
          r.set(name("e" + j, n), "v".repeat(1 + random.nextInt(44)));
          strings += 2;
        }
        r.setex(name("t", n), 3600, "ttl-" + n);
        r.hset(name("h", n), "f", "v");
        strings++;
      }
      int all = strings + nameLengths.size();
      try (RedisSession session = new RedisSession(config(redis).redis());
          KeyspaceReader scripted = session.keyspaceReader(true);
          KeyspaceReader pipelined = session.keyspaceReader(false)) {
        long memoryCalls = 0;
        long strlenCalls = 0;
        long memoryPiped = 0;
        for (int pass = 0; pass < 3; pass++) {
          r.configResetstat();
          List<KeyFacts> facts = scanAll(scripted, 6, 10);
          memoryCalls = commandCalls(r, "memory|usage") + commandCalls(r, "memory"); // 7.0, 6.2
          strlenCalls = commandCalls(r, "strlen");
          assertThat(facts).hasSize(all);
          for (KeyFacts k : facts) {
            String key = new String(k.key(), StandardCharsets.UTF_8);
            assertThat(k.encoding()).as(key).isEqualTo(r.objectEncoding(key));
            assertThat(k.memoryBytes()).as(key).isEqualTo(r.memoryUsage(key));
            assertThat(k.length()).as(key).isEqualTo("hash".equals(k.type()) ? r.hlen(key) : r.strlen(key));
          }
          r.configResetstat();
          List<KeyFacts> piped = pipelined.inspect(6, keysOf(facts), OPTIONS).keys();
          memoryPiped = commandCalls(r, "memory|usage") + commandCalls(r, "memory");
          assertThat(byKey(piped)).isEqualTo(byKey(facts));
          for (KeyFacts k : piped) {
            String key = new String(k.key(), StandardCharsets.UTF_8);
            assertThat(k.memoryBytes()).as(key).isEqualTo(r.memoryUsage(key));
            assertThat(k.length()).as(key).isEqualTo("hash".equals(k.type()) ? r.hlen(key) : r.strlen(key));
          }
        }
        // by the third pass most calls are given the parts (one in 16 is not, and checks them)
        assertThat(memoryCalls).as("MEMORY USAGE in the script: of the hashes, few strings").isBetween(
            (long) nameLengths.size(), (long) nameLengths.size() + strings / 4);
        assertThat(strlenCalls).as("STRLEN of every string still").isEqualTo(strings);
        // one batch a pass: the first asks every string (and teaches), the ones after it leave most out
        assertThat(memoryPiped).as("pipelined MEMORY USAGE: of the hashes, few strings").isBetween(
            (long) nameLengths.size(), (long) nameLengths.size() + strings / 4);
      }
    }
  }

  /** {@code base} padded with dots to {@code length} bytes. */
  private static String name(String base, int length) {
    return base + ".".repeat(length - base.length());
  }

  private static List<byte[]> keysOf(List<KeyFacts> facts) {
    return facts.stream().map(KeyFacts::key).toList();
  }

  /** Calls of a command the server ran, scripts' included, by its commandstats (0: none since the reset). */
  private static long commandCalls(RedisCommands<String, String> r, String command) {
    return r.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_" + command + ":"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("^[^:]*:calls=(\\d+),.*$", "$1").strip())).sum();
  }

  /** Script calls the server ran (EVALSHA and EVALSHA_RO), by its commandstats. */
  private static long scriptCalls(RedisCommands<String, String> r) {
    return r.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("^[^:]*:calls=(\\d+),.*$", "$1").strip())).sum();
  }

  private static List<KeyFacts> scanAll(KeyspaceReader reader, InspectOptions options) throws SamplingException {
    return scanAll(reader, 0, 5, options);
  }

  private static List<KeyFacts> scanAll(KeyspaceReader reader, int db, int count) throws SamplingException {
    return scanAll(reader, db, count, OPTIONS);
  }

  private static List<KeyFacts> scanAll(KeyspaceReader reader, int db, int count, InspectOptions options)
      throws SamplingException {
    List<KeyFacts> all = new ArrayList<>();
    String cursor = "0";
    do {
      ScanInspection step = reader.scanAndInspect(db, cursor, count, options);
      assertThat(step.scanned()).isEqualTo(step.inspection().keys().size() + step.inspection().vanished());
      all.addAll(step.inspection().keys());
      cursor = step.cursor();
    } while (!"0".equals(cursor));
    return all;
  }

  private static List<KeyFacts> scanAhead(KeyspaceReader reader, RedisCommands<String, String> r,
      InspectOptions options) throws SamplingException {
    List<KeyFacts> all = new ArrayList<>();
    KeyspaceReader.Pending<ScanInspection> pending = reader.sendScanAndInspect(0, "0", 5, options);
    boolean flushed = false;
    while (true) {
      ScanInspection step = pending.await();
      all.addAll(step.inspection().keys());
      if (step.finished()) {
        return all;
      }
      if (!flushed) {
        r.scriptFlush();
        flushed = true;
      }
      pending = reader.sendScanAndInspect(0, step.cursor(), 5, options);
    }
  }

  private static Map<String, String> byKey(List<KeyFacts> keys) {
    Map<String, String> out = new TreeMap<>();
    for (KeyFacts k : keys) {
      String head = k.head() == null ? "" : " head=" + new String(k.head(), StandardCharsets.UTF_8);
      String ints = k.integerMembers() == null ? "" : " integers=" + k.integerMembers();
      out.put(new String(k.key(), StandardCharsets.UTF_8), k.type() + " " + k.encoding() + " mem="
          + (k.memoryBytes() > 0) + head + ints + " len=" + k.length() + " ttl=" + (k.ttlMillis() > 0 ? "set" : "none"));
    }
    return out;
  }

  private static ExporterConfig config(RedisServer redis) throws Exception {
    return ConfigLoader.load(CommandLine.parse(new String[] {"--redis.addr=" + redis.uri()}), Map.of());
  }
}
