package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.RedisTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;

/**
 * One exporter, several Redis servers: /scrape?target= serves each listed target's metrics with its own
 * credentials and sampler, refuses the rest unless web.allowAnyTarget, and one target that hangs never holds up
 * another's scrape.
 */
class MultiTargetIT {
  @TempDir
  Path dir;

  private static String scrapePath(String target) {
    return "/scrape?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
  }

  @RedisTest
  void listedTargetsAreScrapedAndSampledWithTheirOwnCredentials(RedisBinary binary) throws Exception {
    try (RedisServer main = binary.start(); RedisServer b = binary.start("requirepass pw-b");
        RedisServer c = binary.start("requirepass pw-c"); RedisServer stranger = binary.start()) {
      fill(main, "main", 3);
      fill(b, "b", 40);
      fill(c, "c", 7);
      Path bPassword = Files.writeString(dir.resolve("b.pw"), "pw-b\n");
      Path config = Files.writeString(dir.resolve("config.yml"), """
          sampling:
            onPrimary: true
            interval: 1h
          targets:
            - addr: redis://%s:%d
              passwordFile: %s
            - addr: %s:%d
              password: pw-c
              sampling: {enabled: false}
          """.formatted(b.host(), b.port(), bPassword, c.host(), c.port()));
      try (Exporter exporter = RunningExporter.against(main, "--config.file=" + config)) {
        Scrape ofB = Scrape.get(exporter.port(), scrapePath("redis://" + b.host() + ":" + b.port()));
        assertThat(ofB.status()).isEqualTo(200);
        assertThat(ofB.require("redismem_up")).isEqualTo(1.0);
        assertThat(ofB.require("redismem_db_keys{db=\"0\"}")).isEqualTo(40);
        // any spelling of the address names the same target
        Scrape ofC = Scrape.get(exporter.port(), scrapePath(c.host() + ":" + c.port()));
        assertThat(ofC.require("redismem_up")).isEqualTo(1.0);
        assertThat(ofC.require("redismem_db_keys{db=\"0\"}")).isEqualTo(7);
        assertThat(ofC.body()).doesNotContain("redismem_scan_");
        // redis.addr is a target too, and /metrics is still its own
        assertThat(Scrape.get(exporter.port(), scrapePath(main.uri())).require("redismem_db_keys{db=\"0\"}"))
            .isEqualTo(3);
        assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_db_keys{db=\"0\"}")).isEqualTo(3);
        // b's own sampler ran over b's keys
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Scrape sampled;
        do {
          Thread.sleep(200);
          sampled = Scrape.get(exporter.port(), scrapePath("redis://" + b.host() + ":" + b.port()));
        } while (sampled.series().getOrDefault("redismem_scan_passes_total", 0.0) < 1 && System.nanoTime() < deadline);
        assertThat(sampled.require("redismem_scan_passes_total")).isPositive();
        assertThat(sampled.labelled("redismem_keys", "db", "data_type", "encoding"))
            .containsExactly(java.util.Map.entry("0|string|embstr", 40.0));
        // the others are refused, saying why
        Scrape refused = Scrape.get(exporter.port(), scrapePath(stranger.uri()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("neither redis.addr nor in the targets list", "web.allowAnyTarget");
        assertThat(Scrape.get(exporter.port(), "/scrape").status()).isEqualTo(400);
        Scrape garbage = Scrape.get(exporter.port(), scrapePath("http://x:1"));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("scheme must be redis://, rediss:// or redis-sentinel://");
        assertThat(stranger.admin().info("clients")).contains("connected_clients:1\r");
      }
    }
  }

  @RedisTest
  void withAllowAnyTargetAnyRedisIsScrapedButNotSampled(RedisBinary binary) throws Exception {
    try (RedisServer main = binary.start(); RedisServer other = binary.start()) {
      fill(other, "o", 12);
      try (Exporter exporter = RunningExporter.against(main, "--web.allow-any-target=true")) {
        Scrape s = Scrape.get(exporter.port(), scrapePath(other.uri()));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.require("redismem_up")).isEqualTo(1.0);
        assertThat(s.require("redismem_db_keys{db=\"0\"}")).isEqualTo(12);
        assertThat(s.body()).doesNotContain("redismem_scan_");
        // nothing there: down, and said so, not an error page
        Scrape nowhere = Scrape.get(exporter.port(), scrapePath("redis://127.0.0.1:1"));
        assertThat(nowhere.status()).isEqualTo(200);
        assertThat(nowhere.require("redismem_up")).isEqualTo(0.0);
      }
    }
  }

  @RedisTest
  void aHangingTargetDoesNotHoldUpAnother(RedisBinary binary) throws Exception {
    try (RedisServer main = binary.start(); RedisServer hung = binary.start(); RedisServer fine = binary.start()) {
      Path config = Files.writeString(dir.resolve("config.yml"), """
          sampling: {enabled: false}
          targets:
            - redis://%s:%d
            - redis://%s:%d
          """.formatted(hung.host(), hung.port(), fine.host(), fine.port()));
      try (Exporter exporter = RunningExporter.against(main, "--config.file=" + config, "--redis.timeout=3s")) {
        String hungPath = scrapePath("redis://" + hung.host() + ":" + hung.port());
        assertThat(Scrape.get(exporter.port(), hungPath).require("redismem_up")).isEqualTo(1.0);
        ((RedisServerProcess) hung).freeze();
        try {
          CompletableFuture<Scrape> slow = CompletableFuture.supplyAsync(() -> Scrape.get(exporter.port(), hungPath));
          Thread.sleep(300);
          for (int i = 0; i < 5; i++) {
            Scrape quick = Scrape.get(exporter.port(), scrapePath("redis://" + fine.host() + ":" + fine.port()));
            assertThat(quick.require("redismem_up")).isEqualTo(1.0);
          }
          // all five answered while the hung target's scrape still waits for its timeout
          assertThat(slow).isNotDone();
          assertThat(slow.get().require("redismem_up")).isEqualTo(0.0);
        } finally {
          ((RedisServerProcess) hung).thaw();
        }
      }
    }
  }

  private static void fill(RedisServer redis, String prefix, int keys) {
    for (int i = 0; i < keys; i++) {
      redis.admin().set(prefix + ":" + i, "v" + i);
    }
  }
}
