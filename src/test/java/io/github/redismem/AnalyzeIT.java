package io.github.redismem;

import io.github.redismem.cli.AnalyzeCommand;
import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import io.github.redismem.testing.KeyspaceDataset;
import io.github.redismem.testing.KeyspaceDataset.Truth;
import io.github.redismem.testing.KeyspaceDataset.Truth.By;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.LogManager;

/** {@code analyze} in this JVM against a real Redis holding the standard dataset: formats, exit codes, a stop. */
class AnalyzeIT {

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  static Run analyze(BooleanSupplier stop, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      code = AnalyzeCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), false, stop);
    } finally {
      // analyze sets up JUL for its process, writing to err: in this shared JVM its handler would keep taking every
      // later test's log lines (Lettuce's and Netty's too after --log.level=debug) into a stream nobody reads,
      // until the array behind it overflows (seen: "Required array length 2147483639 + 138 is too large")
      try {
        LogManager.getLogManager().readConfiguration();
      } catch (IOException e) {
        LogManager.getLogManager().reset();
      }
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String[] flags(RedisServer redis, String... more) {
    List<String> all = new ArrayList<>(List.of("--redis.addr=" + redis.uri(), "--sampling.maxRedisTimeRatio=1",
        "--sampling.bigKeyBytes=" + KeyspaceDataset.BIG_KEY_BYTES));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @RedisTest
  void reportsTheDatasetInEveryFormatAndFailsOnLimits(RedisBinary binary) {
    try (RedisServer redis = binary.start()) {
      Truth truth = KeyspaceDataset.standard(redis, 42);

      Run json = analyze(() -> false, flags(redis, "--format=json"));
      assertThat(json.exitCode()).as(json.err()).isZero();
      Object doc = Json.parse(json.out());
      assertThat(at(doc, "partial")).isEqualTo(false);
      assertThat(at(doc, "analysis", "keys")).isEqualTo((double) truth.keys().size());
      assertThat(at(doc, "analysis", "keys_inspected")).isEqualTo((double) truth.keys().size());
      assertThat(grouped(at(doc, "analysis", "encodings"), "data_type", "encoding"))
          .isEqualTo(doubles(truth.keys(By.ENCODING)));
      assertThat(grouped(at(doc, "analysis", "findings"), "finding")).isEqualTo(doubles(truth.keys(By.FINDING)));
      for (Object f : (List<?>) at(doc, "analysis", "findings")) {
        if (at(f, "finding").equals("no_ttl")) {
          // the keys' memory, no saving: a TTL frees nothing on a key meant to live forever
          assertThat(at(f, "bytes")).isEqualTo(
              (double) truth.memory(By.FINDING).get(((Double) at(f, "db")).intValue() + "|no_ttl"));
          assertThat(at(f, "reclaimable_bytes")).isEqualTo(0.0);
          assertThat(at(f, "saving_note")).isEqualTo("memory without TTL: only eviction or a DEL frees it");
        } else {
          assertThat(at(f, "saving_note")).isNull();
        }
      }
      assertThat(grouped(at(doc, "analysis", "ttls"), "bucket")).isEqualTo(doubles(truth.keys(By.TTL)));
      assertThat(at(doc, "analysis", "top_keys", 0, "bytes")).isEqualTo((double) truth.top(1).get(0).memory());
      assertThat(at(doc, "instance", "keys")).isEqualTo((double) truth.keys().size());
      assertThat(json.err()).contains("analyze: " + redis.uri()).contains("analyze: done, ");

      Run text = analyze(() -> false, flags(redis));
      assertThat(text.exitCode()).isZero();
      assertThat(text.out()).contains("Redis memory report for " + redis.uri(), "Top keys", "Memory by prefix",
          "Memory by remaining TTL", "big_key in db 0", "estimated saving",
          "; memory without TTL: only eviction or a DEL frees it\n").doesNotContain("PARTIAL");
      truth.keys(By.FINDING).keySet().forEach(f -> assertThat(text.out()).contains(f.substring(f.indexOf('|') + 1)));

      Run markdown = analyze(() -> false, flags(redis, "--format", "markdown"));
      assertThat(markdown.exitCode()).isZero();
      assertThat(markdown.out()).startsWith("# Redis memory report for ")
          .contains("## Findings", "| db | finding | keys | memory | estimated saving |", "`big_key`",
              "\n\nMemory without TTL: only eviction or a DEL frees it.\n\n");

      // no_ttl's measure is the memory of the keys without TTL (its saving is 0); big_key's is the big keys' memory
      long noTtlBytes = truth.memory(By.FINDING).get("0|no_ttl") + truth.memory(By.FINDING).get("2|no_ttl");
      Run over = analyze(() -> false, flags(redis, "--format=json", "--fail-on=no_ttl:" + (noTtlBytes - 1)));
      assertThat(over.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      assertThat(over.err()).contains("--fail-on no_ttl: ").contains(" without TTL in ");
      Json.parse(over.out());
      Run under = analyze(() -> false, flags(redis, "--format=json", "--fail-on=no_ttl:" + noTtlBytes,
          "--fail-on=big_key:10MiB,zset_skiplist_near_limit:1g"));
      assertThat(under.exitCode()).as(under.err()).isZero();
      Run anyKey = analyze(() -> false, flags(redis, "--format=json", "--fail-on=big_key"));
      assertThat(anyKey.exitCode()).isEqualTo(AnalyzeCommand.FINDING_OVER_LIMIT);
      assertThat(anyKey.err()).contains("--fail-on big_key: 1 keys");
    }
  }

  @RedisTest
  void aStoppedPassPrintsWhatItGatheredMarkedPartial(RedisBinary binary) {
    try (RedisServer redis = binary.start()) {
      Truth truth = KeyspaceDataset.standard(redis, 7);
      AtomicInteger checks = new AtomicInteger();
      // stop after a few batches of 100 keys, as Ctrl-C would
      Run run = analyze(() -> checks.incrementAndGet() > 5, flags(redis, "--format=json",
          "--sampling.maxBatchKeys=100", "--fail-on=no_ttl"));
      assertThat(run.exitCode()).isEqualTo(AnalyzeCommand.INTERRUPTED);
      Object doc = Json.parse(run.out());
      assertThat(at(doc, "partial")).isEqualTo(true);
      double inspected = (Double) at(doc, "analysis", "keys_inspected");
      assertThat(inspected).isPositive().isLessThan(truth.keys().size());
      assertThat(run.err()).contains("stopped after", "--fail-on not checked");
    }
  }

  /** {@code db|label...} -> keys, from an array of JSON objects with a db and keys. */
  static Map<String, Double> grouped(Object rows, String... labels) {
    Map<String, Double> out = new TreeMap<>();
    for (Object row : (List<?>) rows) {
      StringBuilder key = new StringBuilder(String.valueOf(((Double) at(row, "db")).intValue()));
      for (String label : labels) {
        key.append('|').append(at(row, label));
      }
      out.merge(key.toString(), (Double) at(row, "keys"), Double::sum);
    }
    return out;
  }

  static Map<String, Double> doubles(Map<String, Long> counts) {
    Map<String, Double> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.doubleValue()));
    return out;
  }
}
