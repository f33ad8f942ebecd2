package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.KeyspaceDataset.Truth;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The daemon with {@code sampling.source: rdb}, as a sidecar sharing Redis's data volume: the standard dataset's
 * {@code dump.rdb} is published as a pass (key counts per type equal the truth) while Redis's commandstats show no
 * sampler command; more keys and a BGSAVE are followed; a snapshot cut short, then one that is not an RDB file,
 * are counted once each while the last good snapshot stays published.
 */
class SnapshotSourceIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RedisTest
  void eachSnapshotIsPublishedAsAPassWithoutAskingRedisAboutKeys(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      Truth truth = KeyspaceDataset.standard(redis, 42);
      RedisCommands<String, String> r = redis.admin();
      r.save();
      Path file = Path.of(r.configGet("dir").get("dir"), r.configGet("dbfilename").get("dbfilename"));
      r.configResetstat();
      try (Exporter exporter = RunningExporter.against(redis, "--sampling.source=rdb",
          "--sampling.rdb-file=" + file, "--allocator.interval=0")) {
        assertThat(exporter.sampler()).as("no SCAN sampler").isEmpty();
        Scrape first = await(exporter, s -> s.value("redismem_snapshot_reads_total").orElse(0) >= 1);
        Map<String, Long> expected = byType(truth.keys(Truth.By.ENCODING));
        assertThat(byType(first)).isEqualTo(expected);
        assertThat(first.require("redismem_snapshot_keys")).isEqualTo(truth.keys().size());
        assertThat(first.require("redismem_sampler_source_info{source=\"rdb\"}")).isEqualTo(1);
        assertThat(first.require("redismem_snapshot_timestamp_seconds"))
            .isBetween(r.lastsave().getTime() / 1000.0 - 2, r.lastsave().getTime() / 1000.0 + 2);
        assertThat(first.require("redismem_scan_state{state=\"idle\"}")).isEqualTo(1);
        assertThat(first.require("redismem_up")).as("INFO gauges still read from redis.addr").isEqualTo(1);
        assertThat(first.body()).contains("redismem_top_key_memory_bytes{", "redismem_prefix_keys{",
            "redismem_key_size_bytes_bucket{", "redismem_finding_keys{");
        assertThat(first.labelled("redismem_snapshot_read_errors_total", "reason"))
            .isEqualTo(Map.of("invalid", 0.0, "truncated", 0.0));

        Object report = Json.parse(Scrape.get(exporter.port(), "/report.json").body());
        assertThat(Json.at(report, "snapshot", "file")).isEqualTo(file.toString());
        assertThat(Json.at(report, "snapshot", "redis_version")).isEqualTo(redis.version());
        assertThat(Json.at(report, "instance", "up")).isEqualTo(true);
        assertThat(Json.at(report, "analysis", "keys")).isEqualTo((double) truth.keys().size());
        assertThat(Scrape.get(exporter.port(), "/").body()).contains("Source: RDB snapshot", file.toString());

        // more keys and a BGSAVE: Redis writes a temporary file and renames it over dump.rdb
        for (int i = 0; i < 500; i++) {
          r.set("added:" + i, "v" + i);
        }
        r.bgsave();
        Scrape second = await(exporter, s -> s.value("redismem_snapshot_reads_total").orElse(0) >= 2);
        Map<String, Long> more = new TreeMap<>(expected);
        more.merge("0|string", 500L, Long::sum);
        assertThat(byType(second)).isEqualTo(more);
        assertThat(second.require("redismem_snapshot_keys")).isEqualTo(truth.keys().size() + 500);
        assertThat(second.require("redismem_prefix_keys{db=\"0\",prefix=\"added:\"}")).isEqualTo(500);
        assertThat(ReplicaFirstIT.samplerCalls(redis)).as("commandstats of the sampler's commands").isEmpty();

        // a snapshot cut short, renamed into place as Redis does: counted once, the last good one stays
        byte[] whole = Files.readAllBytes(file);
        replace(file, Arrays.copyOf(whole, whole.length / 2));
        Scrape cut = await(exporter,
            s -> s.value("redismem_snapshot_read_errors_total{reason=\"truncated\"}").orElse(0) >= 1);
        assertThat(byType(cut)).isEqualTo(more);
        assertThat(cut.require("redismem_snapshot_reads_total")).isEqualTo(2);
        assertThat(cut.require("redismem_scan_state{state=\"failing\"}")).isEqualTo(1);
        replace(file, "not a snapshot\n".getBytes(StandardCharsets.UTF_8));
        Scrape invalid = await(exporter,
            s -> s.value("redismem_snapshot_read_errors_total{reason=\"invalid\"}").orElse(0) >= 1);
        assertThat(byType(invalid)).isEqualTo(more);
        Thread.sleep(3 * 2_000); // more checks of the same bad file: not read, not counted again
        Scrape later = Scrape.get(exporter.port(), "/metrics");
        assertThat(later.labelled("redismem_snapshot_read_errors_total", "reason"))
            .isEqualTo(Map.of("invalid", 1.0, "truncated", 1.0));
        assertThat(later.require("redismem_snapshot_keys")).isEqualTo(truth.keys().size() + 500);
        assertThat(ReplicaFirstIT.samplerCalls(redis)).isEmpty();
      }
    }
  }

  private static void replace(Path file, byte[] content) throws Exception {
    Path temp = Files.write(file.resolveSibling("temp-test.rdb"), content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Keys per {@code db|data_type}, from {@code db|data_type|encoding} groups. */
  private static Map<String, Long> byType(Map<String, Long> byEncoding) {
    Map<String, Long> out = new TreeMap<>();
    byEncoding.forEach((k, n) -> out.merge(k.substring(0, k.lastIndexOf('|')), n, Long::sum));
    return out;
  }

  private static Map<String, Long> byType(Scrape s) {
    Map<String, Long> out = new TreeMap<>();
    s.labelled("redismem_keys", "db", "data_type", "encoding")
        .forEach((k, n) -> out.merge(k.substring(0, k.lastIndexOf('|')), Math.round(n), Long::sum));
    return out;
  }

  private static Scrape await(Exporter exporter, Predicate<Scrape> until) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Scrape s = Scrape.get(exporter.port(), "/metrics");
      if (until.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ":\n" + s.body());
      }
      Thread.sleep(200);
    }
  }
}
