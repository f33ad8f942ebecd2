package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The YAML list {@code targets}: what each target inherits, overrides, and the mistakes named by item. */
class TargetListTest {
  @TempDir
  Path dir;

  private ExporterConfig yaml(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), text);
    return ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of());
  }

  @Test
  void itemsInheritTheTopLevelAndOverrideWhatTheyGive() throws Exception {
    Path pw = Files.writeString(dir.resolve("b.pw"), "pw-b");
    ExporterConfig c = yaml("""
        redis:
          user: exporter
          password: top-pw
          timeout: 3s
          renamedCommands: {CONFIG: cfg_x}
        sampling:
          maxKeysPerSecond: 500
        targets:
          - cache-a:6379
          - addr: redis://cache-b:6380/2
            passwordFile: %s
            timeout: 1s
            sampling:
              enabled: false
        """.formatted(pw));
    assertThat(c.targets()).extracting(TargetSettings::name)
        .containsExactly("redis://cache-a:6379", "redis://cache-b:6380/2");
    TargetSettings a = c.targets().get(0);
    assertThat(a.redis().user()).isEqualTo("exporter");
    assertThat(a.redis().password().reveal()).isEqualTo("top-pw");
    assertThat(a.redis().timeout()).hasSeconds(3);
    assertThat(a.redis().renamedCommands().nameOf("CONFIG")).isEqualTo("cfg_x");
    assertThat(a.sampling()).isEqualTo(c.sampling());
    TargetSettings b = c.targets().get(1);
    // a credential of its own replaces the inherited ones
    assertThat(b.redis().password().isPresent()).isFalse();
    assertThat(b.redis().passwordFile()).contains(pw);
    assertThat(b.redis().timeout()).hasSeconds(1);
    assertThat(b.sampling().enabled()).isFalse();
    assertThat(b.sampling().maxKeysPerSecond()).isEqualTo(c.sampling().maxKeysPerSecond());
    assertThat(ConfigLoader.defaults().targets()).isEmpty();
  }

  @Test
  void tlsIsInheritedOnlyByTlsTargets() throws Exception {
    Path ca = Path.of("src/test/resources").toAbsolutePath();
    ExporterConfig c = yaml("""
        redis:
          addr: rediss://main:6380
          tls: {serverName: redis.internal}
        targets:
          - redis://plain:6379
          - rediss://secure:6380
        """);
    assertThat(c.targets().get(0).redis().tls()).isEqualTo(TlsSettings.none());
    assertThat(c.targets().get(1).redis().tls().serverName()).isEqualTo("redis.internal");
    assertThat(ca).exists();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "targets: cache:6379 | targets: expected a list of addresses or mappings",
      "targets: [5] | targets[0]: expected an address or a mapping like {addr: redis://host:6379}, got 5",
      "targets: ['http://a:1'] | targets[0].addr: expected a URL like redis://host:6379, got \"http://a:1\"",
      "targets: [{passwordFile: /x}] | targets[0].addr: every target needs its address",
      "targets: [{addr: 'a:1', tls: {caFile: /nowhere}}] | targets[0].tls.caFile:",
      "targets: [{addr: 'rediss://a:1', tls: {certFile: '%PW%'}}] | targets[0].tls.certFile:",
      "targets: [{addr: 'a:1', colour: red}] | targets[0].colour: unknown setting",
      "targets: [{addr: 'a:1', sampling: {maxKeysPerSecond: -3}}] | targets[0].sampling.maxKeysPerSecond:",
      "targets: ['a:1', 'redis://A:1/0'] | targets[1].addr: redis://a:1 is listed twice",
      "targets: ['localhost:6379'] | targets[0].addr: redis://localhost:6379 is listed twice, or is redis.addr",
      "targets: [{addr: 'a:1', password: x, passwordFile: '%PW%'}] | targets[0].passwordFile: set either",
  })
  void mistakesNameTheItem(String yaml, String message) throws Exception {
    Path pw = Files.writeString(dir.resolve("p.pw"), "pw");
    assertThatThrownBy(() -> yaml(yaml.replace("%PW%", pw.toString()))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message.strip());
  }
}
