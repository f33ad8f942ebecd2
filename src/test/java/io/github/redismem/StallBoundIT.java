package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.PassCalls;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.cli.Exporter;
import io.github.redismem.redis.ScriptArgs;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 15, "never harm Redis": a pass over a keyspace of 10 MB strings, 100,000-element hashes, sets, sorted sets
 * and lists and many small keys holds Redis no longer than {@code sampling.maxRedisTimePerCall} at a time, by
 * Redis's own latency monitor ({@code latency-monitor-threshold} 1 ms): every {@code command} or {@code fast-command}
 * event (those are the events of commands clients send; expire-cycle, eviction, fork and AOF events are Redis's own
 * work and are not counted) is a call the slow log names, and each such call, run again, is under the bound.
 */
class StallBoundIT {
  /** The latency monitor's events for the commands of clients (server.c: "command" and "fast-command"). */
  private static final Set<String> COMMAND_EVENTS = Set.of("command", "fast-command");
  private static final ProtocolKeyword LATENCY = new ProtocolKeyword() {
    @Override
    public byte[] getBytes() {
      return name().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String name() {
      return "LATENCY";
    }
  };

  /**
   * Two of each 100,000-element collection, three 10 MB strings, 20,000 small strings and 2,000 small hashes, written
   * by scripts (each one long call, before the monitor is on).
   */
  static void load(RedisCommands<String, String> admin) {
    for (int copy = 0; copy < 2; copy++) {
      admin.eval("for i = 1, 100000 do redis.call('HSET', KEYS[1], 'field:' .. i, 'value-' .. i);"
          + " redis.call('SADD', KEYS[2], 'member:' .. i); redis.call('ZADD', KEYS[3], i, 'member:' .. i);"
          + " redis.call('RPUSH', KEYS[4], 'element-' .. i) end return 1", ScriptOutputType.INTEGER,
          "big:hash:" + copy, "big:set:" + copy, "big:zset:" + copy, "big:list:" + copy);
    }
    for (int i = 0; i < 3; i++) {
      admin.eval("redis.call('SET', KEYS[1], string.rep('x', 10 * 1024 * 1024)) return 1", ScriptOutputType.INTEGER,
          "big:string:" + i);
    }
    admin.eval("for i = 1, 20000 do redis.call('SET', 'small:' .. i, 'value-' .. i) end"
        + " for i = 1, 2000 do redis.call('HSET', 'user:' .. i, 'name', 'n' .. i, 'mail', i .. '@example.com') end"
        + " return 1", ScriptOutputType.INTEGER);
  }

  /** LATENCY LATEST: one row per event, {name, time, latest ms, max ms}. */
  @SuppressWarnings("unchecked")
  static List<List<Object>> latencyLatest(RedisCommands<String, String> admin) {
    List<Object> rows = admin.dispatch(LATENCY, new NestedMultiOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("LATEST"));
    List<List<Object>> out = new ArrayList<>();
    rows.forEach(r -> out.add((List<Object>) r));
    return out;
  }

  @RedisTest
  void aPassOverBigKeysHoldsRedisNoLongerThanTheBound(RedisBinary binary) throws Exception {
    for (boolean scripts : new boolean[] {true, false}) {
      try (RedisServer redis = binary.start()) {
        RedisCommands<String, String> admin = redis.admin();
        load(admin);
        favour(admin);
        admin.configSet("latency-monitor-threshold", "1");
        admin.configSet("slowlog-log-slower-than", String.valueOf(BOUND_MICROS));
        admin.configSet("slowlog-max-len", "10000");
        admin.dispatch(LATENCY, new NestedMultiOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("RESET"));
        admin.slowlogReset();
        PassResult pass;
        SamplerStatus status;
        try (Exporter exporter = RunningExporter.against(redis, "--sampling.interval=1h",
            "--sampling.maxRedisTimeRatio=0.5", "--sampling.maxRedisTimePerCall=1ms", "--allocator.interval=0",
            "--sampling.luaScripts=" + scripts)) {
          pass = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(120));
          status = exporter.sampler().orElseThrow().status();
        }
        List<List<Object>> latest = latencyLatest(admin);
        List<SlowCall> logged = slowCalls(admin);
        List<SlowCall> slow = logged.stream().filter(StallBoundIT::exporters).toList();
        List<String> systematic = new ArrayList<>();
        List<Long> again = new ArrayList<>();
        for (SlowCall call : slow) {
          long best = bestOfThree(admin, replayable(admin, call));
          again.add(best);
          if (best > BOUND_MICROS) {
            systematic.add(call + " again: best of 3 " + best + " us");
          }
        }
        String scriptCalls = admin.info("commandstats").lines().filter(l -> l.contains("evalsha"))
            .collect(java.util.stream.Collectors.joining(" "));
        System.out.printf("[%s scripts=%s] %d keys in %s, steps of %d keys, script calls %s, longest %d us by"
                + " Redis's clock; latency events %s; %d calls of 1 ms or more by the slow log (us: %s), run"
                + " again (us, best of 3: %s)%n", redis.version(), scripts, pass.keysInspected(), pass.duration(),
            status.batchKeys(), scriptCalls, status.longestCall().toNanos() / 1000, latest, slow.size(),
            slow.stream().map(SlowCall::micros).toList(), again);
        assertThat(pass.keysInspected()).isEqualTo(22_000 + 8 + 3);
        assertThat(status.batchKeys()).isBetween(1, 500);
        // Redis times each script call; pipelined, its longest command, the SCAN (timed alone: it serves others
        // between the other commands)
        assertThat(status.longestCall()).isPositive();
        // every command event of the monitor is a call the slow log names (the same second), the exporter's or the
        // test's own
        for (List<Object> event : latest) {
          if (COMMAND_EVENTS.contains(event.get(0))) {
            long at = (Long) event.get(1);
            assertThat(logged).as("the slow log's calls at %s", event).anyMatch(c -> Math.abs(c.at() - at) <= 1);
          }
        }
        // run again on the same keys, a call that took longer in the pass because the shared machine descheduled
        // Redis comes in under the bound: no call stays over it (each script call stops within its budget, big
        // collections are inspected alone)
        assertThat(systematic).as("calls over the bound again and again").isEmpty();
      }
    }
  }

