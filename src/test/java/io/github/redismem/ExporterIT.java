package io.github.redismem;

import io.github.redismem.cli.Exporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/** The exporter against real Redis servers: values, formats, endpoints and concurrency. */
class ExporterIT {

  @RedisTest
  void metricsEqualWhatRedisSays(RedisBinary binary) {
    try (RedisServer redis = binary.start("maxmemory 100mb", "maxmemory-policy allkeys-lru",
        "hash-max-ziplist-entries 77");
        Exporter exporter = RunningExporter.against(redis)) {
      RedisCommands<String, String> admin = redis.admin();
      for (int i = 0; i < 50; i++) {
        admin.set("user:" + i, "v" + i);
      }
      admin.select(3);
      for (int i = 0; i < 7; i++) {
        admin.setex("session:" + i, 3600, "x");
      }
      admin.set("forever", "1");
      admin.select(0);

      Scrape scrape = Scrape.get(exporter.port(), "/metrics");
      long usedNow = Long.parseLong(field(admin.info("memory"), "used_memory"));

      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.require("redismem_up")).isEqualTo(1.0);
      assertThat(scrape.require("redismem_db_keys{db=\"0\"}")).isEqualTo(50);
      assertThat(scrape.require("redismem_db_keys{db=\"3\"}")).isEqualTo(8);
      assertThat(scrape.require("redismem_db_keys_expiring{db=\"3\"}")).isEqualTo(7);
      assertThat(scrape.require("redismem_db_keys_expiring{db=\"0\"}")).isEqualTo(0);
      assertThat(scrape.require("redismem_memory_max_bytes")).isEqualTo(100 * 1024 * 1024);
      // a live server allocates between two INFO calls (client buffers, our own connection): a few KiB of drift
      assertThat(scrape.require("redismem_memory_used_bytes")).isCloseTo(usedNow, within(64 * 1024.0));
      assertThat(scrape.require("redismem_config_encoding_max_entries{data_type=\"hash\"}")).isEqualTo(77);
      assertThat(scrape.require("redismem_config_encoding_max_value_bytes{data_type=\"hash\"}")).isEqualTo(64);
      assertThat(scrape.require("redismem_config_set_max_intset_entries")).isEqualTo(512);
      assertThat(scrape.require("redismem_memory_fragmentation_ratio")).isPositive();
      assertThat(scrape.require("redismem_memory_dataset_ratio")).isBetween(0.0, 1.0);
      assertThat(scrape.require("redismem_db_hashtable_overhead_bytes{db=\"3\",table=\"expires\"}")).isPositive();
      assertThat(scrape.require("redismem_memory_per_key_bytes")).isPositive();
      assertThat(scrape.require("redismem_doctor_issue{issue=\"peak_memory\"}")).isEqualTo(0);
      assertThat(scrape.require("redismem_doctor_report_agrees")).isEqualTo(1);
      assertThat(scrape.require("redismem_command_errors_total{command=\"info\"}")).isEqualTo(0);
      assertThat(scrape.body()).contains("mem_allocator=\"jemalloc-")
          .contains("maxmemory_policy=\"allkeys-lru\"")
          .contains("redis_version=\"" + redis.version() + "\"")
          .contains("role=\"master\"")
          .contains("server=\"redis\"")
          .contains("redismem_build_info{revision=\"test\",version=\"test\"} 1");
      assertThat(scrape.body()).doesNotContain("redismem_command_skipped");
    }
  }

  @RedisTest
  void servesEveryFormatAndEndpoint(RedisBinary binary) throws IOException {
    try (RedisServer redis = binary.start(); Exporter exporter = RunningExporter.against(redis)) {
      Scrape text = Scrape.get(exporter.port(), "/metrics");
      assertThat(text.header("Content-Type")).startsWith("text/plain; version=0.0.4");

      Scrape openMetrics = Scrape.get(exporter.port(), "/metrics",
          Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
      assertThat(openMetrics.header("Content-Type")).startsWith("application/openmetrics-text");
      assertThat(openMetrics.body()).contains("# UNIT redismem_memory_used_bytes bytes").endsWith("# EOF\n");

      Scrape protobuf = Scrape.get(exporter.port(), "/metrics", Map.of("Accept",
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"));
      assertThat(protobuf.header("Content-Type")).startsWith("application/vnd.google.protobuf");

      HttpResponse<byte[]> gzipped = rawGet(exporter.port(), "/metrics", "Accept-Encoding", "gzip");
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes());
      assertThat(unzipped).contains("redismem_up 1.0");

      assertThat(Scrape.get(exporter.port(), "/-/healthy").status()).isEqualTo(200);
      assertThat(Scrape.get(exporter.port(), "/-/ready").status()).isEqualTo(200);
      Scrape landing = Scrape.get(exporter.port(), "/");
      assertThat(landing.status()).isEqualTo(200);
      assertThat(landing.header("Content-Type")).startsWith("text/html");
      assertThat(landing.body()).contains("redis-memory-exporter", "href=\"metrics\"", redis.uri());
      assertThat(Scrape.get(exporter.port(), "/nothing-here").status()).isEqualTo(404);
    }
  }

  @RedisTest
  void concurrentScrapesAllSucceed(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start(); Exporter exporter = RunningExporter.against(redis)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Scrape>> scrapes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          scrapes.add(pool.submit(() -> Scrape.get(exporter.port(), "/metrics")));
        }
        for (Future<Scrape> s : scrapes) {
          assertThat(s.get().status()).isEqualTo(200);
          assertThat(s.get().require("redismem_up")).isEqualTo(1.0);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @RedisTest
  void passwordFromFileAndNeverShown(RedisBinary binary) throws IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("redis-password", ".txt");
    java.nio.file.Files.writeString(file, "s3cret-pw\n");
    try (RedisServer redis = binary.start("requirepass s3cret-pw");
        Exporter exporter = RunningExporter.against(redis, "--redis.password-file=" + file)) {
      Scrape scrape = Scrape.get(exporter.port(), "/metrics");
      assertThat(scrape.require("redismem_up")).isEqualTo(1.0);
      assertThat(scrape.body()).doesNotContain("s3cret-pw");
      assertThat(Scrape.get(exporter.port(), "/").body()).doesNotContain("s3cret-pw");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    try (RedisServer redis = binary.start("requirepass s3cret-pw");
        Exporter exporter = RunningExporter.start("redis://:s3cret-pw@127.0.0.1:" + redis.port())) {
      assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
      String landing = Scrape.get(exporter.port(), "/").body();
      assertThat(landing).doesNotContain("s3cret-pw").contains("&lt;redacted&gt;");
    }
  }

  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    throw new AssertionError("no " + name + " in INFO");
  }

  private static HttpResponse<byte[]> rawGet(int port, String path, String header, String value) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header(header, value).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
