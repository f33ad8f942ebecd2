package io.github.redismem;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * long_key_names and compressible_strings on real servers: each fires on keys built for it, and not on look-alikes
 * that should not (short names with the same values; big strings of random bytes). For compressible_strings the
 * values are then gzipped for real and the freed memory printed beside the estimate.
 */
class RecommendationsIT {
  private static final String[] WORDS = {"order", "customer", "shipped", "pending", "amount", "currency", "EUR",
      "street", "city", "the", "and", "status", "created", "updated", "invoice", "line", "item", "price"};

  @RedisTest
  void longKeyNamesFireOnALongSharedPrefixOnly(RedisBinary binary) {
    try (RedisServer server = binary.start()) {
      RedisCommands<String, String> redis = server.admin();
      for (int i = 0; i < 500; i++) {
        redis.set("session:user:profile:" + (100_000 + i), Integer.toString(i % 90));
        redis.set("u:" + (100_000 + i), Integer.toString(i % 90));
      }
      Object doc = analyze(server);
      Object finding = finding(doc, "long_key_names");
      assertThat(finding).as("long_key_names in %s", at(doc, "analysis", "findings")).isNotNull();
      // the long prefix's keys only: u:* shares the values but not the long names
      assertThat(at(finding, "keys")).isEqualTo(500.0);
      assertThat((Double) at(finding, "reclaimable_bytes")).isPositive();
      List<?> examples = (List<?>) at(finding, "examples");
      assertThat(examples).allSatisfy(k -> assertThat((String) at(k, "key")).startsWith("session:user:profile:"));
      // 27-byte names (29 -> 32 bytes) shortened by 17 to 10 (12 -> 16 bytes): 16 bytes a key
      assertThat(at(finding, "reclaimable_bytes")).isEqualTo(500.0 * 16);
      System.out.printf("RECOMMEND redis %s long_key_names keys=%.0f bytes=%.0f estimated_saving=%.0f%n",
          server.version(), at(finding, "keys"), at(finding, "bytes"), at(finding, "reclaimable_bytes"));
      long before = usedMemory(redis);
      for (int i = 0; i < 500; i++) {
        redis.rename("session:user:profile:" + (100_000 + i), "sup:" + (100_000 + i));
      }
      System.out.printf("RECOMMEND redis %s long_key_names used_memory freed by the renames: %d%n",
          server.version(), before - usedMemory(redis));
    }
  }

  @RedisTest
  void compressibleStringsFireOnTextNotOnRandomBytes(RedisBinary binary) {
    try (RedisServer server = binary.start()) {
      RedisCommands<String, String> redis = server.admin();
      Random random = new Random(5);
      RedisClient client = RedisClient.create(server.uri());
      try (StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE)) {
        for (int i = 0; i < 40; i++) {
          redis.set("page:" + i, words(random, 2048 + random.nextInt(14_000)));
          byte[] noise = new byte[2048 + random.nextInt(14_000)];
          random.nextBytes(noise);
          bytes.sync().set(("blob:" + i).getBytes(StandardCharsets.US_ASCII), noise);
        }
        Object doc = analyze(server);
        Object finding = finding(doc, "compressible_strings");
        assertThat(finding).as("compressible_strings in %s", at(doc, "analysis", "findings")).isNotNull();
        assertThat(at(finding, "keys")).isEqualTo(40.0);
        assertThat((List<?>) at(finding, "examples"))
            .allSatisfy(k -> assertThat((String) at(k, "key")).startsWith("page:"));
        double estimated = (Double) at(finding, "reclaimable_bytes");
        assertThat((String) at(finding, "fix", "summary")).contains("% less memory");

        long before = 0;
        long after = 0;
        for (int i = 0; i < 40; i++) {
          byte[] key = ("page:" + i).getBytes(StandardCharsets.US_ASCII);
          before += memoryUsage(redis, "page:" + i);
          bytes.sync().set(key, gzip(bytes.sync().get(key)));
          after += memoryUsage(redis, "page:" + i);
        }
        long measured = before - after;
        System.out.printf("RECOMMEND redis %s compressible_strings keys=40 estimated=%.0f measured(gzip)=%d"
            + " ratio=%.3f%n", server.version(), estimated, measured, estimated / measured);
        assertThat(estimated).isBetween(0.5 * measured, 1.2 * measured);
      } finally {
        client.shutdown();
      }
    }
  }

  private static Object analyze(RedisServer server) {
    AnalyzeIT.Run run = AnalyzeIT.analyze(() -> false, "--redis.addr=" + server.uri(),
        "--sampling.maxRedisTimeRatio=1", "--format=json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.parse(run.out());
  }

  private static Object finding(Object doc, String name) {
    return ((List<?>) at(doc, "analysis", "findings")).stream().filter(f -> name.equals(at(f, "finding")))
        .findFirst().orElse(null);
  }

  private static String words(Random random, int length) {
    StringBuilder s = new StringBuilder();
    while (s.length() < length) {
      s.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(5) == 0 ? ": " + random.nextInt(10_000)
          + "\n" : " ");
    }
    return s.substring(0, length);
  }

  private static byte[] gzip(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static long memoryUsage(RedisCommands<String, String> redis, String key) {
    return redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
  }

  private static long usedMemory(RedisCommands<String, String> redis) {
    return redis.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).strip())).findFirst().orElseThrow();
  }
}
