package io.github.redismem;

import io.github.redismem.cli.AnalyzeCommand;
import io.github.redismem.cli.Exporter;
import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Growth on a real server: between two exact passes of the sampler (the page and /report.json), and between a saved
 * report and {@code analyze --baseline}, the change equals what the test wrote, to the byte ({@code MEMORY USAGE}).
 */
class GrowthIT {
  static final int ADDED = 200;
  static final int DELETED = 10;

  /** What the test changed between the two analyses, measured with MEMORY USAGE. */
  record Change(long addedBytes, long deletedBytes) {
    long bytes() {
      return addedBytes - deletedBytes;
    }

    long keys() {
      return ADDED - DELETED;
    }
  }

  /** 50 strings of prefix keep: and a small hash, none of which changes. */
  static void seed(RedisCommands<String, String> r) {
    for (int i = 0; i < 50; i++) {
      r.set("keep:" + i, "x".repeat(100));
    }
    r.hset("shape:1", Map.of("a", "1", "b", "2", "c", "3"));
  }

  /** Adds 200 raw strings of prefix grow: of known sizes and deletes 10 keep: strings; returns their bytes. */
  static Change grow(RedisCommands<String, String> r) {
    long deleted = 0;
    for (int i = 0; i < DELETED; i++) {
      deleted += r.memoryUsage("keep:" + i);
    }
    for (int i = 0; i < DELETED; i++) {
      r.del("keep:" + i);
    }
    long added = 0;
    for (int i = 0; i < ADDED; i++) {
      r.set("grow:" + i, "v".repeat(200 + i));
    }
    for (int i = 0; i < ADDED; i++) {
      added += r.memoryUsage("grow:" + i);
    }
    return new Change(added, deleted);
  }

