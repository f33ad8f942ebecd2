package io.github.redismem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented ways to start the exporter outside a container, target/bin/redis-memory-exporter and the
 * distribution tarball's bin/redis-memory-exporter, start it with the measured JVM settings, and let users replace
 * them (JAVA_TOOL_OPTIONS) or change single flags (JAVA_OPTS). {@code package} builds both before Failsafe runs.
 */
class LauncherIT {
  private static final Path BUILD_LAUNCHER = DeployFiles.ROOT.resolve("target/bin/redis-memory-exporter");
  private static final Path TARBALL = DeployFiles.ROOT.resolve(
      "target/redis-memory-exporter-" + DeployFiles.projectVersion() + ".tar.gz");

  @TempDir
  Path dir;

  @Test
  void startsTheExporterWithTheMeasuredSettings() throws Exception {
    List<String> defaults = List.of(DeployFiles.launcherJvmOptions().split(" "));
    try (RedisServer redis = RedisBinaries.all().get(0).start();
        ServiceProcess exporter = start(redis, Map.of())) {
      DeployFiles.metricsOnceUp(exporter.url());
      List<String> command = DeployFiles.commandLine(exporter.pid());
      // exec: the launcher's process is the JVM, so signals from a supervisor reach it
      assertThat(command.get(0)).endsWith("java");
      assertThat(command.subList(1, 1 + defaults.size())).isEqualTo(defaults);
      assertThat(command.subList(1 + defaults.size(), command.size())).startsWith("-jar",
          BUILD_LAUNCHER.getParent().resolve("../redis-memory-exporter.jar").toString());
      assertThat(Files.readString(Path.of("/proc/" + exporter.pid() + "/environ")).split("\0"))
          .contains("MALLOC_ARENA_MAX=2");
    }
  }

  @Test
  void javaToolOptionsReplaceTheSettingsAndJavaOptsAddToThem() throws Exception {
    try (RedisServer redis = RedisBinaries.all().get(0).start()) {
      try (ServiceProcess replaced = start(redis, Map.of("JAVA_TOOL_OPTIONS", "-Xmx40m"))) {
        DeployFiles.metricsOnceUp(replaced.url());
        List<String> command = DeployFiles.commandLine(replaced.pid());
        assertThat(command.get(1)).isEqualTo("-jar");
        assertThat(Files.readString(replaced.logFile())).contains("Picked up JAVA_TOOL_OPTIONS: -Xmx40m");
      }
      try (ServiceProcess added = start(redis, Map.of("JAVA_OPTS", "-Xmx64m -Dredismem.test=1"))) {
        DeployFiles.metricsOnceUp(added.url());
        List<String> command = DeployFiles.commandLine(added.pid());
        int jar = command.indexOf("-jar");
        // after the defaults, so that -Xmx64m wins over -Xmx48m
        assertThat(command.subList(jar - 2, jar)).containsExactly("-Xmx64m", "-Dredismem.test=1");
        assertThat(command.subList(1, jar - 2)).contains("-Xmx48m");
      }
    }
  }

  private ServiceProcess start(RedisServer redis, Map<String, String> env) {
    return ServiceProcess.start("launcher", port -> List.of(BUILD_LAUNCHER.toString(),
        "--redis.addr=" + redis.uri(), "--web.listen-address=127.0.0.1:" + port, "--sampling.interval=1h"),
        env, "/-/healthy", dir.resolve("launcher-" + env.keySet() + ".log"));
  }

  @Test
  void theTarballHoldsTheLauncherTheJarAndTheExampleConfiguration() throws Exception {
    DeployFiles.Result untar = DeployFiles.run(List.of("tar", "-xzf", TARBALL.toString(), "-C", dir.toString()),
        Map.of(), dir);
    assertThat(untar.exitCode()).as(untar.stderr()).isZero();
    Path home = dir.resolve("redis-memory-exporter-" + DeployFiles.projectVersion());
    Path launcher = home.resolve("bin/redis-memory-exporter");
    assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.mismatch(home.resolve("lib/redis-memory-exporter.jar"), DeployFiles.JAR)).isEqualTo(-1);
    assertThat(Files.mismatch(launcher, DeployFiles.LAUNCHER_SOURCE)).isEqualTo(-1);
    assertThat(home.resolve("config/redis-memory-exporter.yml")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();

    List<String> check = new ArrayList<>(List.of(launcher.toString(),
        "--config.file=" + home.resolve("config/redis-memory-exporter.yml"), "--check-config"));
    DeployFiles.Result checked = DeployFiles.run(check, Map.of(), dir);
    assertThat(checked.exitCode()).as(checked.stderr()).isZero();
    assertThat(checked.stdout()).startsWith("configuration OK").contains(home.resolve("config").toString());
    DeployFiles.Result version = DeployFiles.run(List.of(launcher.toString(), "--version"), Map.of(), dir);
    assertThat(version.stdout()).startsWith("redis-memory-exporter " + DeployFiles.projectVersion());
  }
}
