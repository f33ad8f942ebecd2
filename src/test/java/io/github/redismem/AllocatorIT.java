package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * MEMORY MALLOC-STATS through the running exporter, on each real server: fragmentation made real (many small keys,
 * most deleted at random) shows as slab slack in the metrics, /report.json and the page.
 */
class AllocatorIT {
  private static final int KEYS = 120_000;
  private static final double SIX_MIB = 6.0 * (1 << 20);
  /** The first connection of a cold JVM on a loaded 2-core machine has taken over 2 s (RunningExporter's timeout). */
  private static final String COLD_START = "--redis.timeout=5s";
  private static final String SMALL = "redismem_allocator_size_class_wasted_bytes{size_class=\"8-64\"}";
  private static final String MEDIUM = "redismem_allocator_size_class_wasted_bytes{size_class=\"80-128\"}";

  @RedisTest
  void wastedBytesRiseWhenMostSmallKeysAreDeleted(RedisBinary binary) {
    try (RedisServer redis = binary.start();
        Exporter exporter = started(redis, "--allocator.interval=300ms",
            "--sampling.enabled=false", COLD_START)) {
      Scrape before = await(exporter, s -> s.value("redismem_allocator_stats_available").orElse(0.0) == 1.0
          && s.value("redismem_up").orElse(0.0) == 1.0);
      double wastedBefore = before.require(SMALL) + before.require(MEDIUM);

      RedisCommands<String, String> admin = redis.admin();
      String value = "v".repeat(100);
      for (int batch = 0; batch < KEYS / 1000; batch++) {
        Map<String, String> keys = new HashMap<>();
        for (int i = batch * 1000; i < (batch + 1) * 1000; i++) {
          keys.put("key:" + i, value);
        }
        admin.mset(keys);
      }
      Random random = new Random(7);
      List<String> doomed = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        if (random.nextDouble() < 0.75) {
          doomed.add("key:" + i);
        }
        if (doomed.size() == 1000 || i == KEYS - 1) {
          admin.del(doomed.toArray(String[]::new));
          doomed.clear();
        }
      }

      long deleted = System.nanoTime();

      // 120k values of 100 bytes in 112-byte regions (13 MiB), 3 in 4 freed at random: most slabs stay partly
      // used. Waits for a read made after the deletes.
      Scrape after = await(exporter, s -> s.value("redismem_allocator_stats_age_seconds").orElse(1e9)
          < (System.nanoTime() - deleted) / 1e9 && s.value(MEDIUM).orElse(0.0) > SIX_MIB);
      assertThat(after.require(SMALL) + after.require(MEDIUM)).isGreaterThan(wastedBefore + SIX_MIB);
      assertThat(after.require("redismem_allocator_stats_bytes{kind=\"active\"}"))
          .isGreaterThan(after.require("redismem_allocator_stats_bytes{kind=\"allocated\"}"));
      assertThat(after.require("redismem_allocator_defrag_reclaimable_bytes")).isPositive();
      assertThat(after.require("redismem_allocator_stats_age_seconds")).isLessThan(5);
      assertThat(after.require("redismem_allocator_stats_reply_bytes")).isGreaterThan(10_000);
      assertThat(after.labelled("redismem_allocator_size_class_wasted_bytes", "size_class")).hasSize(10);

      @SuppressWarnings("unchecked")
      Map<String, Object> allocator = (Map<String, Object>) ((Map<String, Object>) Json.parse(
          Scrape.get(exporter.port(), "/report.json").body())).get("allocator");
      assertThat(allocator).containsEntry("available", true);
      assertThat(((Number) allocator.get("bin_wasted_bytes")).doubleValue()).isGreaterThan(SIX_MIB);
      // tens of MiB of slack stay under the default active-defrag-ignore-bytes (100mb): Redis would not start
      assertThat(allocator).containsEntry("verdict", "below_thresholds");
      assertThat(((List<?>) allocator.get("size_classes"))).isNotEmpty();
      assertThat(Scrape.get(exporter.port(), "/").body()).contains("id=\"allocator\"")
          .contains("below_thresholds");
    }
  }

  @RedisTest
  void aRefusedCommandIsReportedNotThrown(RedisBinary binary) {
    try (RedisServer redis = binary.start("rename-command MEMORY \"\"");
        Exporter exporter = started(redis, "--allocator.interval=300ms",
            "--sampling.enabled=false", COLD_START)) {
      Scrape s = await(exporter, x -> x.value("redismem_allocator_stats_age_seconds").isPresent()
          && x.value("redismem_up").orElse(0.0) == 1.0
          && x.body().contains("redismem_command_skipped{command=\"memory_stats\""));
      assertThat(s.require("redismem_up")).isEqualTo(1.0);
      assertThat(s.require("redismem_allocator_stats_available")).isEqualTo(0.0);
      assertThat(s.body()).doesNotContain("size_class");
      // a first read may have timed out on a cold start; the next ones say what Redis answered
      await(exporter, x -> Scrape.get(exporter.port(), "/report.json").body()
          .contains("Redis refused MEMORY MALLOC-STATS (unknown_command)"));
    }
  }

  @RedisTest
  void zeroIntervalReadsNothing(RedisBinary binary) {
    try (RedisServer redis = binary.start();
        Exporter exporter = started(redis, "--allocator.interval=0", "--sampling.enabled=false",
            COLD_START)) {
      Scrape s = await(exporter, x -> x.value("redismem_up").orElse(0.0) == 1.0);
      assertThat(s.body()).doesNotContain("redismem_allocator_stats_");
      assertThat(Scrape.get(exporter.port(), "/report.json").body()).contains("\"allocator\":null");
    }
  }

  /** Started without RunningExporter's 10 s readiness wait: the awaits below allow more. */
  private static Exporter started(RedisServer redis, String... flags) {
    return RunningExporter.start(redis.uri(), flags);
  }

  private static Scrape await(Exporter exporter, Predicate<Scrape> done) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      if (done.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 30 s; last scrape:\n" + s.body());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