  @RedisTest
  void growthSinceThePreviousPassIsWhatWasWrittenBetweenThem(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      seed(redis.admin());
      // passes take milliseconds here; 5 s between them leaves time to write, then to read the report
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.interval=5s", "--sampling.maxRedisTimeRatio=0.01")) {
        PassResult first = SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        assertThat(exporter.sampler().orElseThrow().status().previousPass()).isEmpty();
        Change change = grow(redis.admin());
        Instant written = Instant.now();
        SamplerStatus status = secondPass(exporter, Duration.ofSeconds(30));
        PassResult second = status.lastPass().orElseThrow();
        assertThat(status.previousPass().orElseThrow().finishedAt()).isEqualTo(first.finishedAt());
        assertThat(second.finishedAt().minus(second.duration())).as("the second pass started after the writes")
            .isAfter(written);

        Scrape json = Scrape.get(exporter.port(), "/report.json");
        Scrape page = Scrape.get(exporter.port(), "/");
        assertThat(exporter.sampler().orElseThrow().status().passesTotal()).as("no third pass meanwhile")
            .isEqualTo(2);
        Object growth = at(Json.parse(json.body()), "growth");
        assertThat(at(growth, "basis")).isEqualTo("previous_pass");
        assertThat(at(growth, "sampled")).isEqualTo(false);
        assertThat(at(growth, "prefixes_comparable")).isEqualTo(true);
        assertThat(at(growth, "notes")).isEqualTo(List.of());
        assertThat((Double) at(growth, "seconds")).isGreaterThanOrEqualTo(5.0);
        assertExact(growth, change, "new");
        assertThat(page.body()).contains("<section id=\"growth\"><h2>Growth since the previous pass",
            "<code>grow:</code>", "<code>keep:</code>");
      }
    }
  }

  @RedisTest
  void analyzeComparesWithASavedReportAndFailsOnGrowth(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      seed(redis.admin());
      Path dir = Files.createTempDirectory("growth-it");
      AnalyzeIT.Run saved = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json"));
      assertThat(saved.exitCode()).as(saved.err()).isZero();
      Path before = Files.writeString(dir.resolve("before.json"), saved.out());
      long beforeBytes = ((Double) at(Json.parse(saved.out()), "analysis", "bytes")).longValue();
      Change change = grow(redis.admin());

      AnalyzeIT.Run json = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before));
      assertThat(json.exitCode()).as(json.err()).isZero();
      Object growth = at(Json.parse(json.out()), "growth");
      assertThat(at(growth, "basis")).isEqualTo("baseline");
      assertThat(at(growth, "notes")).isEqualTo(List.of());
      assertExact(growth, change, "new");
      assertThat(at(growth, "total", "bytes_before")).isEqualTo((double) beforeBytes);

      AnalyzeIT.Run text = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--baseline", before.toString()));
      assertThat(text.exitCode()).isZero();
      assertThat(text.out()).contains("Growth since the baseline", "Prefixes that grew most (1 of 1)", "grow:");
      AnalyzeIT.Run markdown = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=markdown",
          "--baseline=" + before));
      assertThat(markdown.out()).contains("## Growth since the baseline", "`grow:`");

      // --fail-on=growth: strictly above the limit fails, in bytes or in percent of the baseline's memory
      AnalyzeIT.Run over = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before, "--fail-on=growth:" + (change.bytes() - 1)));
      assertThat(over.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      assertThat(over.err()).contains("analyze: --fail-on growth: memory grew +");
      Json.parse(over.out());
      AnalyzeIT.Run at = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before, "--fail-on=growth:" + change.bytes()));
      assertThat(at.exitCode()).as(at.err()).isZero();
      double percent = 100.0 * change.bytes() / beforeBytes;
      AnalyzeIT.Run overPercent = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before, String.format(Locale.ROOT, "--fail-on=growth:%.3f%%", percent * 0.99)));
      assertThat(overPercent.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      AnalyzeIT.Run underPercent = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before, String.format(Locale.ROOT, "--fail-on=growth:%.3f%%", percent * 1.01),
          "--fail-on=growth"));
      assertThat(underPercent.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      assertThat(underPercent.err()).doesNotContain("over the limit of").contains("(limit: none)");

      // other prefix settings: prefixes are not compared, types and encodings are
      AnalyzeIT.Run depth = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before, "--sampling.prefixDepth=2"));
      Object other = at(Json.parse(depth.out()), "growth");
      assertThat(at(other, "prefixes_comparable")).isEqualTo(false);
      assertThat(at(other, "growing_prefixes")).isEqualTo(List.of());
      assertThat(at(other, "total", "bytes_change")).isEqualTo((double) change.bytes());
      assertThat(((List<?>) at(other, "notes")).get(0).toString()).startsWith("The prefix settings differ");

      // a bad baseline: exit 2 with one line, before any pass
      Path textReport = Files.writeString(dir.resolve("report.txt"), text.out());
      AnalyzeIT.Run bad = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--baseline=" + textReport));
      assertThat(bad.exitCode()).isEqualTo(AnalyzeCommand.CANNOT_RUN);
      assertThat(bad.out()).isEmpty();
      assertThat(bad.err()).isEqualTo("redis-memory-exporter analyze: --baseline " + textReport
          + ": not valid JSON: expected a value at line 1, column 1" + System.lineSeparator());
    }
  }

  @RedisTest
  void theExportersReportJsonIsABaselineToo(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      seed(redis.admin());
      Path dir = Files.createTempDirectory("growth-it");
      Path before;
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.interval=1h", "--sampling.maxRedisTimeRatio=0.01")) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
        before = Files.writeString(dir.resolve("report.json"), Scrape.get(exporter.port(), "/report.json").body());
      }
      Change change = grow(redis.admin());
      AnalyzeIT.Run json = AnalyzeIT.analyze(() -> false, AnalyzeIT.flags(redis, "--format=json",
          "--baseline=" + before));
      assertThat(json.exitCode()).as(json.err()).isZero();
      assertExact(at(Json.parse(json.out()), "growth"), change, "new");
    }
  }

  /** The growth of exact passes equals the writes: prefixes, data type, encoding and total. */
  static void assertExact(Object growth, Change change, String growStatus) {
    assertThat(at(growth, "total", "bytes_change")).isEqualTo((double) change.bytes());
    assertThat(at(growth, "total", "bytes_change_low")).isEqualTo((double) change.bytes());
    assertThat(at(growth, "total", "bytes_change_high")).isEqualTo((double) change.bytes());
    assertThat(at(growth, "total", "keys_change")).isEqualTo((double) change.keys());
    assertThat(at(growth, "total", "within_error")).isEqualTo(false);
    assertThat(at(growth, "prefixes_growing")).isEqualTo(1.0);
    assertThat(at(growth, "growing_prefixes", 0, "prefix")).isEqualTo("grow:");
    assertThat(at(growth, "growing_prefixes", 0, "status")).isEqualTo(growStatus);
    assertThat(at(growth, "growing_prefixes", 0, "keys_change")).isEqualTo((double) ADDED);
    assertThat(at(growth, "growing_prefixes", 0, "bytes_change")).isEqualTo((double) change.addedBytes());
    assertThat(at(growth, "prefixes_shrinking")).isEqualTo(1.0);
    assertThat(at(growth, "shrinking_prefixes", 0, "prefix")).isEqualTo("keep:");
    assertThat(at(growth, "shrinking_prefixes", 0, "status")).isEqualTo("changed");
    assertThat(at(growth, "shrinking_prefixes", 0, "keys_change")).isEqualTo((double) -DELETED);
    assertThat(at(growth, "shrinking_prefixes", 0, "bytes_change")).isEqualTo((double) -change.deletedBytes());
    // all strings written are raw (over 44 bytes): one data type, one encoding changed
    assertThat(at(growth, "data_types")).asList().hasSize(1);
    assertThat(at(growth, "data_types", 0, "data_type")).isEqualTo("string");
    assertThat(at(growth, "data_types", 0, "bytes_change")).isEqualTo((double) change.bytes());
    assertThat(at(growth, "encodings")).asList().hasSize(1);
    assertThat(at(growth, "encodings", 0, "encoding")).isEqualTo("raw");
    assertThat(at(growth, "encodings", 0, "keys_change")).isEqualTo((double) change.keys());
    assertThat(at(growth, "encodings", 0, "bytes_change")).isEqualTo((double) change.bytes());
  }

  static SamplerStatus secondPass(Exporter exporter, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      SamplerStatus s = exporter.sampler().orElseThrow().status();
      if (s.passesTotal() >= 2) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no second pass within " + within);
  }
}
