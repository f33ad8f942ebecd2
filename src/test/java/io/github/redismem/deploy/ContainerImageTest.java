package io.github.redismem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile as the ecosystem expects an exporter's image (../shared/ecosystem.md): multi-stage, a JRE to run,
 * a numeric non-root user, the exporter's port, OCI labels, the measured JVM settings overridable through
 * JAVA_TOOL_OPTIONS, and no configuration baked in. ContainerImageIT builds and runs what it describes.
 */
class ContainerImageTest {
  private final Dockerfile dockerfile = Dockerfile.read(DeployFiles.ROOT.resolve("Dockerfile"));
  private final Dockerfile.Stage runtime = dockerfile.last();

  @Test
  void buildsOnAJdkAndRunsOnAJre() {
    assertThat(dockerfile.stages()).hasSize(2);
    assertThat(dockerfile.stage("build").image()).matches("eclipse-temurin:17-jdk-[a-z]+");
    assertThat(runtime.image()).matches("eclipse-temurin:17-jre-[a-z]+");
    assertThat(runtime.name()).isEmpty();
  }

  @Test
  void runsAsANumericUserThatIsNotRoot() {
    List<Dockerfile.Instruction> users = runtime.all("USER");
    assertThat(users).hasSize(1);
    assertThat(users.get(0).arguments()).matches("[1-9][0-9]*(:[0-9]+)?");
  }

  @Test
  void exposesTheExportersDefaultPort() {
    String port = Setting.byPath("web.listenAddress").defaultValue().replaceAll(".*:", "");
    assertThat(runtime.all("EXPOSE")).extracting(Dockerfile.Instruction::arguments).containsExactly(port);
    assertThat(runtime.execForm("CMD")).containsExactly("--web.listen-address=:" + port);
  }

  @Test
  void labelsNameTheVersionAndRevision() {
    assertThat(runtime.pairs("ARG")).containsEntry("VERSION", DeployFiles.projectVersion())
        .containsEntry("REVISION", "unknown");
    assertThat(runtime.pairs("LABEL")).containsEntry("org.opencontainers.image.version", "${VERSION}")
        .containsEntry("org.opencontainers.image.revision", "${REVISION}")
        .containsKeys("org.opencontainers.image.title", "org.opencontainers.image.source",
            "org.opencontainers.image.licenses");
    assertThat(dockerfile.stage("build").all("RUN")).singleElement()
        .satisfies(run -> assertThat(run.arguments()).contains("GIT_REVISION=\"${REVISION}\""));
  }

  @Test
  void theJvmSettingsAreTheLaunchersAndTheOnlyEnvironment() {
    assertThat(runtime.pairs("ENV")).containsOnlyKeys("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX")
        .containsEntry("JAVA_TOOL_OPTIONS", DeployFiles.launcherJvmOptions())
        .containsEntry("MALLOC_ARENA_MAX", "2");
    assertThat(DeployFiles.read(DeployFiles.LAUNCHER_SOURCE)).contains("MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"");
  }

  @Test
  void copiesOnlyTheJarItBuiltAndRunsIt() {
    List<Dockerfile.Instruction> copies = runtime.all("COPY");
    assertThat(copies).hasSize(1);
    String[] words = copies.get(0).arguments().split("\\s+");
    assertThat(words).hasSize(3);
    assertThat(words[0]).isEqualTo("--from=build");
    assertThat(words[1]).isEqualTo(dockerfile.stage("build").all("WORKDIR").get(0).arguments()
        + "/target/redis-memory-exporter.jar");
    assertThat(runtime.all("ADD")).isEmpty();
    assertThat(runtime.all("VOLUME")).isEmpty();
    assertThat(runtime.execForm("ENTRYPOINT")).containsExactly("java", "-jar", words[2]);
  }

  @Test
  void theBuildContextHoldsWhatTheBuildCopiesAndNoTestsOrBuildOutput() {
    BuildContext context = BuildContext.of(DeployFiles.ROOT);
    for (Dockerfile.Instruction copy : dockerfile.stage("build").all("COPY")) {
      String[] words = copy.arguments().split("\\s+");
      for (int i = 0; i < words.length - 1; i++) {
        assertThat(context.under(words[i])).as("context files under " + words[i]).isNotEmpty();
      }
    }
    assertThat(context.files()).contains("pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties",
        "src/main/java/io/github/redismem/cli/Main.java", "src/main/dist/bin/redis-memory-exporter")
        .noneMatch(f -> f.startsWith("src/test/") || f.startsWith("target/") || f.startsWith(".git/")
            || f.startsWith("helm/") || f.startsWith("grafana/") || f.startsWith("bench/"));
  }
}
