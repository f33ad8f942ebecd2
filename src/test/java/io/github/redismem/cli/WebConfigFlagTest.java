package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --web.config.file}, spelled as in the exporter-toolkit: read at start-up, a bad file exits 2. */
class WebConfigFlagTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Main.Launch launch(String... args) {
    return Main.launch(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theToolkitSpellingIsReadAndSummarised() throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "basic_auth_users:\n  alice: $2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi\n");
    assertThat(launch("--web.config.file=" + file, "--check-config").exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("web.config.file", "plain HTTP, 1 basic auth user(s)");
    assertThat(launch("--web.configFile", file.toString(), "--check-config").exitCode()).isZero();
    assertThat(io.github.redismem.config.CommandLine.usage("test")).contains("--web.config.file");
  }

  @Test
  void aBadFileStopsTheStartNamingTheYamlPath() throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "tls_server_config:\n  cert_file: a.pem\n  key_file: a.key\n  client_auth: x\n");
    assertThat(launch("--web.config.file=" + file).exitCode()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("web.config.file " + file,
        "tls_server_config.client_auth: unknown key");
  }
}
