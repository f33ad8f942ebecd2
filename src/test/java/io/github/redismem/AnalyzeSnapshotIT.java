package io.github.redismem;

import static io.github.redismem.AnalyzeIT.analyze;
import static io.github.redismem.AnalyzeIT.flags;
import static io.github.redismem.AnalyzeIT.grouped;
import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.redismem.AnalyzeIT.Run;
import io.github.redismem.cli.AnalyzeCommand;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code analyze --rdb}: the standard dataset saved to its {@code dump.rdb}, the server restarted on it, and the
 * report of the file compared with the report of the Redis that loaded it (exact pass, MEMORY USAGE SAMPLES 0): the
 * same keys by type and encoding, TTL bucket and finding, the same biggest keys, memory within 10%; in JSON, text
 * and Markdown, with --fail-on; a file cut short (partial report, exit 2), and the errors of a file that is not a
 * snapshot, of a missing one and of --rdb with a Redis address.
 */
class AnalyzeSnapshotIT {

  @RedisTest
  void theReportOfTheFileIsTheReportOfTheRedisThatLoadsIt(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      KeyspaceDataset.standard(redis, 42);
      RedisCommands<String, String> r = redis.admin();
      r.save();
      Path file = Path.of(r.configGet("dir").get("dir"), r.configGet("dbfilename").get("dbfilename"));
      redis.restart(); // loads the file: hashes that shrank are compact again, as the snapshot's report says
      String bigKeys = "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES;

      Run live = analyze(() -> false, flags(redis, "--format=json", "--sampling.memoryUsageSamples=0"));
      assertThat(live.exitCode()).as(live.err()).isZero();
      Run snapshot = analyze(() -> false, "--rdb=" + file, "--format=json", bigKeys);
      assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
      assertThat(snapshot.err()).contains("no Redis is asked anything").contains(" keys read in ");
      Object fromFile = Json.parse(snapshot.out());
      Object fromRedis = Json.parse(live.out());

      assertThat(at(fromFile, "snapshot", "file")).isEqualTo(file.toString());
      assertThat(at(fromFile, "snapshot", "redis_version")).isEqualTo(redis.version());
      assertThat(at(fromFile, "snapshot", "complete")).isEqualTo(true);
      assertThat((Double) at(fromFile, "snapshot", "age_seconds")).isBetween(0.0, 600.0);
      assertThat(at(fromFile, "instance", "up")).isEqualTo(false);
      assertThat(at(fromFile, "sampler", "state")).isEqualTo("snapshot");
      assertThat(at(fromRedis, "snapshot")).isNull();

      assertThat(at(fromFile, "analysis", "keys")).isEqualTo(at(fromRedis, "analysis", "keys"));
      assertThat(grouped(at(fromFile, "analysis", "encodings"), "data_type", "encoding"))
          .isEqualTo(grouped(at(fromRedis, "analysis", "encodings"), "data_type", "encoding"));
      assertThat(grouped(at(fromFile, "analysis", "ttls"), "bucket"))
          .isEqualTo(grouped(at(fromRedis, "analysis", "ttls"), "bucket"));
      assertThat(grouped(at(fromFile, "analysis", "findings"), "finding"))
          .isEqualTo(grouped(at(fromRedis, "analysis", "findings"), "finding"));
      assertThat(topKeys(fromFile, 10)).isEqualTo(topKeys(fromRedis, 10));
      double bytes = (Double) at(fromRedis, "analysis", "bytes");
      assertThat((Double) at(fromFile, "analysis", "bytes")).isCloseTo(bytes, within(0.10 * bytes));

      Run text = analyze(() -> false, "--rdb=" + file, bigKeys);
      assertThat(text.exitCode()).isZero();
      assertThat(text.out()).startsWith("Redis memory report for " + file.getFileName())
          .contains("Source: RDB snapshot", "written by Redis " + redis.version(), "Memory by data type and encoding",
              "Top keys", "Memory by prefix", "Memory by remaining TTL")
          .doesNotContain("Redis did not answer", "PARTIAL");

      Run markdown = analyze(() -> false, "--rdb=" + file, "--format=markdown", bigKeys);
      assertThat(markdown.exitCode()).isZero();
      assertThat(markdown.out()).contains("## Source: RDB snapshot", "No Redis was asked anything", "## Findings")
          .doesNotContain("Redis did not answer");

      // a file cut short (a copy taken while Redis wrote it): the keys it holds, marked partial, exit 2
      byte[] whole = Files.readAllBytes(file);
      Path cut = Files.write(file.resolveSibling("cut.rdb"), java.util.Arrays.copyOf(whole, whole.length / 2));
      Run truncated = analyze(() -> false, "--rdb=" + cut, "--format=json", bigKeys, "--fail-on=no_ttl");
      assertThat(truncated.exitCode()).isEqualTo(AnalyzeCommand.CANNOT_RUN);
      Object partial = Json.parse(truncated.out());
      assertThat(at(partial, "partial")).isEqualTo(true);
      assertThat(at(partial, "snapshot", "complete")).isEqualTo(false);
      assertThat((Double) at(partial, "analysis", "keys")).isPositive()
          .isLessThan((Double) at(fromFile, "analysis", "keys"));
      assertThat(truncated.err()).contains("cut short", "--fail-on not checked");

      Run failing = analyze(() -> false, "--rdb=" + file, "--format=json", bigKeys, "--fail-on=no_ttl");
      assertThat(failing.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      assertThat(failing.err()).contains("--fail-on no_ttl: ");

      Run both = analyze(() -> false, "--rdb=" + file, "--redis.addr=" + redis.uri());
      assertThat(both.exitCode()).isEqualTo(AnalyzeCommand.CANNOT_RUN);
      assertThat(both.err()).contains("--rdb", "--redis.addr").doesNotContain("Redis memory report");
      assertThat(both.out()).isEmpty();

      Path notRdb = Files.writeString(file.resolveSibling("not-a-snapshot.rdb"), "hello, this is text\n");
      Run bad = analyze(() -> false, "--rdb=" + notRdb);
      assertThat(bad.exitCode()).isEqualTo(AnalyzeCommand.CANNOT_RUN);
      assertThat(bad.err()).contains("--rdb " + notRdb + ": ");
      assertThat(bad.out()).isEmpty();
      Run missing = analyze(() -> false, "--rdb=" + file.resolveSibling("absent.rdb"));
      assertThat(missing.exitCode()).isEqualTo(AnalyzeCommand.CANNOT_RUN);
      assertThat(missing.err()).contains("no such file");
    }
  }

  private static Set<String> topKeys(Object report, int n) {
    List<?> keys = (List<?>) at(report, "analysis", "top_keys");
    return keys.stream().limit(n).map(k -> at(k, "db") + "/" + at(k, "key")).collect(Collectors.toSet());
  }
}
