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

/** redis.renamedCommands from YAML, a flag and the environment, and the mistakes that stop start-up. */
class RenamedCommandsTest {
  @TempDir
  Path dir;

  private ExporterConfig yaml(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), text);
    return ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of());
  }

  @Test
  void aYamlMappingCaseInsensitiveWithDisabledCommands() throws Exception {
    ExporterConfig c = yaml("redis:\n  renamedCommands:\n    config: cfg_x\n    MEMORY: \"\"\n    Object: OBJECT\n"
        + "    scan:\n");
    assertThat(c.redis().renamedCommands().names()).containsExactly(Map.entry("CONFIG", "cfg_x"),
        Map.entry("MEMORY", ""), Map.entry("SCAN", ""));
    assertThat(c.redis().renamedCommands().nameOf("CONFIG")).isEqualTo("cfg_x");
    assertThat(c.redis().renamedCommands().nameOf("OBJECT")).isEqualTo("OBJECT");
    assertThat(c.redis().renamedCommands()).hasToString("CONFIG=cfg_x MEMORY=(disabled) SCAN=(disabled)");
  }

  @Test
  void theFlagAndTheEnvironmentTakeCommaSeparatedPairs() throws Exception {
    ExporterConfig flag = ConfigLoader.load(CommandLine.parse("--redis.renamed-commands=CONFIG=cfg_x, memory="),
        Map.of());
    assertThat(flag.redis().renamedCommands().names()).containsExactly(Map.entry("CONFIG", "cfg_x"),
        Map.entry("MEMORY", ""));
    ExporterConfig env = ConfigLoader.load(CommandLine.parse(), Map.of("REDIS_RENAMED_COMMANDS", "INFO=i9"));
    assertThat(env.redis().renamedCommands().names()).containsExactly(Map.entry("INFO", "i9"));
    assertThat(ConfigLoader.defaults().redis().renamedCommands()).isEqualTo(RenamedCommands.NONE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CONIFG=x | \"CONIFG\" is not a command the exporter sends; one of CONFIG, EVALSHA",
      "FLUSHALL=x | \"FLUSHALL\" is not a command the exporter sends",
      "CONFIG | expected COMMAND=name pairs like CONFIG=cfg_x,MEMORY= (empty = disabled), got \"CONFIG\"",
      "CONFIG=a b | the name of CONFIG must be printable ASCII without spaces, quotes or backslashes",
      "CONFIG=it's | the name of CONFIG must be printable ASCII"})
  void mistakesNameTheFlag(String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--redis.renamed-commands=" + value), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--redis.renamed-commands: ")
        .hasMessageContaining(message);
  }

  @Test
  void yamlMistakesNameThePath() {
    assertThatThrownBy(() -> yaml("redis:\n  renamedCommands: [CONFIG]\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.renamedCommands").hasMessageContaining("expected a mapping of command to name");
    assertThatThrownBy(() -> yaml("redis:\n  renamedCommands:\n    DEBUG: dbg\n"))
        .hasMessageContaining("redis.renamedCommands").hasMessageContaining("\"DEBUG\" is not a command");
    // other settings still refuse a mapping
    assertThatThrownBy(() -> yaml("redis:\n  addr:\n    host: x\n")).hasMessageContaining("expected a value, got a mapping");
  }
}