  /**
   * The call as it was sent. The slow log keeps 32 arguments: a script call naming more keys is found again in the
   * order SCAN walks the unchanged keyspace, which is the pass's whatever the COUNT (its keys are a run of it). Such
   * keys are those of the KEYS mode (its arguments follow them), or those a SCAN-mode call left to the next step's
   * call (ARGV from the 12th on, after the SCAN mode's own eleven: inspect.lua).
   */
  static SlowCall replayable(RedisCommands<String, String> admin, SlowCall call) {
    List<String> args = call.args();
    Matcher more = Pattern.compile("\\.\\.\\. \\((\\d+) more arguments\\)").matcher(args.get(args.size() - 1));
    if (!more.matches()) {
      return call;
    }
    int declared = Integer.parseInt(args.get(2));
    int from = declared > 0 ? 3 : 3 + SCAN_MODE_ARGS;
    List<String> visible = args.subList(from, args.size() - 1);
    int keys = declared > 0 ? declared : visible.size() + Integer.parseInt(more.group(1));
    List<String> walk = new ArrayList<>();
    String cursor = "0";
    do {
      io.lettuce.core.KeyScanCursor<String> page = admin.scan(io.lettuce.core.ScanCursor.of(cursor),
          io.lettuce.core.ScanArgs.Builder.limit(1000));
      walk.addAll(page.getKeys());
      cursor = page.getCursor();
    } while (!"0".equals(cursor));
    int at = walk.indexOf(visible.get(0));
    if (at < 0 || at + keys > walk.size() || !walk.subList(at, at + visible.size()).equals(visible)) {
      throw new AssertionError("the keys of " + call + " are not a run of SCAN's walk");
    }
    List<String> full = new ArrayList<>(args.subList(0, from));
    full.addAll(walk.subList(at, at + keys));
    if (declared > 0) {
      full.addAll(ScriptArgs.keysMode(PassCalls.options(Duration.ofNanos(BOUND_MICROS * 1000))));
    }
    return new SlowCall(call.at(), call.micros(), full);
  }

