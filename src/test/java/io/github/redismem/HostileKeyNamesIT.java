package io.github.redismem;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.KeyText;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Key names of every byte value (one key per byte 0x00-0xff, and one holding all 256), invalid UTF-8, CR/LF,
 * quotes, backslashes, braces, HTML, a 1 MB name and the empty name, on a real Redis, through every output: the
 * exposition passes promtool and carries each name as {@link KeyText} shows it, /report.json and {@code analyze
 * --format=json} parse and hold them, the page escapes the HTML and the Markdown shows it only inside code spans, and the 1 MB name is cut
 * everywhere (issue 15, hostile input). {@link SamplerIT} and {@link KeyNamePrivacyIT} hold a few odd names; this
 * one holds them all at once.
 */
class HostileKeyNamesIT {
  private static final String HTML = "<img src=x onerror=alert(1)>&amp;</td>";
  private static final int MB = 1 << 20;

  /** The names, each with a value of its own size so that every one is among the top keys. */
  static List<byte[]> names() {
    List<byte[]> names = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      names.add(new byte[] {(byte) b});
    }
    byte[] all = new byte[256];
    for (int b = 0; b < 256; b++) {
      all[b] = (byte) b;
    }
    names.add(all);
    names.add(new byte[] {(byte) 0xc3, '('}); // a lead byte without its continuation
    names.add(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}); // an encoded surrogate
    names.add(new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}); // 5-byte form
    names.add(new byte[] {'e', (byte) 0xe2, (byte) 0x82}); // cut in the middle of a character
    for (String s : List.of("cr\r\nlf\r", "quote\"'`", "back\\slash\\\\", "{brace}{", HTML, "\u00e9t\u00e9 \ud83d\ude00",
        "# HELP x y\nz 1",
        "tick`<img src=y>`|")) {
      names.add(s.getBytes(StandardCharsets.UTF_8));
    }
    names.add("m".repeat(MB).getBytes(StandardCharsets.US_ASCII));
    names.add(new byte[0]);
    return names;
  }

  @RedisTest
  void everyByteInAKeyNameReachesEveryOutputEscaped(RedisBinary binary) throws Exception {
    List<byte[]> names = names();
    try (RedisServer redis = binary.start()) {
      try (RedisClient client = RedisClient.create(redis.uri());
          StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
        RedisCommands<byte[], byte[]> r = c.sync();
        for (int i = 0; i < names.size(); i++) {
          r.set(names.get(i), new byte[20_000 + 100 * i]);
        }
      }
      // full speed, as analyze below: what is tested is the names' way through, not the pace (at 0.1% of Redis's
      // time these 270 strings of 20-50 KB, one under a 1 MB name, took over a minute, at 1% 28-35 s of the suite)
      String[] flags = {"--sampling.interval=1h", "--sampling.topKeys=" + names.size(),
          "--sampling.keyNames=full", "--sampling.maxRedisTimeRatio=1"};
      try (Exporter exporter = RunningExporter.against(redis, flags)) {
        SamplerThrottleIT.firstPass(exporter, Duration.ofSeconds(60));

        Scrape metrics = Scrape.get(exporter.port(), "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(PromtoolIT.check(PromtoolIT.promtool(), metrics.body())).as("promtool output").isBlank();
        List<String> labelled = metrics.body().lines().filter(l -> l.startsWith("redismem_top_key_memory_bytes{"))
            .map(l -> Scrape.parseLabels(l.substring(l.indexOf('{') + 1, l.lastIndexOf('}'))).get("key")).toList();
        assertThat(labelled).containsExactlyInAnyOrderElementsOf(names.stream().map(KeyText::of).toList());
        assertThat(metrics.body().length()).as("the 1 MB name is cut").isLessThan(MB);

        Scrape report = Scrape.get(exporter.port(), "/report.json");
        assertThat(topKeys(report.body())).containsExactlyInAnyOrderElementsOf(
            names.stream().map(KeyText::of).toList());

        String page = Scrape.get(exporter.port(), "/").body();
        assertThat(page).doesNotContain(HTML).doesNotContain("<img").contains(Html.escape(HTML))
            .contains(Html.escape(KeyText.of(names.get(256))));
        assertThat(page.length()).isLessThan(MB);
      }

      String[] analyze = {"--redis.addr=" + redis.uri(), "--sampling.maxRedisTimeRatio=1",
          "--sampling.topKeys=" + names.size(), "--sampling.keyNames=full"};
      AnalyzeIT.Run json = AnalyzeIT.analyze(() -> false, concat(analyze, "--format=json"));
      assertThat(json.exitCode()).as(json.err()).isZero();
      assertThat(topKeys(json.out())).containsExactlyInAnyOrderElementsOf(names.stream().map(KeyText::of).toList());
      AnalyzeIT.Run text = AnalyzeIT.analyze(() -> false, analyze);
      assertThat(text.exitCode()).as(text.err()).isZero();
      assertThat(text.out()).contains(KeyText.of(HTML.getBytes(StandardCharsets.UTF_8)))
          .doesNotContain("\r").doesNotContain("\u0000");
      assertThat(text.out().length()).isLessThan(MB);
      AnalyzeIT.Run markdown = AnalyzeIT.analyze(() -> false, concat(analyze, "--format=markdown"));
      assertThat(markdown.exitCode()).as(markdown.err()).isZero();
      // Markdown shows HTML as text only inside a code span, whose fence outruns the backticks of the name
      assertThat(markdown.out().replaceAll("(?<!`)(`+)(?!`).+?(?<!`)\\1(?!`)", "")).doesNotContain("<img");
      assertThat(markdown.out()).contains("`" + HTML + "`", "``tick`<img src=y>`\\|``")
          .doesNotContain("\r").doesNotContain("\u0000");
      assertThat(markdown.out().length()).isLessThan(MB);
    }
  }

  private static List<String> topKeys(String json) {
    Object doc = Json.parse(json);
    List<String> out = new ArrayList<>();
    for (Object k : (List<?>) at(doc, "analysis", "top_keys")) {
      out.add((String) at(k, "key"));
    }
    return out;
  }

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }

  /** HTML escaping as any correct page must do it, written here independently of the page's own code. */
  private static final class Html {
    static String escape(String s) {
      return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
  }
}
