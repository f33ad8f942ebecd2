package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.FaultyProxy;
import io.github.redismem.testing.LoopbackCluster;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults of real Redis processes in the middle of a pass, one after the other on one exporter: SIGSTOP / SIGCONT,
 * CLIENT PAUSE, DEBUG SLEEP, CLIENT KILL of the exporter's connections, keys deleted, renamed, expired and retyped,
 * evictions under maxmemory, FLUSHALL, kill -9 and a restart that LOADs the dataset slowly; and a proxy that delays, stalls
 * and cuts the connections. After each: /metrics answered within its bound, redismem_up told the truth, the last
 * complete results stayed served with their age, sampling resumed by itself, no thread piled up, and the log said
 * what happened without a flood.
 */
class FaultsIT {
  private static final Duration TIMEOUT = Duration.ofMillis(700);
  /** The scrape's bound is redis.timeout; the slack covers HTTP and a loaded CI machine, not a second timeout. */
  private static final Duration BOUND = TIMEOUT.plusMillis(1000);
  /**
   * Enough keys for passes that take a second or two at the ratio below: mid-pass is a state the test can reach and
   * act in. The test waits for some twenty passes, so their length is most of its time (30,000 keys took 100 s).
   */
  private static final int KEYS = 10_000;
  /** Passes that take seconds: mid-pass is a state the test can reach and act in. */
  private static final String[] SLOW_PASSES = {"--redis.timeout=700ms", "--sampling.interval=200ms",
      "--sampling.max-redis-time-ratio=0.05", "--allocator.interval=0"};