  /** The SCAN mode's own arguments (inspect.lua's ARGV[1] to ARGV[11]); keys carried to the call follow. */
  private static final int SCAN_MODE_ARGS = ScriptArgs.SCAN_MODE_ARGS;

  private static final long BOUND_MICROS = 1_000;

  /**
   * Redis at the highest CPU priority (root may; CI is root), so that the exporter's threads and the rest of the
   * machine deschedule it less often mid-call (they still do on 2 shared cores: the calls run again say what a
   * call's own work takes).
   */
  static void favour(RedisCommands<String, String> admin) throws Exception {
    String pid = admin.info("server").lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
        .substring("process_id:".length()).strip();
    Process renice = new ProcessBuilder("renice", "-n", "-20", "-p", pid).redirectErrorStream(true).start();
    String out = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (renice.waitFor() != 0) {
      System.out.println("renice of Redis failed (not root?): " + out.strip());
    }
  }

  /** A command of the slow log: when (epoch s), how long (us), its arguments; those run inside a script left out. */
  record SlowCall(long at, long micros, List<String> args) {}

  @SuppressWarnings("unchecked")
  static List<SlowCall> slowCalls(RedisCommands<String, String> admin) {
    List<SlowCall> out = new ArrayList<>();
    for (Object entry : admin.slowlogGet(10_000)) {
      List<Object> e = (List<Object>) entry;
      List<String> args = ((List<Object>) e.get(3)).stream().map(String::valueOf).toList();
      String client = e.size() > 4 ? String.valueOf(e.get(4)) : "";
      // the loader's scripts ran before the reset; a command a script calls is logged with the script's client
      // "?:0" (7.0+) and is part of the script call logged beside it
      if (!client.startsWith("?:")) {
        out.add(new SlowCall((Long) e.get(1), (Long) e.get(2), args));
      }
    }
    return out;
  }

  /**
   * Whether the exporter sent it: SLOWLOG, LATENCY and CONFIG SET are the test's own (and can be slow too on a
   * loaded machine), SCRIPT LOAD is sent once; CONFIG GET is the exporter's (each scrape reads the thresholds).
   */
  static boolean exporters(SlowCall call) {
    String command = call.args().get(0).toUpperCase(java.util.Locale.ROOT);
    boolean configGet = "CONFIG".equals(command) && call.args().size() > 1
        && "GET".equalsIgnoreCase(call.args().get(1));
    return configGet || !Set.of("SLOWLOG", "CONFIG", "LATENCY", "SCRIPT").contains(command);
  }

  /** The call run again three times, as the exporter sent it (read-only commands): the shortest time it took. */
  static long bestOfThree(RedisCommands<String, String> admin, SlowCall call) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      admin.slowlogReset();
      admin.configSet("slowlog-log-slower-than", "0");
      CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
      call.args().subList(1, call.args().size()).forEach(args::add);
      String name = call.args().get(0).toUpperCase(java.util.Locale.ROOT);
      admin.dispatch(keyword(name), new NestedMultiOutput<>(StringCodec.UTF8), args);
      admin.configSet("slowlog-log-slower-than", String.valueOf(BOUND_MICROS));
      for (Object entry : admin.slowlogGet(100)) {
        List<Object> e = (List<Object>) entry;
        List<Object> logged = (List<Object>) e.get(3);
        // the call itself, not the CONFIG SET around it: the same command and first argument
        if (String.valueOf(logged.get(0)).equalsIgnoreCase(name) && (call.args().size() < 2 || (logged.size() > 1
            && String.valueOf(logged.get(1)).equalsIgnoreCase(call.args().get(1))))) {
          best = Math.min(best, (Long) e.get(2));
        }
      }
    }
    admin.slowlogReset();
    return best;
  }

  static ProtocolKeyword keyword(String name) {
    return new ProtocolKeyword() {
      @Override
      public byte[] getBytes() {
        return name.getBytes(StandardCharsets.US_ASCII);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
