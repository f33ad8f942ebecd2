package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sentinels' own credentials (redis.sentinelUser, redis.sentinelPassword, redis.sentinelPasswordFile) and
 * rediss-sentinel://: where they may be set, and the mistakes named by their path.
 */
class SentinelSettingsTest {
  private static final String SENTINELS = "redis-sentinel://s1:26379,s2/mymaster";

  @TempDir
  Path dir;

  private static ExporterConfig load(Map<String, String> env, String... flags) throws ConfigException {
    return ConfigLoader.load(CommandLine.parse(flags), env);
  }

  @Test
  void fromTheEnvironmentFlagsAndYaml() throws Exception {
    ExporterConfig fromEnv = load(Map.of("REDIS_ADDR", SENTINELS, "REDIS_SENTINEL_PASSWORD", "s3cret",
        "REDIS_SENTINEL_USER", "watcher"));
    assertThat(fromEnv.redis().sentinel().password().reveal()).isEqualTo("s3cret");
    assertThat(fromEnv.redis().sentinel().user()).isEqualTo("watcher");
    assertThat(fromEnv.toString()).doesNotContain("s3cret");

    Path file = Files.writeString(dir.resolve("sentinel-pw"), "s3cret\n");
    ExporterConfig fromFlag = load(Map.of(), "--redis.addr=" + SENTINELS, "--redis.sentinel-password-file=" + file);
    assertThat(fromFlag.redis().sentinel().passwordFile()).contains(file);
    ExporterConfig fromEnvFile = load(Map.of("REDIS_ADDR", SENTINELS, "REDIS_SENTINEL_PASSWORD_FILE",
        file.toString()));
    assertThat(fromEnvFile.redis().sentinel()).isEqualTo(fromFlag.redis().sentinel());

    Path yaml = Files.writeString(dir.resolve("config.yml"), """
        redis:
          addr: %s
          password: data-pw
          sentinelPassword: s3cret
        """.formatted(SENTINELS));
    ExporterConfig fromYaml = load(Map.of(), "--config.file=" + yaml);
    assertThat(fromYaml.redis().sentinel().password().reveal()).isEqualTo("s3cret");
    assertThat(fromYaml.redis().password().reveal()).isEqualTo("data-pw");
    assertThat(ConfigCheck.summary(fromYaml)).contains("password <redacted>").doesNotContain("s3cret");
    assertThat(ConfigCheck.summary(fromFlag)).contains("password read from " + file);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--redis.sentinel-password=pw | --redis.sentinel-password: is for the sentinels of a redis-sentinel:// "
          + "address, but redis.addr redis://localhost:6379 names no sentinels",
      "--redis.sentinel-user=u | --redis.sentinel-user: is for the sentinels",
  })
  void sentinelCredentialsNeedSentinels(String flag, String message) {
    assertThatThrownBy(() -> load(Map.of(), flag.strip())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message.strip());
  }

  @Test
  void thePasswordIsGivenOneWay() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "x");
    assertThatThrownBy(() -> load(Map.of("REDIS_SENTINEL_PASSWORD", "pw"), "--redis.addr=" + SENTINELS,
        "--redis.sentinel-password-file=" + file)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--redis.sentinel-password-file: set either redis.sentinelPassword or "
            + "redis.sentinelPasswordFile, not both");
    assertThatThrownBy(() -> load(Map.of(), "--redis.addr=" + SENTINELS, "--redis.sentinel-user=u"))
        .hasMessageStartingWith("--redis.sentinel-user: is set without redis.sentinelPassword");
    assertThatThrownBy(() -> load(Map.of(), "--redis.addr=" + SENTINELS,
        "--redis.sentinel-password-file=/nonexistent/pw"))
        .hasMessageStartingWith("--redis.sentinel-password-file: cannot read \"/nonexistent/pw\"");
  }

  @Test
  void aPasswordFileThatEmptiedFailsTheConfigCheck() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "x");
    ExporterConfig c = load(Map.of(), "--redis.addr=" + SENTINELS, "--redis.sentinel-password-file=" + file);
    ConfigCheck.verifyFiles(c);
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> ConfigCheck.verifyFiles(c)).hasMessageStartingWith("redis.sentinelPasswordFile: ");
  }

  @Test
  void redissSentinelIsTlsToSentinelsAndDataNodes() throws Exception {
    ExporterConfig c = load(Map.of(), "--redis.addr=rediss-sentinel://:pw@s1:26380/mymaster",
        "--redis.tls.insecure-skip-verify=true");
    assertThat(c.redis().usesTls()).isTrue();
    assertThat(SentinelAddress.parse(c.redis().addr()))
        .isEqualTo(new SentinelAddress(List.of("s1:26380"), "mymaster", true));
    assertThat(TargetSettings.canonical(c.redis().addr())).isEqualTo("rediss-sentinel://s1:26380/mymaster");
    assertThat(c.redis().displayAddr()).isEqualTo("rediss-sentinel://:<redacted>@s1:26380/mymaster");
    assertThat(ConfigCheck.summary(c)).contains("over TLS");
    assertThatThrownBy(() -> load(Map.of(), "--redis.addr=" + SENTINELS, "--redis.tls.insecure-skip-verify=true"))
        .hasMessageContaining("use rediss-sentinel:// to connect with TLS");
  }

  @Test
  void targetsInheritTheSentinelsCredentialsOnlyAsSentinelAddresses() throws Exception {
    Path yaml = Files.writeString(dir.resolve("config.yml"), """
        redis:
          addr: %s
          sentinelPassword: top
        targets:
          - redis://cache:6379
          - redis-sentinel://other:26379/cache
          - addr: redis-sentinel://third:26379/cache
            sentinelPasswordFile: %s
        """.formatted(SENTINELS, Files.writeString(dir.resolve("pw"), "own")));
    ExporterConfig c = load(Map.of(), "--config.file=" + yaml);
    assertThat(c.targets().get(0).redis().sentinel()).isEqualTo(SentinelCredentials.none());
    assertThat(c.targets().get(1).redis().sentinel().password().reveal()).isEqualTo("top");
    assertThat(c.targets().get(2).redis().sentinel().password().isPresent()).isFalse();
    assertThat(c.targets().get(2).redis().sentinel().passwordFile()).contains(dir.resolve("pw"));
  }
}