  /**
   * On Debian's 7.0 only: the faults are the exporter's to survive, not a version's, and the sequence takes a
   * minute (the proxy test below runs on every version).
   */
  @Test
  void faultsMidPassLeaveTheExporterServingAndSamplingResumes() throws Exception {
    RedisBinary binary = RedisBinaries.required();
    // each key's load waits 450 us at start-up: a restart with the dataset LOADs for about 5 s, and answers
    // clients every KB loaded (7.0's loading-process-events-interval-bytes; 2 MB by default)
    try (RedisServer redis = binary.start("key-load-delay 450", "loading-process-events-interval-bytes 1024",
        "enable-debug-command local");
        ResilienceIT.LogCapture log = new ResilienceIT.LogCapture()) {
      load(redis, KEYS);
      try (Exporter exporter = RunningExporter.against(redis, SLOW_PASSES)) {
        long passes = awaitPasses(exporter, 1);
        System.out.println("first pass: " + exporter.sampler().orElseThrow().status().lastPass().orElseThrow()
            .duration().toMillis() + " ms");
        int threads = Thread.activeCount();
        assertKeys(served(exporter, 1), KEYS);

        midPass(exporter);
        redis.freeze();
        try {
          for (int i = 0; i < 3; i++) {
            Scrape s = served(exporter, 0);
            assertKeys(s, KEYS); // the last complete results, with their age
            assertThat(s.require("redismem_scan_last_pass_timestamp_seconds")).isPositive();
          }
        } finally {
          redis.thaw();
        }
        passes = awaitPasses(exporter, passes + 1);
        assertKeys(served(exporter, 1), KEYS);

        midPass(exporter);
        redis.admin().clientPause(2000);
        Scrape paused = served(exporter, 0);
        assertKeys(paused, KEYS);
        passes = awaitPasses(exporter, passes + 1);

        // DEBUG SLEEP: the server runs one long command of another client, accepting connections, answering none;
        // the exporter's commands sent meanwhile are answered late, after their timeout
        midPass(exporter);
        try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
            io.lettuce.core.api.StatefulRedisConnection<String, String> other = client.connect()) {
          io.lettuce.core.RedisFuture<String> sleeping = other.async().dispatch(
              io.lettuce.core.protocol.CommandType.DEBUG,
              new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
              new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("SLEEP").add(2));
          Thread.sleep(100); // the sleep has begun
          Scrape busy = served(exporter, 0);
          assertKeys(busy, KEYS);
          assertThat(sleeping.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("OK");
        }
        served(exporter, 1);
        passes = awaitPasses(exporter, passes + 1);
        assertKeys(served(exporter, 1), KEYS);

        midPass(exporter);
        long killed = redis.admin().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
        assertThat(killed).isPositive();
        served(exporter, 1);
        passes = awaitPasses(exporter, passes + 1);
        assertKeys(served(exporter, 1), KEYS);

        // keys deleted, renamed, retyped and expiring while a pass runs: it completes without an error (the count
        // so far holds the freeze's timeouts and the killed connections'), and the next pass, over a settled
        // keyspace, counts exactly what is there
        long failedBatches = errors(exporter);
        midPass(exporter);
        for (int i = 0; i < KEYS; i += 10) {
          redis.admin().del("k:" + i);
          redis.admin().rename("k:" + (i + 1), "renamed:" + i);
          redis.admin().del("k:" + (i + 2));
          redis.admin().hset("k:" + (i + 2), "f", "v");
          redis.admin().pexpire("k:" + (i + 3), 50);
        }
        // a pass that began while the keys changed may count a renamed key twice: wait for two that began after
        passes = awaitPasses(exporter, passesNow(exporter) + 2);
        long now = redis.admin().dbsize();
        assertThat(now).isEqualTo(KEYS - KEYS / 10 * 2L);
        assertKeys(served(exporter, 1), now);
        assertThat(errors(exporter)).isEqualTo(failedBatches);

        // evictions under maxmemory while a pass runs
        midPass(exporter);
        long used = Long.parseLong(redis.admin().info("memory").replaceAll("(?s).*\\bused_memory:(\\d+).*", "$1"));
        redis.admin().configSet("maxmemory-policy", "allkeys-random");
        redis.admin().configSet("maxmemory", String.valueOf(used + 512 * 1024));
        for (int i = 0; i < 4000; i++) {
          redis.admin().set("filler:" + i, "x".repeat(500));
        }
        assertThat(redis.admin().info("stats")).containsPattern("evicted_keys:[1-9]");
        redis.admin().configSet("maxmemory", "0");
        passes = awaitPasses(exporter, passesNow(exporter) + 2);
        assertKeys(served(exporter, 1), redis.admin().dbsize());
        assertThat(errors(exporter)).isEqualTo(failedBatches);

        // FLUSHALL while a pass runs (over a fresh dataset: the one above was retyped and evicted)
        redis.admin().flushall();
        load(redis, KEYS);
        passes = awaitPasses(exporter, passesNow(exporter) + 2);
        midPass(exporter);
        redis.admin().flushall();
        passes = awaitPasses(exporter, passesNow(exporter) + 2);
        assertKeys(served(exporter, 1), 0);
        assertThat(errors(exporter)).isEqualTo(failedBatches);

        // kill -9 mid-pass; the restart loads the saved dataset slowly
        load(redis, KEYS);
        int saved = KEYS;
        passes = awaitPasses(exporter, passesNow(exporter) + 2);
        redis.admin().save();
        midPass(exporter);
        ((RedisServerProcess) redis).kill();
        for (int i = 0; i < 3; i++) {
          assertKeys(served(exporter, 0), saved);
        }
        // restart() returns once the load is done: watch the exporter meanwhile
        java.util.concurrent.CompletableFuture<Void> restarted =
            java.util.concurrent.CompletableFuture.runAsync(redis::restart);
        // a loading Redis is up: INFO answers (loading:1); the last pass's figures stay served
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
          LoopbackCluster.await("Redis loading its dataset, seen by a scrape", () -> {
            Scrape s = served(exporter, -1);
            seen.add("up=" + s.value("redismem_up").orElse(-1.0) + " loading="
                + s.value("redismem_loading").orElse(-1.0) + " sampler=" + exporter.sampler().orElseThrow().status()
                .state() + " restarted=" + restarted.isDone());
            return s.value("redismem_loading").orElse(0.0) == 1.0;
          });
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; seen: " + seen.subList(Math.max(0, seen.size() - 15),
              seen.size()), e);
        }
        Scrape loading = served(exporter, 1);
        assertKeys(loading, saved);
        restarted.get(60, java.util.concurrent.TimeUnit.SECONDS);
        awaitPasses(exporter, passes + 1);
        assertKeys(served(exporter, 1), saved);

