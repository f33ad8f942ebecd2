package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** analyze's own flags and its failures before any Redis is involved. */
class AnalyzeCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnalyzeCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, () -> false);
  }

  @Test
  void helpExplainsItsFlagsExitCodesAndEverySetting() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help).contains("analyze [--format=text|json|markdown]", "--fail-on", "130 stopped by Ctrl-C",
        "25% of Redis's time");
    Setting.ALL.forEach(s -> assertThat(help).contains("--" + s.kebabPath()));
  }

  @Test
  void aBadFormatOrLimitExitsTwoWithOneLine() {
    assertThat(run("--format=html")).isEqualTo(2);
    assertThat(run("--fail-on=everything")).isEqualTo(2);
    assertThat(run("--fail-on")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "redis-memory-exporter analyze: --format: expected text, json or markdown, got \"html\"",
        "redis-memory-exporter analyze: --fail-on: unknown finding \"everything\"; expected one of "
            + "hash_hashtable_under_limit, zset_skiplist_near_limit, set_hashtable_under_limit, string_json_blob, "
            + "no_ttl, small_strings_groupable, big_key, long_key_names, compressible_strings",
        "redis-memory-exporter analyze: --fail-on: needs a value, like --fail-on=VALUE");
  }

  @Test
  void settingsAreTheDaemonsWithAFasterDefaultThrottle() throws Exception {
    AnalyzeCommand.Options options = AnalyzeCommand.Options.parse(new String[] {"--format", "json",
        "--redis.addr=redis://x:1", "--fail-on=big_key", "--sampling.top-keys", "5"});
    assertThat(options.format()).isEqualTo("json");
    assertThat(options.settings()).containsExactly("--redis.addr=redis://x:1", "--sampling.top-keys", "5");
    var config = io.github.redismem.config.ConfigLoader.load(
        io.github.redismem.config.CommandLine.parse(options.settings()), Map.of(), AnalyzeCommand.DEFAULTS);
    assertThat(config.sampling().maxRedisTimeRatio()).isEqualTo(0.25);
    assertThat(config.sampling().topKeys()).isEqualTo(5);
    var explicit = io.github.redismem.config.ConfigLoader.load(
        io.github.redismem.config.CommandLine.parse("--sampling.max-redis-time-ratio=0.05"), Map.of(),
        AnalyzeCommand.DEFAULTS);
    assertThat(explicit.sampling().maxRedisTimeRatio()).isEqualTo(0.05);
  }
}
