package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaults() throws Exception {
    ExporterConfig c = ConfigLoader.load(CommandLine.parse(), Map.of());
    assertThat(c.redis().addr()).isEqualTo("redis://localhost:6379");
    assertThat(c.redis().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.web().listenAddress()).isEqualTo(new ValueKind.ListenAddress("0.0.0.0", 19121));
    assertThat(c.web().telemetryPath()).isEqualTo("/metrics");
    assertThat(c.log()).isEqualTo(new LogSettings("info", "text"));
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
    Path file = yaml("""
        redis:
          addr: redis://from-file:6379
          timeout: 3s
          user: file-user
        web:
          listenAddress: 127.0.0.1:1000
        """);
    ExporterConfig c = ConfigLoader.load(
        CommandLine.parse("--config.file=" + file, "--redis.addr", "redis://from-flag:6380"),
        Map.of("REDIS_ADDR", "redis://from-env:6379", "REDIS_USER", "env-user"));
    assertThat(c.redis().addr()).isEqualTo("redis://from-flag:6380");
    assertThat(c.redis().user()).isEqualTo("env-user");
    assertThat(c.redis().timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.web().listenAddress().toString()).isEqualTo("127.0.0.1:1000");
  }

  @Test
  void kebabAndCamelFlagsAreTheSameSetting() throws Exception {
    ExporterConfig kebab = ConfigLoader.load(CommandLine.parse("--web.listen-address=[::1]:9999",
        "--web.telemetry-path=/m"), Map.of());
    ExporterConfig camel = ConfigLoader.load(CommandLine.parse("--web.listenAddress=[::1]:9999",
        "--web.telemetryPath=/m"), Map.of());
    assertThat(kebab).isEqualTo(camel);
    assertThat(kebab.web().listenAddress()).isEqualTo(new ValueKind.ListenAddress("::1", 9999));
  }

  @Test
  void passwordFromEnvironmentAndFile() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "hunter2\n");
    ExporterConfig c = ConfigLoader.load(CommandLine.parse(), Map.of("REDIS_PASSWORD_FILE", pw.toString()));
    assertThat(c.redis().passwordFile()).contains(pw);
    ExporterConfig d = ConfigLoader.load(CommandLine.parse(), Map.of("REDIS_PASSWORD", "hunter2"));
    assertThat(d.redis().password().reveal()).isEqualTo("hunter2");
    assertThat(d.toString()).doesNotContain("hunter2");
  }

  @Test
  void hostAndPortAloneIsARedisAddress() throws Exception {
    ExporterConfig c = ConfigLoader.load(CommandLine.parse("--redis.addr=cache:6380"), Map.of());
    assertThat(c.redis().addr()).isEqualTo("redis://cache:6380");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "5s | 5000", "500ms | 500", "1m30s | 90000", "2h | 7200000", "0.5s | 500"})
  void durations(String text, long millis) {
    assertThat(Scalars.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  /** Durations reach logs and --check-config as they are written in settings, never as PT1H. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "3600000 | 1h", "30000 | 30s", "300000 | 5m", "5400000 | 1h30m", "250 | 250ms", "604800000 | 7d", "0 | 0s"})
  void durationsAreShownAsWritten(long millis, String text) {
    assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis:\\n  timeout: fast | redis.timeout: expected a duration like 5s, got \"fast\"",
      "redis:\\n  timeout: 5 | redis.timeout: expected a duration like 5s, got 5",
      "redis:\\n  tiemout: 5s | redis.tiemout: unknown setting",
      "sampling:\\n  x: 1 | sampling.x: unknown setting",
      "nosuch:\\n  x: 1 | nosuch: unknown setting",
      "redis: 5 | redis: expected a mapping of settings, got 5",
      "redis:\\n  addr: http://x:1 | redis.addr: expected a URL like redis://host:6379, got \"http://x:1\"",
      "redis:\\n  addr:\\n    host: x | redis.addr: expected a value, got a mapping",
      "web:\\n  listenAddress: localhost | web.listenAddress: expected [host]:port",
      "web:\\n  telemetryPath: metrics | web.telemetryPath: expected a path like /metrics",
      "log:\\n  level: loud | log.level: expected one of debug, info, warn, error, got \"loud\"",
      "redis:\\n  passwordFile: /nonexistent/pw | redis.passwordFile: cannot read \"/nonexistent/pw\": no such file",
  })
  void badYamlNamesThePath(String yamlText, String message) throws IOException {
    Path file = yaml(yamlText.replace("\\n", "\n"));
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message.strip());
  }

  @Test
  void badFlagSaysWhereTheValueCameFrom() {
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--redis.timeout=fast"), Map.of()))
        .hasMessage("--redis.timeout: expected a duration like 5s, got \"fast\"");
    // the flag as typed, kebab case included
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--sampling.max-redis-time-ratio", "2"), Map.of()))
        .hasMessage("--sampling.max-redis-time-ratio: expected a ratio in (0, 1] like 0.05, got \"2\"");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(), Map.of("REDIS_ADDR", "redis://:pw@:0")))
        .hasMessageContaining("(from env REDIS_ADDR)").hasMessageNotContaining("pw@");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--sampling.maxKeysPerSecond=-3 | --sampling.maxKeysPerSecond: expected a whole number >= 0, got -3",
      "--sampling.maxRedisTimeRatio=5% | --sampling.maxRedisTimeRatio: expected a ratio in (0, 1] like 0.05, got \"5%\"",
      "--sampling.sampleRatio=0 | --sampling.sampleRatio: expected a ratio in (0, 1] like 0.05, got \"0\"",
      "--sampling.bigKeyBytes=huge | --sampling.bigKeyBytes: expected a size like 10MiB or 1048576, got \"huge\"",
      "--sampling.prefixPatterns=^user: | --sampling.prefixPatterns: item 0 needs a named group (?<prefix>...)",
      "--sampling.prefixPatterns=(?<prefix>[ | --sampling.prefixPatterns: item 0 is not a valid regex",
      "--sampling.enabled=maybe | --sampling.enabled: expected one of true, false, got \"maybe\"",
      "--sampling.prefixDepth=0 | --sampling.prefixDepth: expected a whole number >= 1, got 0",
  })
  void badSamplingSettingsNameTheirPath(String flag, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(flag), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
  }

  @Test
  void samplingSettingsFromYaml() throws Exception {
    Path file = yaml("""
        sampling:
          maxKeysPerSecond: 1000
          sampleRatio: 0.1
          bigKeyBytes: 512kb
          prefix-patterns:
            - "^(?<prefix>[a-z]+)_"
            - "^(?<prefix>tmp)"
        thresholds:
          hashMaxListpackEntries: 256
        """);
    ExporterConfig c = ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of());
    assertThat(c.sampling().maxKeysPerSecond()).isEqualTo(1000);
    assertThat(c.sampling().sampleRatio()).isEqualTo(0.1);
    assertThat(c.sampling().bigKeyBytes()).isEqualTo(512 * 1024);
    assertThat(c.sampling().prefixPatterns()).extracting(java.util.regex.Pattern::pattern)
        .containsExactly("^(?<prefix>[a-z]+)_", "^(?<prefix>tmp)");
    assertThat(c.thresholds().hashMaxListpackEntries()).isEqualTo(256);
    assertThat(c.thresholds().zsetMaxListpackEntries()).isEqualTo(-1);
    ExporterConfig flags = ConfigLoader.load(CommandLine.parse(
        "--sampling.prefix-patterns=[\"^(?<prefix>a)\", \"^(?<prefix>b)\"]"), Map.of());
    assertThat(flags.sampling().prefixPatterns()).hasSize(2);
  }

  @Test
  void unknownFlagIsAnError() {
    assertThatThrownBy(() -> CommandLine.parse("--redis.adr=x"))
        .hasMessage("--redis.adr: unknown flag (--help lists them)");
  }

  @Test
  void passwordIsRedactedFromUrls() {
    assertThat(RedisUriText.redact("redis://user:p@ss/w0rd@host:6379/0"))
        .isEqualTo("redis://user:<redacted>@host:6379/0");
    assertThat(RedisUriText.redact("rediss://:secret@host:6379")).isEqualTo("rediss://:<redacted>@host:6379");
    assertThat(RedisUriText.redact("redis://host:6379")).isEqualTo("redis://host:6379");
  }

  @Test
  void clusterSettings() throws Exception {
    ExporterConfig config = ConfigLoader.load(CommandLine.parse("--redis.addr=node-a:7000", "--redis.cluster=true",
        "--redis.cluster-refresh=10s"), Map.of());
    assertThat(config.redis().cluster()).isTrue();
    assertThat(config.redis().clusterRefresh()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ConfigLoader.load(CommandLine.parse(), Map.of("REDIS_CLUSTER", "true")).redis().cluster()).isTrue();
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(
        "--redis.addr=redis-sentinel://s:26379/mymaster", "--redis.cluster=true"), Map.of()))
        .hasMessageContaining("redis.cluster").hasMessageContaining("not a redis-sentinel:// address");
  }

  @Test
  void invalidYamlSyntaxIsReportedWithItsLine() throws IOException {
    Path file = yaml("redis:\n  addr: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of()))
        .hasMessageContaining("not valid YAML at line");
  }

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void sampleConfigHoldsEverySettingAtItsDefault() throws Exception {
    Path sample = Path.of("config/redis-memory-exporter.yml");
    Map<String, Object> parsed = ConfigLoader.readYaml(sample);
    assertThat(parsed.keySet()).containsExactlyInAnyOrderElementsOf(Setting.ALL.stream().map(Setting::path).toList());
    for (Setting s : Setting.ALL) {
      assertThat(String.valueOf(s.kind().parse(parsed.get(s.path())))).as(s.path())
          .isEqualTo(String.valueOf(s.kind().parse(s.defaultValue())));
    }
    ExporterConfig fromFile = ConfigLoader.load(CommandLine.parse("--config.file=" + sample), Map.of());
    ExporterConfig defaults = ConfigLoader.load(CommandLine.parse(), Map.of());
    assertThat(fromFile.redis()).isEqualTo(defaults.redis());
    assertThat(fromFile.web()).isEqualTo(defaults.web());
    assertThat(fromFile.log()).isEqualTo(defaults.log());
    assertThat(fromFile.thresholds()).isEqualTo(defaults.thresholds());
    assertThat(fromFile.sampling().toString()).isEqualTo(defaults.sampling().toString());
    assertThat(fromFile.instanceFindings()).isEqualTo(defaults.instanceFindings())
        .isEqualTo(InstanceFindingSettings.DEFAULTS);
  }

  @Test
  void instanceFindingSettingsFromYamlAndFlags() throws Exception {
    Path file = yaml("""
        instanceFindings:
          fragmentationRatio: 1.8
          fragmentationMinBytes: 200MiB
          restartMinUptime: 30d
        """);
    ExporterConfig c = ConfigLoader.load(CommandLine.parse("--config.file=" + file,
        "--instanceFindings.clientBufferBytes=32MiB"), Map.of());
    assertThat(c.instanceFindings().fragmentationRatio()).isEqualTo(1.8);
    assertThat(c.instanceFindings().fragmentationMinBytes()).isEqualTo(200L << 20);
    assertThat(c.instanceFindings().restartMinUptime()).isEqualTo(Duration.ofDays(30));
    assertThat(c.instanceFindings().clientBufferBytes()).isEqualTo(32L << 20);
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--instanceFindings.fragmentationRatio=-1"),
        Map.of())).hasMessageStartingWith(
            "--instanceFindings.fragmentationRatio: expected a number above 0 like 1.5, got \"-1\"");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--instanceFindings.swapRatio=2"), Map.of()))
        .hasMessageStartingWith("--instanceFindings.swapRatio: expected a ratio in (0, 1]");
  }

  @Test
  void allocatorIntervalDefaultsToFiveMinutesAndZeroSwitchesItOff() throws Exception {
    assertThat(ConfigLoader.load(CommandLine.parse(), Map.of()).allocator())
        .isEqualTo(new AllocatorSettings(Duration.ofMinutes(5)));
    assertThat(ConfigLoader.load(CommandLine.parse("--allocator.interval=0"), Map.of()).allocator().enabled())
        .isFalse();
    assertThat(ConfigLoader.load(CommandLine.parse("--config.file=" + yaml("allocator:\n  interval: 0\n")),
        Map.of()).allocator().enabled()).isFalse();
    assertThat(ConfigLoader.load(CommandLine.parse("--allocator.interval=30s"), Map.of()).allocator().interval())
        .isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--allocator.interval=often"), Map.of()))
        .hasMessageContaining("allocator.interval").hasMessageContaining("0 for off");
  }
}
