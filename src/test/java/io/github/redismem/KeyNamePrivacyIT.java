package io.github.redismem;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.Json;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampling.keyNames} end to end on a real Redis holding keys of known names, odd bytes included, every one of
 * them carrying the token {@value #MARK} after its first delimiter (or instead of one): with {@code full} the token
 * is in every output, which shows the check can fail; with {@code prefix} and {@code hash} it is in none of
 * {@code /metrics}, the page's HTML, {@code /report.json}, {@code analyze} in its three formats and the log lines,
 * while the prefix groups, sizes and findings are those of {@code full}. The hash is the HMAC the docs say, stable
 * across passes and restarts, and another secret gives other digests.
 */
class KeyNamePrivacyIT {
  private static final String MARK = "zqxj";
  private static final String SECRET = "it-secret-0123456789abcdef";
  private static final String OTHER_SECRET = "another-secret-0123456789";
  /** Its group is {@code odd\xff:}: a byte that is no UTF-8, then a NUL, a newline and markup after the delimiter. */
  private static final byte[] ODD = {'o', 'd', 'd', (byte) 0xff, ':', 0, 'z', 'q', 'x', 'j', '\n', '<', '"', '>'};
  /** {@code KeyText} of {@link #ODD}: what the full mode shows. */
  private static final String ODD_TEXT = "odd\\xff:\\x00zqxj\\x0a<\">";
  private static final String[] COMMON = {"--sampling.maxRedisTimeRatio=1", "--sampling.bigKeyBytes=1MiB",
      "--sampling.smallStringsMinKeys=100", "--sampling.topKeys=20"};

  /** Everything one configuration shows, from a daemon and from analyze. */
  record Views(String metrics, String page, String json, String analyzeJson, String analyzeText,
      String analyzeMarkdown, String analyzeErr) {
    Map<String, String> all() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("/metrics", metrics);
      out.put("/", page);
      out.put("/report.json", json);
      out.put("analyze --format=json", analyzeJson);
      out.put("analyze --format=text", analyzeText);
      out.put("analyze --format=markdown", analyzeMarkdown);
      out.put("analyze stderr", analyzeErr);
      return out;
    }
  }

  @RedisTest
  void noOutputShowsAKeyNameUnlessAskedToAndTheGroupsStayTheSame(RedisBinary binary) throws Exception {
    LOGS.clear();
    try (RedisServer redis = binary.start()) {
      write(redis);
      Views full = views(redis, "--sampling.keyNames=full");
      full.all().forEach((where, text) -> {
        if (!where.equals("analyze stderr")) {
          assertThat(text).as(where + " with full names").contains(MARK);
        }
      });
      Object fullJson = Json.parse(full.json());
      assertThat(keys(fullJson)).contains(ODD_TEXT);

      Views prefix = views(redis, "--sampling.keyNames=prefix");
      Views hash = views(redis, "--sampling.keyNames=hash", "--sampling.keyNameSecret=" + SECRET);
      for (Map.Entry<String, Views> mode : Map.of("prefix", prefix, "hash", hash).entrySet()) {
        mode.getValue().all().forEach((where, text) ->
            assertThat(text).as(where + " with keyNames " + mode.getKey()).doesNotContain(MARK));
        Object json = Json.parse(mode.getValue().json());
        assertThat(at(json, "analysis", "prefixes")).as(mode.getKey()).isEqualTo(at(fullJson, "analysis", "prefixes"));
        assertThat(sizes(json, "top_keys")).isEqualTo(sizes(fullJson, "top_keys"));
        assertThat(findings(json)).isEqualTo(findings(fullJson));
        assertThat(findings(Json.parse(mode.getValue().analyzeJson()))).isEqualTo(findings(fullJson));
      }
      assertThat(LOGS).as("the daemons' log lines, debug included").isNotEmpty().noneMatch(l -> l.contains(MARK));
      assertThat(full.analyzeErr() + prefix.analyzeErr()).as("analyze --log.level=debug").contains("level=debug");

      Object prefixJson = Json.parse(prefix.json());
      assertThat(keys(prefixJson)).isNotEmpty().allMatch(k -> k.endsWith("<redacted>"))
          .contains("user:<redacted>", "odd\\xff:<redacted>", "(none)<redacted>");
      // one series per group, data type and encoding: the biggest key of each
      assertThat(prefix.metrics().lines().filter(l -> l.startsWith("redismem_top_key_memory_bytes{")
          && l.contains("key=\"user:<redacted>\"")).count()).isEqualTo(1);

      Object hashJson = Json.parse(hash.json());
      List<String> hashed = keys(hashJson);
      assertThat(hashed).isNotEmpty().allMatch(k -> k.matches("(?s).*<hmac:[0-9a-f]{12}>"));
      assertThat(hashed).as("the HMAC of the raw bytes, as docs/configuration.md computes it")
          .contains("odd\\xff:<hmac:" + hmac(SECRET, ODD) + ">", "(none)<hmac:" + hmac(SECRET,
              (MARK + "plain").getBytes(StandardCharsets.UTF_8)) + ">");
      assertThat(keys(Json.parse(hash.analyzeJson()))).as("analyze, another run with the same secret")
          .containsExactlyInAnyOrderElementsOf(hashed);

      // a restart with the same secret: the same names; two passes of one exporter: the same names
      listen();
      try (Exporter again = RunningExporter.against(redis, flags("--sampling.keyNames=hash",
          "--sampling.keyNameSecret=" + SECRET, "--sampling.interval=200ms"))) {
        SamplerThrottleIT.firstPass(again, Duration.ofSeconds(30));
        Object first = Json.parse(Scrape.get(again.port(), "/report.json").body());
        Object second = laterReport(again, (String) at(first, "analysis", "finished_at"));
        assertThat(keys(first)).containsExactlyInAnyOrderElementsOf(hashed);
        assertThat(keys(second)).containsExactlyInAnyOrderElementsOf(hashed);
      }
      // another secret: every digest differs, the groups do not
      AnalyzeIT.Run other = AnalyzeIT.analyze(() -> false, analyzeFlags(redis, "--format=json", "--sampling.keyNames=hash",
          "--sampling.keyNameSecret=" + OTHER_SECRET));
      List<String> otherNames = keys(Json.parse(other.out()));
      assertThat(otherNames).hasSameSizeAs(hashed).doesNotContainAnyElementsOf(hashed)
          .allMatch(k -> k.matches("(?s).*<hmac:[0-9a-f]{12}>"));
      assertThat(otherNames.stream().map(KeyNamePrivacyIT::group).sorted().toList())
          .isEqualTo(hashed.stream().map(KeyNamePrivacyIT::group).sorted().toList());
    } finally {
      Logger.getLogger("").removeHandler(CAPTURE);
      OURS.setLevel(null);
    }
  }

  /**
   * {@code analyze} as a process of its own, where Lettuce and Netty log through JUL as in production (the tests'
   * classpath sends them to slf4j-nop): at {@code --log.level=debug} their lines must not carry a key name either.
   */
  @RedisTest
  void debugLogsOfAStandaloneRunCarryNoKeyName(RedisBinary binary, @TempDir Path dir) throws Exception {
    try (RedisServer redis = binary.start()) {
      write(redis);
      // the script's path, and the pipelined commands' (whose replies Lettuce's debug lines describe)
      for (String scripts : List.of("true", "false")) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-jar", "target/redis-memory-exporter.jar", "analyze"));
        command.addAll(List.of(analyzeFlags(redis, "--sampling.keyNames=prefix", "--format=markdown",
            "--sampling.luaScripts=" + scripts)));
        Process analyze = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile()).start();
        assertThat(analyze.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"));
        assertThat(analyze.exitValue()).as(err).isZero();
        assertThat(err).as("debug lines of Lettuce and Netty, luaScripts " + scripts)
            .contains("level=debug logger=CommandHandler").doesNotContain(MARK);
        assertThat(Files.readString(dir.resolve("out"))).contains("<redacted>").doesNotContain(MARK);
      }
    }
  }

  /** The log lines of the daemons this test starts (analyze logs to its own stderr, which is checked too). */
  private static final List<String> LOGS = new CopyOnWriteArrayList<>();
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord r) {
      LOGS.add(r.getLoggerName() + " " + new SimpleFormatter().formatMessage(r)
          + (r.getThrown() == null ? "" : " " + r.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  /** Held strongly: JUL keeps loggers weakly, and a level set on a collected one is lost. */
  private static final Logger OURS = Logger.getLogger("io.github.redismem");

  /** Captures the exporter's lines from debug up; again before each daemon, as analyze resets JUL when it runs. */
  private static void listen() {
    Logger root = Logger.getLogger("");
    root.removeHandler(CAPTURE);
    CAPTURE.setLevel(Level.ALL);
    root.addHandler(CAPTURE);
    OURS.setLevel(Level.FINE);
  }

  private static Views views(RedisServer redis, String... mode) throws Exception {
    listen();
    try (Exporter exporter = RunningExporter.against(redis, flags(concat(mode, "--sampling.interval=1h")))) {
      SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(30));
      String metrics = Scrape.get(exporter.port(), "/metrics").body();
      String page = Scrape.get(exporter.port(), "/").body();
      String json = Scrape.get(exporter.port(), "/report.json").body();
      AnalyzeIT.Run j = AnalyzeIT.analyze(() -> false, analyzeFlags(redis, concat(mode, "--format=json")));
      AnalyzeIT.Run t = AnalyzeIT.analyze(() -> false, analyzeFlags(redis, mode));
      AnalyzeIT.Run m = AnalyzeIT.analyze(() -> false, analyzeFlags(redis, concat(mode, "--format=markdown")));
      for (AnalyzeIT.Run r : List.of(j, t, m)) {
        assertThat(r.exitCode()).as(r.err()).isZero();
      }
      return new Views(metrics, page, json, j.out(), t.out(), m.out(), j.err() + t.err() + m.err());
    }
  }

  private static Object laterReport(Exporter exporter, String finishedAt) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      Object doc = Json.parse(Scrape.get(exporter.port(), "/report.json").body());
      if (!finishedAt.equals(at(doc, "analysis", "finished_at"))) {
        return doc;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no second pass within 30 s");
  }

  private static String[] flags(String... more) {
    return concat(COMMON, more);
  }

  private static String[] analyzeFlags(RedisServer redis, String... more) {
    return concat(new String[] {"--redis.addr=" + redis.uri(), "--log.level=debug"}, concat(COMMON, more));
  }

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }

  /** The names of the top keys and of every finding's examples. */
  private static List<String> keys(Object doc) {
    List<String> out = new ArrayList<>();
    for (Object k : (List<?>) at(doc, "analysis", "top_keys")) {
      out.add((String) at(k, "key"));
    }
    for (Object f : (List<?>) at(doc, "analysis", "findings")) {
      for (Object k : (List<?>) at(f, "examples")) {
        out.add((String) at(k, "key"));
      }
    }
    return out.stream().distinct().toList();
  }

  private static List<Object> sizes(Object doc, String list) {
    return ((List<?>) at(doc, "analysis", list)).stream().map(k -> at(k, "bytes")).toList();
  }

  /** Each finding's db, name, keys, bytes, saving and its examples' sizes. */
  private static List<String> findings(Object doc) {
    return ((List<?>) at(doc, "analysis", "findings")).stream().map(f -> at(f, "db") + " " + at(f, "finding") + " "
        + at(f, "keys") + " " + at(f, "bytes") + " " + at(f, "reclaimable_bytes") + " "
        + ((List<?>) at(f, "examples")).stream().map(k -> at(k, "bytes")).toList()).toList();
  }

  private static String group(String shown) {
    return shown.substring(0, shown.lastIndexOf('<'));
  }

  static String hmac(String secret, byte[] key) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(key)).substring(0, 12);
  }

  /**
   * Keys whose findings have examples: hashes under {@code user:}, a big compressible string, JSON documents, a set
   * of integers stuck in hashtable, groupable small strings, long shared prefixes, a name without a delimiter and
   * {@link #ODD}; none has a TTL (no_ttl).
   */
  private static void write(RedisServer redis) {
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> r = c.sync();
      for (int i = 0; i < 30; i++) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (int f = 0; f < 8 + i; f++) {
          fields.put(b("f" + f), b("value-" + f + "-" + i));
        }
        r.hset(b("user:" + (1000 + i) + ":" + MARK), fields);
      }
      r.set(b("blob:" + MARK + "big"), b("abcdefgh".repeat(1 << 18)));
      for (int i = 0; i < 3; i++) {
        r.set(b("doc:" + MARK + i), b("{\"name\":\"" + MARK + "\",\"a\":1,\"b\":2,\"c\":\"" + "x".repeat(200 + i)
            + "\"}"));
      }
      r.sadd(b("tags:" + MARK), b("not-an-integer"));
      for (int i = 0; i < 100; i++) {
        r.sadd(b("tags:" + MARK), b(String.valueOf(i)));
      }
      r.srem(b("tags:" + MARK), b("not-an-integer"));
      for (int i = 0; i < 150; i++) {
        r.set(b("cnt:" + MARK + (10_000 + i)), b(String.valueOf(i)));
      }
      for (int i = 0; i < 20; i++) {
        r.set(b("session:user:profile:settings:" + MARK + i), b("v" + i));
      }
      r.set(b(MARK + "plain"), b("x".repeat(3000)));
      r.hset(ODD, Map.of(b("f"), b("x".repeat(5000))));
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
