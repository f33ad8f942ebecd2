package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** sampling.readFrom: its spellings, its default, and the one combination with onPrimary that cannot work. */
class ReadFromTest {

  private static ExporterConfig load(String... flags) throws ConfigException {
    return ConfigLoader.load(CommandLine.parse(flags), Map.of());
  }

  @Test
  void defaultsToReplicaAndReadsEachValueFromFlagAndYamlSpelling() throws Exception {
    assertThat(ConfigLoader.defaults().sampling().readFrom()).isEqualTo(ReadFrom.REPLICA);
    assertThat(load("--sampling.read-from=primary").sampling().readFrom()).isEqualTo(ReadFrom.PRIMARY);
    assertThat(load("--sampling.readFrom=ANY").sampling().readFrom()).isEqualTo(ReadFrom.ANY);
    assertThat(load("--sampling.read-from", "replica").sampling().readFrom()).isEqualTo(ReadFrom.REPLICA);
  }

  @Test
  void anUnknownNodeKindIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> load("--sampling.read-from=secondary"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--sampling.read-from").hasMessageContaining("secondary");
  }

  @Test
  void primaryWithOnPrimaryFalseIsRefused() {
    assertThatThrownBy(() -> load("--sampling.read-from=primary", "--sampling.on-primary=false"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--sampling.read-from").hasMessageContaining("sampling.onPrimary is false");
  }
}
