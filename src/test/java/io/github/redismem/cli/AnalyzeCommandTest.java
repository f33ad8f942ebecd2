package io.github.redismem.cli;

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
    // only the settings analyze reads: not where the daemon listens, nor when its sampler runs
    Setting.ALL.stream().filter(s -> !s.daemonOnly()).forEach(s -> assertThat(help).contains("--" + s.kebabPath()));
    assertThat(help).doesNotContain("--web.", "--sampling.enabled", "--sampling.interval", "--sampling.on-primary");
    assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
  }

  @Test
  void helpAsAWordAndFindingsFromTheirCatalogue() {
    assertThat(run("help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    for (var f : io.github.redismem.analysis.Finding.values()) {
      assertThat(help).contains(f.label());
    }
    for (var f : io.github.redismem.analysis.InstanceFinding.values()) {
      assertThat(help).contains(f.label());
    }
  }

  @Test
  void failOnIsRepeatableTakesCommaListsAndIsAlsoSpelledInCamelCase() throws Exception {
    AnalyzeOptions options = AnalyzeOptions.parse(new String[] {"--failOn", "big_key,no_ttl:1MiB",
        "--fail-on=fragmentation_high"});
    assertThat(options.failOn()).extracting(FailOn::toString).containsExactly(
        "FailOn[finding=BIG_KEY, maxBytes=OptionalLong.empty, instanceFinding=null]",
        "FailOn[finding=NO_TTL, maxBytes=OptionalLong[1048576], instanceFinding=null]",
        "FailOn[finding=null, maxBytes=OptionalLong.empty, instanceFinding=FRAGMENTATION_HIGH]");
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
            + "no_ttl, small_strings_groupable, big_key, long_key_names, compressible_strings, fragmentation_high, "
            + "swapping, maxmemory_unset, overhead_dominates, client_buffers_large, no_ttl_cache, list_compression_off, "
            + "script_cache_large",
        "redis-memory-exporter analyze: --fail-on: needs a value, like --fail-on=VALUE");
  }

  @Test
  void settingsAreTheDaemonsWithAFasterDefaultThrottle() throws Exception {
    AnalyzeOptions options = AnalyzeOptions.parse(new String[] {"--format", "json",
        "--redis.addr=redis://x:1", "--fail-on=big_key", "--sampling.top-keys", "5"});
    assertThat(options.format()).isEqualTo("json");
    assertThat(options.line().settings()).containsExactlyInAnyOrderEntriesOf(
        Map.of("redis.addr", "redis://x:1", "sampling.topKeys", "5"));
    var config = io.github.redismem.config.ConfigLoader.load(options.line(), Map.of(), AnalyzeCommand.DEFAULTS);
    assertThat(config.sampling().maxRedisTimeRatio()).isEqualTo(0.25);
    assertThat(config.sampling().topKeys()).isEqualTo(5);
    var explicit = io.github.redismem.config.ConfigLoader.load(
        io.github.redismem.config.CommandLine.parse("--sampling.max-redis-time-ratio=0.05"), Map.of(),
        AnalyzeCommand.DEFAULTS);
    assertThat(explicit.sampling().maxRedisTimeRatio()).isEqualTo(0.05);
  }

  @Test
  void growthLimitsNeedABaselineAndABadBaselineExitsTwoBeforeRedisIsAsked() throws Exception {
    AnalyzeOptions options = AnalyzeOptions.parse(new String[] {"--baseline", "before.json",
        "--fail-on=no_ttl:1MiB,growth:10%", "--fail-on=growth:1GiB"});
    assertThat(options.baseline()).contains(java.nio.file.Path.of("before.json"));
    assertThat(options.failOn()).hasSize(1);
    assertThat(options.growthLimits()).containsExactly(
        new GrowthLimit(java.util.OptionalLong.empty(), java.util.OptionalDouble.of(0.1)),
        new GrowthLimit(java.util.OptionalLong.of(1L << 30), java.util.OptionalDouble.empty()));

    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("baseline");
    java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("before.txt"), "Redis memory report\n");
    // an address nothing listens on: the baseline is read, and refused, before any connection
    assertThat(run("--fail-on=growth:1GiB")).isEqualTo(2);
    assertThat(run("--baseline=" + dir.resolve("missing.json"), "--redis.addr=redis://127.0.0.1:1")).isEqualTo(2);
    assertThat(run("--baseline=" + text, "--redis.addr=redis://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "redis-memory-exporter analyze: --fail-on: growth needs a report to compare with: add --baseline=FILE",
        "redis-memory-exporter analyze: --baseline " + dir.resolve("missing.json") + ": no such file",
        "redis-memory-exporter analyze: --baseline " + text
            + ": not valid JSON: expected a value at line 1, column 1");
  }

  @Test
  void helpExplainsTheBaseline() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--baseline=FILE", "--fail-on=growth:BYTES",
        "a bad --baseline file");
  }
}