        // nothing piled up: the same threads as before the faults, give or take the JVM's own
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads + 3);
        // the log said what happened, not once per retry: a handful of warnings for eight faults
        assertThat(log.warnings()).as(String.join("\n", log.warnings())).hasSizeLessThan(30);
      }
    }
  }

  /** On Debian's 7.0 only, as the test above: the network's faults are the exporter's to survive. */
  @Test
  void aProxyThatDelaysStallsAndCutsCostsScrapesTheirBoundOnly() throws Exception {
    RedisBinary binary = RedisBinaries.required();
    try (RedisServer redis = binary.start(); FaultyProxy proxy = new FaultyProxy(redis.host(), redis.port())) {
      load(redis, KEYS);
      try (Exporter exporter = throughProxy(proxy)) {
        long passes = awaitPasses(exporter, 1);
        int connections = proxy.accepted();

        // 150 ms each way: slower, within the bound, still up
        proxy.delay(150);
        Scrape slow = served(exporter, 1);
        assertThat(slow.took()).isGreaterThan(Duration.ofMillis(150));
        proxy.delay(0);

        // a stall (a partition: bytes held, the connections open): down within the bound, and back once healed
        midPass(exporter);
        proxy.stall(true);
        for (int i = 0; i < 3; i++) {
          assertKeys(served(exporter, 0), KEYS);
        }
        proxy.stall(false);
        LoopbackCluster.await("up after the partition healed", () -> served(exporter, -1)
            .require("redismem_up") == 1.0);
        passes = awaitPasses(exporter, passes + 1);

        // every connection cut: reconnected, not multiplied
        midPass(exporter);
        proxy.cut();
        LoopbackCluster.await("up after the cut", () -> served(exporter, -1).require("redismem_up") == 1.0);
        awaitPasses(exporter, passes + 1);
        assertKeys(served(exporter, 1), KEYS);
        assertThat(proxy.accepted() - connections).as("connections opened again").isLessThanOrEqualTo(8);
      }
    }
  }

  /** An exporter reading Redis through the proxy, once ready. */
  private static Exporter throughProxy(FaultyProxy proxy) {
    Exporter exporter = RunningExporter.start("redis://127.0.0.1:" + proxy.port(), SLOW_PASSES);
    LoopbackCluster.await("the exporter ready", () -> Scrape.get(exporter.port(), "/-/ready").status() == 200);
    return exporter;
  }

  /** KEYS strings, hashes and sets, named k:0 .. k:(n-1), written by a script in a few round trips. */
  private static void load(RedisServer redis, int n) {
    for (int from = 0; from < n; from += 10_000) {
      redis.admin().eval("for i=" + from + "," + (Math.min(n, from + 10_000) - 1) + " do "
          + "if i % 3 == 0 then redis.call('set','k:'..i,string.rep('v',i%100)) "
          + "elseif i % 3 == 1 then redis.call('hset','k:'..i,'a','1','b','2') "
          + "else redis.call('sadd','k:'..i,'x','y') end end", io.lettuce.core.ScriptOutputType.STATUS);
    }
  }

  /** /metrics, answered within the bound, with redismem_up as expected (-1: either). */
  private static Scrape served(Exporter exporter, int up) {
    Scrape s = Scrape.get(exporter.port(), "/metrics");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.took()).isLessThan(BOUND);
    if (up >= 0) {
      assertThat(s.require("redismem_up")).isEqualTo((double) up);
    }
    return s;
  }

  private static void assertKeys(Scrape s, long keys) {
    assertThat(s.labelled("redismem_keys", "db", "data_type", "encoding").values().stream()
        .mapToDouble(Double::doubleValue).sum()).isEqualTo((double) keys);
  }

  private static long errors(Exporter exporter) {
    Map<String, Long> errors = exporter.sampler().orElseThrow().status().errors();
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits until at least {@code n} passes completed; returns how many have. */
  private static long awaitPasses(Exporter exporter, long n) {
    LoopbackCluster.await(n + " passes", () -> exporter.sampler().orElseThrow().status().passesTotal() >= n);
    return exporter.sampler().orElseThrow().status().passesTotal();
  }

  private static long passesNow(Exporter exporter) {
    return exporter.sampler().orElseThrow().status().passesTotal();
  }

  /** Waits until a pass has walked part of the keyspace and has most of it ahead. */
  private static void midPass(Exporter exporter) {
    LoopbackCluster.await("a pass under way", () -> {
      SamplerStatus s = exporter.sampler().orElseThrow().status();
      return "running".equals(s.state()) && s.progress() > 0.05 && s.progress() < 0.7;
    });
  }
}
