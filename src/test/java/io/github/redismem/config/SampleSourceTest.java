package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sampling.source and sampling.rdbFile: read from YAML and flags, and refused where they cannot work together. */
class SampleSourceTest {
  @TempDir
  Path dir;

  private ExporterConfig yaml(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), text);
    return ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of());
  }

  @Test
  void scanIsTheDefault() {
    assertThat(ConfigLoader.defaults().sampling().source()).isEqualTo(SampleSource.SCAN);
  }

  @Test
  void readsYamlAndBothFlagSpellings() throws Exception {
    ExporterConfig fromYaml = yaml("sampling:\n  source: rdb\n  rdbFile: /data/dump.rdb\n");
    assertThat(fromYaml.sampling().source())
        .isEqualTo(new SampleSource(SampleSource.Kind.RDB, Optional.of(Path.of("/data/dump.rdb"))));
    ExporterConfig kebab = ConfigLoader.load(
        CommandLine.parse("--sampling.source=rdb", "--sampling.rdb-file=/data/dump.rdb"), Map.of());
    ExporterConfig camel = ConfigLoader.load(
        CommandLine.parse("--sampling.source", "rdb", "--sampling.rdbFile", "/data/dump.rdb"), Map.of());
    assertThat(kebab.sampling().source()).isEqualTo(fromYaml.sampling().source());
    assertThat(camel.sampling().source()).isEqualTo(fromYaml.sampling().source());
  }

  @Test
  void theFileNeedNotExistYet() throws Exception {
    // a sidecar may start before Redis writes its first snapshot
    Path missing = dir.resolve("not-yet.rdb");
    assertThat(yaml("sampling: {source: rdb, rdbFile: " + missing + "}").sampling().source().rdbFile())
        .contains(missing);
  }

  @Test
  void rdbWithoutAFileNamesTheYamlPath() {
    assertThatThrownBy(() -> yaml("sampling:\n  source: rdb\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sampling.source: is rdb, but sampling.rdbFile is not set")
        .hasMessageContaining("(in " + dir.resolve("config.yml") + ")");
  }

  @Test
  void anUnknownSourceNamesTheSettingAndTheChoices() {
    assertThatThrownBy(() -> yaml("sampling:\n  source: aof\n"))
        .hasMessageStartingWith("sampling.source: ").hasMessageContaining("scan").hasMessageContaining("rdb")
        .hasMessageContaining("aof");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--sampling.source=aof"), Map.of()))
        .hasMessageStartingWith("--sampling.source");
  }

  @Test
  void aFileWithTheScanSourceIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> yaml("sampling:\n  rdbFile: /data/dump.rdb\n"))
        .hasMessageStartingWith("sampling.rdbFile: is set, but sampling.source is scan");
  }

  @Test
  void aClusterHasNoOneSnapshot() {
    assertThatThrownBy(() -> yaml("redis: {cluster: true}\nsampling: {source: rdb, rdbFile: /data/dump.rdb}\n"))
        .hasMessageStartingWith("sampling.source: rdb reads the snapshot of one Redis");
  }

  @Test
  void targetsDoNotInheritTheSnapshotOfRedisAddr() throws Exception {
    ExporterConfig c = yaml("sampling: {source: rdb, rdbFile: /data/dump.rdb}\n"
        + "targets:\n  - redis://other:6379\n");
    assertThat(c.targets()).singleElement().satisfies(t -> assertThat(t.sampling().source())
        .isEqualTo(SampleSource.SCAN));
    assertThatThrownBy(() -> yaml("targets:\n  - addr: redis://third:6379\n    sampling: {source: rdb}\n"))
        .hasMessageStartingWith("targets[0].sampling.source: is rdb, but sampling.rdbFile is not set");
  }

  @Test
  void checkConfigSaysWhereTheKeysComeFrom() throws Exception {
    assertThat(ConfigCheck.summary(yaml("sampling: {source: rdb, rdbFile: /data/dump.rdb}\n")))
        .contains("from the RDB snapshot /data/dump.rdb, read after every BGSAVE; no SCAN of Redis");
    assertThat(ConfigCheck.summary(ConfigLoader.defaults())).doesNotContain("RDB snapshot");
  }
}
