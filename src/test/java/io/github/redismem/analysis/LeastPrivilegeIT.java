package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sampler under users the test creates with ACL SETUSER: each missing permission degrades the pass (a
 * database skipped, sizes estimated, encodings inferred, pipelined commands) instead of abandoning it.
 */
class LeastPrivilegeIT {

  /**
   * The minimal ACL of docs/security.md, read-only keys and no write command: every command the exporter sends
   * answers, so the pass, the scrape and the allocator read are complete.
   */
  static String[] minimalAcl(RedisServer redis) {
    List<String> rules = new ArrayList<>(List.of("resetchannels", "-@all", "+info", "+config|get", "+scan", "+select",
        "+type", "+object|encoding", "+memory|usage", "+memory|stats", "+memory|doctor", "+memory|malloc-stats",
        "+pttl", "+strlen", "+hlen", "+llen", "+scard", "+zcard", "+xlen", "+getrange", "+srandmember",
        "+hrandfield", "+zrandmember", "+lrange", "+xrange", "+xrevrange", "+script|load", "+evalsha", "+time"));
    if (redis.atLeast(7, 0)) {
      rules.add("+evalsha_ro");
    }
    return rules.toArray(String[]::new);
  }

  @RedisTest
  void theMinimalAclGivesFullResults(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "exporter", minimalAcl(redis));
      for (boolean scripts : new boolean[] {true, false}) {
        Run run = pass(redis, "exporter", scripts);
        assertThat(run.pass.result().keysInspected()).as("scripts " + scripts).isEqualTo(25);
        assertThat(run.status.limits()).isEmpty();
        assertThat(run.status.capabilities()).containsOnlyKeys("scan", "object", "memory_usage", "eval", "config_get")
            .allSatisfy((command, allowed) -> assertThat(allowed).as(command).isTrue());
        assertThat(run.status.errors().values()).allMatch(n -> n == 0);
        assertThat(run.scrape.up()).isTrue();
        assertThat(run.scrape.skipped()).isEmpty();
        assertThat(run.scrape.failed()).isEmpty();
        assertThat(run.scrape.memoryStats()).isPresent();
        assertThat(run.scrape.doctor()).isPresent();
        assertThat(run.scrape.config()).isNotEmpty();
        assertThat(run.allocatorUnavailable).as("MEMORY MALLOC-STATS").isEmpty();
      }
      // and it may not write
      try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
          "redis://exporter:pw@" + redis.host() + ":" + redis.port())) {
        try (var c = client.connect()) {
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.sync().set("k:0", "x"))
              .hasMessageContaining("NOPERM");
        }
        client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  @RedisTest
  void aRefusedSelectSkipsThatDatabaseNotThePass(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "nosel", "+@all", "-select");
      Run run = pass(redis, "nosel", true);
      assertThat(run.pass.result().keysInspected()).isEqualTo(20);
      assertThat(run.status.capabilities()).containsEntry("memory_usage", true).containsEntry("scan", true);
      assertThat(run.pass.partial()).isFalse();
      assertThat(run.status.limits()).singleElement().asString().startsWith("db 1 skipped (SELECT 1 refused: NOPERM");
      assertThat(run.status.errors().values()).allMatch(n -> n == 0);
    }
  }

  @RedisTest
  void withoutMemoryUsageSizesAreEstimatedAndMarked(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "nomem", "+@all", "-memory");
      for (boolean scripts : new boolean[] {true, false}) {
        Run run = pass(redis, "nomem", scripts);
        assertThat(run.pass.result().keysInspected()).as("scripts " + scripts).isEqualTo(25);
        assertThat(run.status.capabilities()).containsEntry("memory_usage", false).containsEntry("object", true)
            .containsEntry("eval", true);
        assertThat(run.status.limits()).containsExactly("sizes estimated (MEMORY USAGE not permitted)");
        assertThat(exposition(run.status)).contains("redismem_capability{command=\"memory_usage\"} 0.0\n",
            "redismem_capability{command=\"scan\"} 1.0\n", "redismem_capability{command=\"object\"} 1.0\n");
        assertThat(run.report)
            .contains("limited: sizes estimated (MEMORY USAGE not permitted)");
        assertThat(run.pass.result().encodings()).allSatisfy(g -> assertThat(g.bytes()).isPositive());
        assertThat(run.status.errors().values()).allMatch(n -> n == 0);
      }
    }
  }

  @RedisTest
  void withoutObjectEncodingsAreInferred(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "noobj", "+@all", "-object");
      Run run = pass(redis, "noobj", true);
      assertThat(run.pass.result().keysInspected()).isEqualTo(25);
      assertThat(run.status.capabilities()).containsEntry("object", false).containsEntry("memory_usage", true);
      assertThat(run.status.limits()).containsExactly("encodings inferred (OBJECT not permitted)");
      // as the server has them (a small set of strings: hashtable before 7.2), strings as embstr or raw
      assertThat(run.pass.result().encodings()).extracting(g -> g.dataType().label() + " " + g.encoding())
          .containsExactlyInAnyOrder("string embstr", "string raw", "hash " + r.objectEncoding("h:small"),
              "set " + r.objectEncoding("s:small"), "zset " + r.objectEncoding("z:small"),
              "list " + r.objectEncoding("l:small"), "string embstr");
    }
  }

  @RedisTest
  void withoutScriptsKeysAreInspectedWithPipelinedCommands(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "noscript", "+@all", "-@scripting");
      Run run = pass(redis, "noscript", true);
      assertThat(run.pass.result().keysInspected()).isEqualTo(25);
      assertThat(run.status.capabilities()).containsEntry("eval", false).containsEntry("memory_usage", true);
      assertThat(run.status.limits()).containsExactly("keys inspected with pipelined commands (scripts not permitted)");
    }
  }

  @RedisTest
  void withoutScanTheSamplerIsOffWithItsReason(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      user(r, "noscan", "+@all", "-scan");
      ExporterConfig config = config(redis, "noscan", true);
      try (RedisSession session = new RedisSession(config.redis());
          KeySampler sampler = new KeySampler(session.keyspaceReader(true), config.sampling(), config.thresholds())) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampler.runOnce(PassProgress.NONE, () -> false))
            .hasMessageContaining("SCAN refused");
        assertThat(sampler.status().state()).isEqualTo("refused");
        assertThat(sampler.status().capabilities()).containsEntry("scan", false);
        assertThat(sampler.status().limits()).containsExactly("sampler off (SCAN not permitted)");
        // scrapes are unaffected
        assertThat(session.memoryStateReader().read().up()).isTrue();
      }
    }
  }

  /**
   * A key pattern narrower than {@code ~*}: SCAN returns every name, the half outside the pattern is refused key by
   * key. The pass completes with the permitted half exactly as a pass over that half alone (by script, whose SCAN
   * mode reports the forbidden keys, and by pipelined commands), and the forbidden keys are counted and shown. A
   * sampled pass, whose script calls name their keys and are refused whole when one is forbidden, completes too,
   * its estimates those of the permitted half.
   */
  @RedisTest
  void aNarrowKeyPatternSkipsTheForbiddenKeysNotThePass(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      int permitted = fillHalfForbidden(r);
      List<String> rules = new ArrayList<>(List.of("resetkeys", redis.atLeast(7, 0) ? "%R~app:*" : "~app:*"));
      rules.addAll(List.of(minimalAcl(redis)));
      user(r, "narrow", rules.toArray(String[]::new));
      user(r, "exporter", minimalAcl(redis));
      List<Run> narrow = new ArrayList<>();
      for (boolean scripts : new boolean[] {true, false}) {
        Run run = pass(redis, "narrow", scripts);
        narrow.add(run);
        assertThat(run.pass.partial()).isFalse();
        assertThat(run.pass.result().keysInspected()).as("scripts " + scripts).isEqualTo(permitted);
        assertThat(run.pass.result().keysVanished()).isZero();
        assertThat(run.status.keysForbidden()).isEqualTo(permitted);
        assertThat(run.status.errors().values()).allMatch(n -> n == 0);
        // nothing switched: the script still inspects where scripts are on
        assertThat(run.status.capabilities()).allSatisfy((command, allowed) -> assertThat(allowed).as(command).isTrue());
        assertThat(run.status.limits()).containsExactly(permitted
            + " keys not inspected (outside the user's ACL key pattern): not in the figures");
        assertThat(run.report).contains("limited: " + permitted + " keys not inspected");
        assertThat(exposition(run.status)).contains("redismem_scan_keys_forbidden " + permitted + ".0\n");
        assertThat(run.pass.result().prefixes()).extracting(PassResult.PrefixGroup::prefix)
            .allMatch(prefix -> prefix.startsWith("app"));
      }
      // the permitted half alone, under ~*: the same figures
      for (int i = 0; i < 2 * permitted; i += 2) {
        r.del(halfForbiddenKey(i + 1));
      }
      for (boolean scripts : new boolean[] {true, false}) {
        Run whole = pass(redis, "exporter", scripts);
        Run run = narrow.get(scripts ? 0 : 1);
        assertThat(whole.status.keysForbidden()).isZero();
        assertThat(whole.status.limits()).isEmpty();
        assertThat(run.pass.result().encodings()).as("scripts " + scripts)
            .containsExactlyInAnyOrderElementsOf(whole.pass.result().encodings());
        assertThat(run.pass.result().prefixes()).containsExactlyInAnyOrderElementsOf(whole.pass.result().prefixes());
        assertThat(run.pass.result().ttls()).containsExactlyInAnyOrderElementsOf(whole.pass.result().ttls());
        assertThat(run.pass.result().findings()).containsExactlyInAnyOrderElementsOf(whole.pass.result().findings());
        assertThat(run.pass.result().topKeys()).containsExactlyInAnyOrderElementsOf(whole.pass.result().topKeys());
        assertThat(run.pass.result().encodings()).extracting(PassResult.EncodingGroup::bytes)
            .allMatch(bytes -> bytes > 0);
      }
    }
  }

  @RedisTest
  void aSampledPassUnderANarrowKeyPatternCompletes(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      int permitted = fillHalfForbidden(r);
      List<String> rules = new ArrayList<>(List.of("resetkeys", redis.atLeast(7, 0) ? "%R~app:*" : "~app:*"));
      rules.addAll(List.of(minimalAcl(redis)));
      user(r, "narrow", rules.toArray(String[]::new));
      for (boolean scripts : new boolean[] {true, false}) {
        ExporterConfig config = ConfigLoader.load(CommandLine.parse(new String[] {
            "--redis.addr=redis://narrow:pw@" + redis.host() + ":" + redis.port(), "--sampling.onPrimary=true",
            "--sampling.luaScripts=" + scripts, "--sampling.sampleRatio=0.5", PACE}), Map.of());
        try (RedisSession session = new RedisSession(config.redis());
            KeySampler sampler = new KeySampler(session.keyspaceReader(scripts), config.sampling(),
                config.thresholds())) {
          SinglePass pass = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
          SamplerStatus status = sampler.status();
          assertThat(pass.partial()).isFalse();
          assertThat(status.errors().values()).as("scripts " + scripts).allMatch(n -> n == 0);
          // KeyHash picks about half of each half
          assertThat(status.keysForbidden()).isBetween(1L, (long) permitted - 1);
          assertThat(pass.result().keysInspected()).isBetween(1L, (long) permitted - 1);
          assertThat(status.capabilities()).containsEntry("eval", true).containsEntry("memory_usage", true);
          assertThat(status.limits()).containsExactly(status.keysForbidden() + " sampled keys not inspected (outside"
              + " the user's ACL key pattern): the estimates are of the permitted keys, the others' memory is"
              + " unattributed");
          // the picked forbidden keys weigh as keys of no category: the estimates are of the permitted half, whose
          // prefix had no forbidden key and so keeps its exact count; the forbidden prefix is left out
          assertThat(pass.result().prefixes()).extracting(PassResult.PrefixGroup::prefix, PassResult.PrefixGroup::keys)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("app:", (double) permitted));
          assertThat(pass.result().encodings().stream().mapToDouble(PassResult.EncodingGroup::keys).sum())
              .isCloseTo(permitted, org.assertj.core.data.Offset.offset(1e-6));
        }
      }
    }
  }

  /** Key {@code i} of {@link #fillHalfForbidden}: even ones under app:, odd ones under priv:. */
  static String halfForbiddenKey(int i) {
    return (i % 2 == 0 ? "app:" : "priv:") + String.format("%03d", i);
  }

  /** 200 keys of every type in db 0, every other one outside app:*; returns the number under app:* (100). */
  static int fillHalfForbidden(RedisCommands<String, String> r) {
    int n = 200;
    for (int i = 0; i < n; i++) {
      String key = halfForbiddenKey(i);
      switch ((i / 2) % 7) {
        case 0 -> r.set(key, Integer.toString(1000 + i));
        case 1 -> r.set(key, "value-" + (1000 + i));
        case 2 -> r.set(key, "x".repeat(100));
        case 3 -> {
          for (int j = 0; j < 10; j++) {
            r.hset(key, "field" + j, "value" + j);
          }
        }
        case 4 -> {
          for (int j = 0; j < 10; j++) {
            r.sadd(key, "member" + j);
          }
        }
        case 5 -> {
          for (int j = 0; j < 10; j++) {
            r.zadd(key, j, "member" + j);
          }
        }
        default -> {
          for (int j = 0; j < 10; j++) {
            r.rpush(key, "element" + j);
          }
        }
      }
    }
    return n / 2;
  }

  static String exposition(SamplerStatus status) throws java.io.IOException {
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    registry.register(new io.github.redismem.metrics.SamplerCollector(() -> status));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, registry.scrape(),
        io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  static void user(RedisCommands<String, String> r, String name, String... rules) {
    String[] args = new String[4 + rules.length];
    args[0] = name;
    args[1] = "on";
    args[2] = ">pw";
    args[3] = "~*";
    System.arraycopy(rules, 0, args, 4, rules.length);
    Object reply = r.dispatch(io.lettuce.core.protocol.CommandType.ACL,
        new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
        new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("SETUSER")
            .addValues(args));
    assertThat(reply).isEqualTo("OK");
  }

  /** 20 keys of every type in db 0 and 5 strings in db 1. */
  static void fill(RedisCommands<String, String> r) {
    for (int i = 0; i < 16; i++) {
      r.set("k:" + i, i % 2 == 0 ? "value-" + i : "x".repeat(100 + i));
    }
    for (int i = 0; i < 10; i++) {
      r.hset("h:small", "field" + i, "value" + i);
      r.sadd("s:small", "member" + i);
      r.zadd("z:small", i, "member" + i);
      r.rpush("l:small", "element" + i);
    }
    r.select(1);
    for (int i = 0; i < 5; i++) {
      r.set("other:" + i, "v");
    }
    r.select(0);
  }

  /** A pass, the sampler's status after it, and the text report of a scrape with it (as {@code analyze} prints). */
  record Run(SinglePass pass, SamplerStatus status, String report, io.github.redismem.redis.MemoryState scrape,
      java.util.Optional<String> allocatorUnavailable) {}

  static ExporterConfig config(RedisServer redis, String user, boolean scripts) throws Exception {
    return ConfigLoader.load(CommandLine.parse(new String[] {
        "--redis.addr=redis://" + user + ":pw@" + redis.host() + ":" + redis.port(), "--sampling.onPrimary=true",
        "--sampling.luaScripts=" + scripts, PACE}), Map.of());
  }

  /**
   * Paced as by the default before it became 0.1% (issue 15): a paced pass, as users run, whose steps are not sent
   * ahead; at 0.1% these passes took 135 s instead of 17.
   */
  static final String PACE = "--sampling.maxRedisTimeRatio=0.01";

  static Run pass(RedisServer redis, String user, boolean scripts) throws Exception {
    ExporterConfig config = config(redis, user, scripts);
    try (RedisSession session = new RedisSession(config.redis())) {
      KeyspaceReader reader = session.keyspaceReader(config.sampling().luaScripts());
      KeySampler sampler = new KeySampler(reader, config.sampling(), config.thresholds(), PassClock.SYSTEM);
      SinglePass pass = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
      SamplerStatus status = sampler.status();
      io.github.redismem.redis.MemoryState scrape = session.memoryStateReader().read();
      String report = io.github.redismem.report.ReportText.render(
          new io.github.redismem.report.ReportBuilder("test", "redis").build(scrape, status, java.time.Instant.now(),
              false));
      java.util.Optional<String> allocator;
      try (io.github.redismem.redis.AllocatorReader malloc = session.allocatorReader()) {
        allocator = malloc.read().unavailable();
      }
      sampler.close();
      return new Run(pass, status, report, scrape, allocator);
    }
  }
}
