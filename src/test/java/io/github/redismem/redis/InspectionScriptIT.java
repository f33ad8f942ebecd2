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
        assertThat(piped.serverNanos()).as("pipelined commands are not timed by Redis").isEqualTo(-1);
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

  /** Script calls the server ran (EVALSHA and EVALSHA_RO), by its commandstats. */
  private static long scriptCalls(RedisCommands<String, String> r) {
    return r.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("^[^:]*:calls=(\\d+),.*$", "$1").strip())).sum();
  }

  private static List<KeyFacts> scanAll(KeyspaceReader reader, InspectOptions options) throws SamplingException {
    List<KeyFacts> all = new ArrayList<>();
    String cursor = "0";
    do {
      ScanInspection step = reader.scanAndInspect(0, cursor, 5, options);
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
