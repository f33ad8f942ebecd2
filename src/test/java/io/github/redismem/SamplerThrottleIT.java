package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The throttle holds on a real server: the key-rate cap, and the share of Redis's time, measured from its CPU. */
class SamplerThrottleIT {

  static void load(RedisServer redis, int keys) {
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      RedisAsyncCommands<String, String> async = c.async();
      c.setAutoFlushCommands(false);
      for (int i = 0; i < keys; i++) {
        async.set("k:" + i, "value-" + i);
        if (i % 1000 == 999) {
          c.flushCommands();
        }
      }
      c.flushCommands();
      c.setAutoFlushCommands(true);
      async.ping().toCompletableFuture().join();
    }
  }

  static PassResult firstPass(Exporter exporter, Duration within) throws InterruptedException {
    KeySampler sampler = exporter.sampler().orElseThrow();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      var pass = sampler.status().lastPass();
      if (pass.isPresent()) {
        return pass.get();
      }
      Thread.sleep(50);
    }
    StringBuilder stacks = new StringBuilder();
    Thread.getAllStackTraces().forEach((t, frames) -> {
      if (t.getName().equals("key-sampler")) {
        for (StackTraceElement f : frames) {
          stacks.append("\n  at ").append(f);
        }
      }
    });
    throw new AssertionError("no pass completed within " + within + ": " + sampler.status() + stacks);
  }

  /** utime + stime of a process, in seconds (clock ticks of 10 ms). */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** used_cpu_sys + used_cpu_user from INFO: microsecond resolution, where /proc counts 10 ms ticks. */
  static double redisCpuSeconds(RedisServer redis) {
    String cpu = redis.admin().info("cpu");
    return Double.parseDouble(ExporterIT.field(cpu, "used_cpu_sys"))
        + Double.parseDouble(ExporterIT.field(cpu, "used_cpu_user"));
  }

  @RedisTest
  void keyRateCapHolds(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      load(redis, 4000);
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.maxKeysPerSecond=1000",
          "--sampling.maxRedisTimeRatio=1", "--sampling.interval=1h")) {
        PassResult pass = firstPass(exporter, Duration.ofSeconds(30));
        double rate = pass.keysInspected() / (pass.duration().toNanos() / 1e9);
        assertThat(pass.keysInspected()).isEqualTo(4000);
        assertThat(rate).isBetween(900.0, 1100.0);
      }
    }
  }

  @RedisTest
  void redisTimeShareStaysUnderTheCap(RedisBinary binary) throws Exception {
    shareStaysUnderTheCap(binary, "by script");
  }

  /**
   * Pipelined rounds are timed by Redis's TIME around each, no longer by their round trip (the network, Lettuce and
   * the sampler's own work, several times Redis's): the cap must hold on that count too.
   */
  @RedisTest
  void redisTimeShareStaysUnderTheCapWithPipelinedCommands(RedisBinary binary) throws Exception {
    shareStaysUnderTheCap(binary, "pipelined", "--sampling.luaScripts=false");
  }

  private static void shareStaysUnderTheCap(RedisBinary binary, String how, String... flags) throws Exception {
    try (RedisServer redis = binary.start()) {
      load(redis, 30_000);
      long pid = Long.parseLong(ExporterIT.field(redis.admin().info("server"), "process_id"));
      // Redis's housekeeping alone (serverCron), part of the share measured below though no sampler causes it:
      // printed so that a failure shows how much of the cap it took
      double idleFrom = redisCpuSeconds(redis);
      Thread.sleep(2000);
      double idleShare = (redisCpuSeconds(redis) - idleFrom) / 2.0;
      double cpuBefore = cpuSeconds(pid);
      long start = System.nanoTime();
      List<String> args = new ArrayList<>(List.of("--sampling.maxRedisTimeRatio=0.05", "--sampling.interval=1h"));
      args.addAll(List.of(flags));
      try (Exporter exporter = RunningExporter.against(redis, args.toArray(String[]::new))) {
        PassResult pass = firstPass(exporter, Duration.ofSeconds(120));
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuShare = (cpuSeconds(pid) - cpuBefore) / wall;
        System.out.printf("SamplerThrottleIT: Redis %s, %s, 30,000 keys in %.2f s: Redis CPU share %.2f%% (/proc),"
            + " the sampler's own count %.2f%%, Redis idle beforehand %.2f%%%n", redis.version(), how, wall,
            100 * cpuShare, 100 * pass.redisTimeRatio(), 100 * idleShare);
        assertThat(pass.keysInspected()).isEqualTo(30_000);
        assertThat(pass.redisTimeRatio()).as("share measured by the sampler").isLessThanOrEqualTo(0.05);
        assertThat(cpuShare).as("Redis CPU / wall time during the pass, from /proc").isLessThan(0.05);
        Scrape s = Scrape.get(exporter.port(), "/metrics");
        assertThat(s.require("redismem_scan_redis_time_ratio")).isLessThanOrEqualTo(0.05);
      }
    }
  }
}
