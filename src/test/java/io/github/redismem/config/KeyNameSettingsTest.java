package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.config.KeyNameSettings.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sampling.keyNames} and its secret, from flags, environment and YAML; errors name the setting. */
class KeyNameSettingsTest {
  private static final String SECRET = "0123456789abcdef0123";

  @TempDir
  Path dir;

  private static KeyNameSettings load(Map<String, String> env, String... flags) throws ConfigException {
    return ConfigLoader.load(CommandLine.parse(flags), env).sampling().keyNames();
  }

  @Test
  void fullByDefaultAndEachModeByFlagOrYaml() throws Exception {
    assertThat(load(Map.of()).mode()).isEqualTo(Mode.FULL);
    assertThat(load(Map.of(), "--sampling.key-names=prefix").mode()).isEqualTo(Mode.PREFIX);
    Path file = dir.resolve("c.yml");
    Files.writeString(file, "sampling:\n  keyNames: hash\n  keyNameSecret: " + SECRET + "\n");
    KeyNameSettings k = load(Map.of(), "--config.file=" + file);
    assertThat(k.mode()).isEqualTo(Mode.HASH);
    assertThat(k.secret().reveal()).isEqualTo(SECRET);
    assertThat(k.toString()).doesNotContain(SECRET);
  }

  @Test
  void theSecretComesFromTheEnvironmentOrAFileReadOnceAndTrimmed() throws Exception {
    assertThat(load(Map.of("REDISMEM_KEY_NAME_SECRET", SECRET), "--sampling.keyNames=hash").secret().reveal())
        .isEqualTo(SECRET);
    Path file = dir.resolve("secret");
    Files.writeString(file, "  " + SECRET + "\n");
    KeyNameSettings k = load(Map.of("REDISMEM_KEY_NAME_SECRET_FILE", file.toString()), "--sampling.keyNames=hash");
    assertThat(k.secret().reveal()).isEqualTo(SECRET);
    assertThat(k.secretFile()).contains(file);
    // read at start: a later change needs a restart, so names stay comparable within a run
    Files.writeString(file, "another secret of enough bytes");
    assertThat(k.secret().reveal()).isEqualTo(SECRET);
  }

  @Test
  void checkConfigNamesTheModeAndWhereTheSecretCameFromNeverTheSecret() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, SECRET);
    assertThat(ConfigCheck.summary(ConfigLoader.load(CommandLine.parse(), Map.of())))
        .contains("  sampling.keyNames  full\n");
    assertThat(ConfigCheck.summary(ConfigLoader.load(CommandLine.parse("--sampling.keyNames=hash",
        "--sampling.keyNameSecretFile=" + file), Map.of())))
        .contains("  sampling.keyNames  hash, secret read from " + file + "\n").doesNotContain(SECRET);
    assertThat(ConfigCheck.summary(ConfigLoader.load(CommandLine.parse("--sampling.keyNames=hash"),
        Map.of("REDISMEM_KEY_NAME_SECRET", SECRET))))
        .contains("  sampling.keyNames  hash, secret <redacted>\n").doesNotContain(SECRET);
  }

  @Test
  void aSecretIsOnlyNeededByHash() throws Exception {
    assertThat(load(Map.of(), "--sampling.keyNames=prefix").secret().isPresent()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--sampling.keyNames=names | --sampling.keyNames: expected one of full, prefix, hash, got \"names\"",
      "--sampling.keyNames=hash | sampling.keyNameSecret: sampling.keyNames is hash but no secret is set",
      "--sampling.keyNames=hash --sampling.keyNameSecret=short | sampling.keyNameSecret: the secret has 5 bytes",
      "--sampling.keyNameSecret=" + SECRET + " --sampling.keyNameSecretFile=FILE"
          + " | sampling.keyNameSecretFile: set either sampling.keyNameSecret or sampling.keyNameSecretFile",
      "--sampling.keyNames=hash --sampling.keyNameSecretFile=EMPTY | sampling.keyNameSecretFile: ",
      "--sampling.keyNameSecretFile=/nonexistent/s"
          + " | --sampling.keyNameSecretFile: cannot read \"/nonexistent/s\": no such file",
  })
  void badSettingsNameThePath(String flags, String message) throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, SECRET);
    Path empty = dir.resolve("empty");
    Files.writeString(empty, " \n");
    String[] args = flags.replace("=FILE", "=" + file).replace("=EMPTY", "=" + empty).split(" ");
    assertThatThrownBy(() -> load(Map.of(), args)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message.strip());
  }
}
