package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.Bounds;
import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.PassEstimate;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The claim early estimates stand on, measured (docs/sampling.md, "Early estimates"): SCAN's order has nothing to do
 * with key names, so the keys of the first 5% of a pass are a fair sample of the keyspace. The keys are written
 * category after category, so an order that followed insertion (or names) would miss whole categories at 5%.
 *
 * <p>At 5% of 200,000 keys the estimate stands on 10,000 keys: a category of 1% of them has about 100, whose count
 * alone varies by 10% (one standard error), so "within 10%" can only be asserted where it is at least three standard
 * errors; the 10M-key goal (500,000 keys at 5%) is a benchmark. Asserted here: every category holding at
 * least 1% of the complete pass's memory is in the estimate and its error is within 3.9 standard errors (the
 * published 99% bounds are 2.58 of them), and every one holding at least 10% is within 10%. Why not "inside the 99%
 * bounds, one miss allowed": the categories overlap (a prefix, its encoding, its TTL bucket share keys), so their
 * misses come together, and simulated that rule failed about 1.4% of runs per server with a fair estimator; 3.9
 * standard errors is a false alarm in about one run of 5,000 per category, and an order that followed insertion or
 * names misses a written-in-order category by tens of them. How often the 99% bounds hold was measured apart
 * (docs/sampling.md, "Early estimates": 4 misses in 308 category draws over 44 runs); this test prints each error.
 */
class EarlyEstimatesIT {
  private static final int KEYS = 200_000;

