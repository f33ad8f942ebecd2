package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Redis down, hung, restarted or restricted: /metrics keeps answering and says what is missing. */
class ResilienceIT {

  @RedisTest
  void upFollowsRedisThroughAStopAndRestart(RedisBinary binary) {
    try (RedisServer redis = binary.start(); Exporter exporter = RunningExporter.against(redis)) {
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);

      redis.stop();
      Scrape down = Scrape.get(exporter.port(), "/metrics");
      assertThat(down.status()).isEqualTo(200);
      assertThat(down.require("redismem_up")).isEqualTo(0.0);
      assertThat(down.value("redismem_memory_used_bytes")).isEmpty();
      assertThat(down.require("redismem_command_errors_total{command=\"connect\"}")
          + down.require("redismem_command_errors_total{command=\"info\"}")).isGreaterThanOrEqualTo(1);
      assertThat(Scrape.get(exporter.port(), "/-/healthy").status()).isEqualTo(200);

      redis.restart();
      Scrape back = Scrape.get(exporter.port(), "/metrics");
      assertThat(back.require("redismem_up")).isEqualTo(1.0);
      assertThat(back.require("redismem_memory_used_bytes")).isPositive();
    }
  }

  @RedisTest
  void aHungRedisCostsAScrapeAtMostTheTimeout(RedisBinary binary) {
    try (RedisServer redis = binary.start();
        Exporter exporter = RunningExporter.against(redis, "--redis.timeout=700ms")) {
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
      redis.freeze();
      try {
        for (int i = 0; i < 2; i++) {
          Scrape hung = Scrape.get(exporter.port(), "/metrics");
          assertThat(hung.status()).isEqualTo(200);
          assertThat(hung.require("redismem_up")).isEqualTo(0.0);
          // the bound is the timeout; the slack covers HTTP and a loaded CI machine, not a second timeout
          assertThat(hung.took()).isLessThan(Duration.ofMillis(700 + 1000));
        }
      } finally {
        redis.thaw();
      }
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
    }
  }

  @RedisTest
  void redisDownAtStartMeansNotReadyButServing(RedisBinary binary) {
    RedisServer redis = binary.start();
    int port = redis.port();
    redis.stop();
    try (Exporter exporter = RunningExporter.start("redis://127.0.0.1:" + port)) {
      assertThat(Scrape.get(exporter.port(), "/-/ready").status()).isEqualTo(503);
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(0.0);
      redis.restart();
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
      assertThat(Scrape.get(exporter.port(), "/-/ready").status()).isEqualTo(200);
    } finally {
      redis.close();
    }
  }

  @RedisTest
  void configDeniedByAclIsSkippedAndLoggedOnce(RedisBinary binary) {
    try (RedisServer redis = binary.start("user exporter on >pw ~* +@all -config");
        LogCapture log = new LogCapture();
        Exporter exporter = RunningExporter.against(redis, "--redis.user=exporter", "--redis.password=pw")) {
      redis.admin().set("k", "v");
      Scrape first = Scrape.get(exporter.port(), "/metrics");
      Scrape second = Scrape.get(exporter.port(), "/metrics");
      for (Scrape s : List.of(first, second)) {
        assertThat(s.require("redismem_up")).isEqualTo(1.0);
        assertThat(s.require("redismem_command_skipped{command=\"config_get\",reason=\"acl_denied\"}"))
            .isEqualTo(1.0);
        assertThat(s.value("redismem_config_encoding_max_entries{data_type=\"hash\"}")).isEmpty();
        assertThat(s.require("redismem_memory_used_bytes")).isPositive();
        assertThat(s.require("redismem_db_hashtable_overhead_bytes{db=\"0\",table=\"main\"}")).isNotNegative()
            .as("MEMORY STATS still read");
      }
      assertThat(log.warningsMentioning("config_get")).hasSize(1);
      assertThat(log.all()).noneMatch(m -> m.contains(">pw") || m.contains("password=pw"));
    }
  }

  @RedisTest
  void renamedConfigIsSkippedAndEverythingElseWorks(RedisBinary binary) {
    try (RedisServer redis = binary.start("rename-command CONFIG \"\"");
        Exporter exporter = RunningExporter.against(redis)) {
      redis.admin().set("k", "v");
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      assertThat(s.require("redismem_up")).isEqualTo(1.0);
      assertThat(s.require("redismem_command_skipped{command=\"config_get\",reason=\"unknown_command\"}"))
          .isEqualTo(1.0);
      assertThat(s.require("redismem_db_keys{db=\"0\"}")).isEqualTo(1.0);
      assertThat(s.value("redismem_config_set_max_intset_entries")).isEmpty();
      assertThat(s.require("redismem_command_errors_total{command=\"config_get\"}")).isEqualTo(0.0);
    }
  }

  /** Captures the exporter's log records for the duration of a test. */
  static final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("io.github.redismem");

    private final Level previous = root.getLevel();

    LogCapture() {
      setLevel(Level.ALL);
      root.setLevel(Level.INFO);
      root.addHandler(this);
    }

    List<String> warningsMentioning(String text) {
      return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage)
          .filter(m -> m.contains(text)).toList();
    }

    List<String> warnings() {
      return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .map(LogRecord::getMessage).toList();
    }

    List<String> all() {
      return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      root.removeHandler(this);
      root.setLevel(previous);
    }
  }
}
