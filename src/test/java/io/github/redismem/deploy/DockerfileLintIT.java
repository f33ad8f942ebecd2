package io.github.redismem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile passes dockerfilelint (npm's, the linter a registry we reach serves; .ci/run installs it and sets
 * DOCKERFILELINT), and the linter really objects to a bad one, so a pass means something.
 */
class DockerfileLintIT {
  @TempDir
  Path dir;

  private static Path linter() {
    return ServiceProcess.installedExecutable("DOCKERFILELINT", "npm install dockerfilelint@1.8.0",
        "dockerfilelint");
  }

  @Test
  void theDockerfileHasNoFindings() {
    DeployFiles.Result r = DeployFiles.run(List.of(linter().toString(), "-o", "json", "Dockerfile"), Map.of(),
        DeployFiles.ROOT);
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("\"totalIssues\":0");
  }

  @Test
  void aDockerfileWithKnownMistakesIsRejected() throws Exception {
    Path bad = Files.writeString(dir.resolve("Dockerfile"), """
        FROM eclipse-temurin
        RUN apt-get install curl
        ADD . /app
        CMD java -jar /app/x.jar
        """);
    DeployFiles.Result r = DeployFiles.run(List.of(linter().toString(), "-o", "json", bad.toString()), Map.of(), dir);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("\"title\":\"Base Image Missing Tag\"", "\"line\":\"2\"");
  }
}