  /**
   * Category by category, in that order: hashes with a TTL (35% of the keys), short strings (25%), longer strings
   * with a TTL (20%), lists (10%), sorted sets (6%), intsets (2%), larger strings (2%).
   */
  static void load(RedisServer redis, long seed) {
    Random random = new Random(seed);
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      RedisAsyncCommands<String, String> async = c.async();
      c.setAutoFlushCommands(false);
      int written = 0;
      for (int i = 0; i < KEYS; i++) {
        double at = (double) i / KEYS;
        String id = Integer.toString(1_000_000 + i);
        if (at < 0.35) {
          Map<String, String> fields = new LinkedHashMap<>();
          for (int f = 0; f < 3 + random.nextInt(5); f++) {
            fields.put("field" + f, text(random, 8 + random.nextInt(24)));
          }
          async.hset("session:" + id, fields);
          async.expire("session:" + id, 2 * 3600);
        } else if (at < 0.60) {
          async.set("user:" + id, text(random, 10 + random.nextInt(20)));
        } else if (at < 0.80) {
          async.set("cache:" + id, text(random, 100 + random.nextInt(300)), SetArgs.Builder.ex(3 * 86_400));
        } else if (at < 0.90) {
          String[] items = new String[5 + random.nextInt(11)];
          for (int e = 0; e < items.length; e++) {
            items[e] = text(random, 6 + random.nextInt(10));
          }
          async.rpush("event:" + id, items);
          async.expire("event:" + id, 20 * 86_400);
        } else if (at < 0.96) {
          for (int m = 0; m < 5 + random.nextInt(16); m++) {
            async.zadd("rank:" + id, random.nextInt(10_000), "member" + m);
          }
        } else if (at < 0.98) {
          for (int m = 0; m < 5 + random.nextInt(26); m++) {
            async.sadd("tag:" + id, Integer.toString(random.nextInt(100_000)));
          }
        } else {
          // 2% of the keys, about 4% of the memory: a category of big keys, few of them read at 5%
          async.set("blob:" + id, text(random, 300 + random.nextInt(200)));
        }
        if (++written % 1000 == 0) {
          c.flushCommands();
        }
      }
      c.flushCommands();
      c.setAutoFlushCommands(true);
      async.ping().toCompletableFuture().join();
    }
  }

  private static String text(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  /** Bytes and their bounds of every category of database 0, by a name saying its kind. */
  static Map<String, PassResult.Estimate> categories(PassResult pass) {
    Map<String, PassResult.Estimate> out = new TreeMap<>();
    pass.encodings().stream().filter(g -> g.db() == 0).forEach(g -> out.put(
        "encoding " + g.dataType() + "/" + g.encoding(), new PassResult.Estimate(g.bytes(), g.bytesBounds())));
    pass.prefixes().stream().filter(g -> g.db() == 0).forEach(g -> out.put("prefix " + g.prefix(),
        new PassResult.Estimate(g.bytes(), g.bytesBounds())));
    pass.ttls().stream().filter(g -> g.db() == 0).forEach(g -> out.put("ttl " + g.bucket(),
        new PassResult.Estimate(g.bytes(), g.bytesBounds())));
    pass.findings().stream().filter(g -> g.db() == 0 && g.keys() > 0).forEach(g -> out.put("finding "
        + g.finding(), new PassResult.Estimate(g.bytes(), g.bytesBounds())));
    return out;
  }

  @RedisTest
  void anEstimateAtFivePercentMatchesTheCompletePass(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      load(redis, 16);
      // SCAN's own order, apart from the exporter: should the estimate miss, this says whether SCAN's first 5% was
      // off (the same keys the pass reads first) or the estimator
      System.out.printf("EarlyEstimatesIT: Redis %s, SCAN alone from cursor 0, its first 5%% by key count, in standard"
          + " errors: %s%n", redis.version(), scanOrderZ(redis, 0.05));
      // 200,000 keys at 15,000 a second: a pass of about 13 s, an estimate at every percent of it (0.13 s). Polled
      // from the start, not from readiness: the pass starts with the exporter, and on a loaded machine the first
      // estimate seen after readiness was once at 9% (the bound is 10%); nothing is written meanwhile, so no race
      try (Exporter exporter = RunningExporter.start(redis.uri(), "--sampling.maxKeysPerSecond=15000",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        PassEstimate early = firstEstimateFrom(sampler, 0.05, Duration.ofSeconds(60));
        // served while the first pass runs (it lasts some 12 s more)
        Served served = servedThenCompleted(exporter);
        Scrape during = served.metrics();
        PassResult complete = served.complete();
        assertThat(during.require("redismem_scan_results_estimate_progress_ratio")).isBetween(0.05, 1.0);
        assertThat(during.labelled("redismem_keys_memory_bytes", "db", "data_type", "encoding")).isNotEmpty();
        assertThat(during.body()).doesNotContain("redismem_scan_last_pass_timestamp_seconds ");
        Scrape after = Scrape.get(exporter.port(), "/metrics");
        assertThat(after.require("redismem_scan_results_estimated")).isZero();
        assertThat(Scrape.get(exporter.port(), "/report.json").body()).contains("\"estimate\":null");
        assertThat(complete.keysInspected()).isEqualTo(KEYS);
        assertThat(sampler.status().estimate()).as("no estimate once the pass is complete").isEmpty();

        assertMatches(early, complete, redis.version());
        // early: the pass publishes an estimate at every whole percent, so the first at 5% or more is at 5% and a
        // step (one SCAN), unless this thread was kept from polling for several steps of 0.13 s on a loaded machine
        assertThat(early.progress()).isBetween(0.05, 0.10);
        assertThat(early.result().estimation().sampled()).isTrue();
      }
    }
  }

  /**
   * A sampled pass (a tenth of the keys) estimates too: at half of its walk it has inspected as many keys as an exact
   * pass at 5%, and they say as much. Its figures are estimates themselves, so the estimate is compared with them.
   */
  @RedisTest
  void aSampledPassEstimatesFromItsSampleSoFar(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      load(redis, 17);
      // 20,000 keys inspected at 2,000 a second: a pass of about 10 s, an estimate at every percent of its walk
      try (Exporter exporter = RunningExporter.start(redis.uri(), "--sampling.sampleRatio=0.1",
          "--sampling.maxKeysPerSecond=2000", "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h")) {
        KeySampler sampler = exporter.sampler().orElseThrow();
        PassEstimate early = firstEstimateFrom(sampler, 0.5, Duration.ofSeconds(60));
        Served served = servedThenCompleted(exporter);
        PassResult complete = served.complete();
        assertThat(served.metrics().labelled("redismem_keys_memory_bound_bytes", "db", "data_type", "encoding",
            "bound")).isNotEmpty();
        assertThat(complete.estimation().sampled()).isTrue();

        PassResult.Estimation e = early.result().estimation();
        System.out.printf("EarlyEstimatesIT: sampled pass, Redis %s: big keys from %d bytes, calibrated %s against "
            + "%.0f bytes, %.0f unattributed%n", redis.version(), e.bigKeyBytes(), e.calibrated(), e.datasetBytes(),
            e.unattributedBytes());
        assertThat(e.sampled()).isTrue();
        assertThat(e.bigKeyBytes()).isEqualTo(complete.estimation().bigKeyBytes()).isPositive();
        // checked against Redis's dataset figure (all of it: database 0 is the keyspace)
        assertThat(e.calibrated()).isTrue();
        assertThat(e.datasetBytes()).isPositive();
        assertThat(early.result().sampleRatio()).as("the share of the keys inspected so far").isBetween(0.045, 0.07);
        assertMatches(early, complete, redis.version());
        assertThat(early.progress()).isBetween(0.5, 0.6);
      }
    }
  }

  /** /metrics as served while the first pass runs, and the pass once complete. */
  record Served(Scrape metrics, PassResult complete) {}

  /**
   * /metrics and /report.json now, while the first pass runs, then its completed pass; checks that both mark the
   * estimate (1 on /metrics only while no pass has completed, beside a null analysis in the report).
   */
  static Served servedThenCompleted(Exporter exporter) throws InterruptedException {
    Scrape during = Scrape.get(exporter.port(), "/metrics");
    Scrape report = Scrape.get(exporter.port(), "/report.json");
    PassResult complete = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(120));
    assertThat(during.require("redismem_scan_results_estimated")).isEqualTo(1);
    assertThat(report.body()).contains("\"analysis\":null", "\"estimate\":{\"progress\":");
    return new Served(during, complete);
  }

  /**
   * The prefixes' shares of the keys SCAN returns from cursor 0 until {@code share} of the keyspace, against their
   * shares of all keys, in standard errors of a simple random sample of that size: SCAN's order measured alone.
   */
  static String scanOrderZ(RedisServer redis, double share) {
    Map<String, Integer> all = new TreeMap<>();
    Map<String, Integer> first = new TreeMap<>();
    int n = 0;
    int total = 0;
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      long size = c.sync().dbsize();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.limit(100));
        for (String key : page.getKeys()) {
          String prefix = key.substring(0, key.indexOf(':') + 1);
          all.merge(prefix, 1, Integer::sum);
          total++;
          if (n < share * size) {
            first.merge(prefix, 1, Integer::sum);
          }
        }
        n = first.values().stream().mapToInt(Integer::intValue).sum();
        cursor = page;
      } while (!cursor.isFinished());
    }
    StringBuilder z = new StringBuilder();
    for (Map.Entry<String, Integer> e : all.entrySet()) {
      double p = (double) e.getValue() / total;
      double seen = (double) first.getOrDefault(e.getKey(), 0) / n;
      double se = Math.sqrt(p * (1 - p) / n * (1 - (double) n / total));
      z.append(String.format(" %s %+.2f", e.getKey(), (seen - p) / se));
    }
    return n + " keys:" + z;
  }

  /**
   * Every category of at least 1% of the complete pass's memory is in the estimate, none is more than 3.9 of its
   * standard errors off, and those of at least 10% are within 10%; prints each error.
   */
  static void assertMatches(PassEstimate early, PassResult complete, String version) {
    Map<String, PassResult.Estimate> estimated = categories(early.result());
    Map<String, PassResult.Estimate> exact = categories(complete);
    double total = complete.encodings().stream().mapToDouble(PassResult.EncodingGroup::bytes).sum();
    List<String> outside = new ArrayList<>();
    List<String> far = new ArrayList<>();
    int checked = 0;
    System.out.printf("EarlyEstimatesIT: Redis %s, estimate at %.1f%% of the pass (%d keys inspected):%n",
        version, 100 * early.progress(), early.result().keysInspected());
    for (Map.Entry<String, PassResult.Estimate> e : exact.entrySet()) {
      double bytes = e.getValue().value();
      if (bytes < 0.01 * total) {
        continue;
      }
      checked++;
      PassResult.Estimate est = estimated.get(e.getKey());
      assertThat(est).as("%s (%.1f%% of memory) in the estimate", e.getKey(), 100 * bytes / total).isNotNull();
      Bounds b = est.bounds();
      double error = (est.value() - bytes) / bytes;
      // the error in standard errors of the estimate: the lower bound is Z of them below it (a sampled pass's upper
      // bounds add room for big keys the sample may have missed)
      double z = (est.value() - bytes) / ((est.value() - b.low()) / 2.576);
      System.out.printf("  %-40s %5.1f%% of memory: error %+6.2f%%, bounds -%.2f%% +%.2f%% (%+.2f SE)%n",
          e.getKey(), 100 * bytes / total, 100 * error, 100 * (est.value() - b.low()) / bytes,
          100 * (b.high() - est.value()) / bytes, z);
      if (bytes < b.low() || bytes > b.high()) {
        outside.add(e.getKey() + String.format(" %+.2f%% (%+.2f SE)", 100 * error, z));
      }
      if (Math.abs(z) > 3.9) {
        far.add(e.getKey() + String.format(" %+.2f%% (%+.2f SE)", 100 * error, z));
      }
      if (bytes >= 0.10 * total) {
        assertThat(Math.abs(error)).as("%s, %.1f%% of memory, at %.1f%% of the pass", e.getKey(),
            100 * bytes / total, 100 * early.progress()).isLessThanOrEqualTo(0.10);
      }
    }
    assertThat(checked).as("categories of at least 1% of memory").isGreaterThanOrEqualTo(15);
    System.out.printf("  outside the 99%% bounds: %s%n", outside);
    assertThat(far).as("categories whose estimate is more than 3.9 standard errors off").isEmpty();
  }

  /** The first estimate the sampler publishes at {@code progress} or more of its pass. */
  static PassEstimate firstEstimateFrom(KeySampler sampler, double progress, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      var estimate = sampler.status().estimate();
      if (estimate.isPresent() && estimate.get().progress() >= progress) {
        return estimate.get();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no estimate at " + progress + " of the pass within " + within + ": "
        + sampler.status());
  }
}
