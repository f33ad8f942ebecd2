package io.github.redismem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No container engine runs here, so the image is proved in its parts: the build stage's instructions are carried
 * out on the build context the .dockerignore leaves (its COPYs into a scratch root, its RUN with its ARGs), and
 * the runtime stage's ENTRYPOINT, CMD and ENV start the real exporter as its numeric USER, against a real Redis.
 */
class ContainerImageIT {
  private final Dockerfile dockerfile = Dockerfile.read(DeployFiles.ROOT.resolve("Dockerfile"));

  @TempDir
  Path dir;

  @Test
  void theBuildStageBuildsTheJarTheImageCopies() throws IOException {
    Dockerfile.Stage build = dockerfile.stage("build");
    Path root = dir.resolve("rootfs");
    String workdir = build.all("WORKDIR").get(0).arguments();
    BuildContext context = BuildContext.of(DeployFiles.ROOT);
    Map<String, String> args = new LinkedHashMap<>(build.pairs("ARG"));
    args.put("REVISION", "0123456789ab"); // docker build --build-arg REVISION=...
    for (Dockerfile.Instruction i : build.instructions()) {
      switch (i.keyword()) {
        case "WORKDIR", "ARG" -> { }
        case "COPY" -> {
          List<String> words = List.of(i.arguments().split("\\s+"));
          context.copy(DeployFiles.ROOT, words.subList(0, words.size() - 1), words.get(words.size() - 1), root,
              workdir);
        }
        case "RUN" -> {
          // BuildKit's --mount flags only choose caches; the command is what follows them
          String command = i.arguments().replaceAll("--mount=\\S+\\s+", "");
          Path cwd = root.resolve(workdir.substring(1));
          DeployFiles.Result r = DeployFiles.run(List.of("sh", "-c", command), args, cwd);
          assertThat(r.exitCode()).as("RUN %s%n%s%s", command, r.stdout(), r.stderr()).isZero();
        }
        default -> throw new AssertionError("the test does not carry out " + i.keyword() + " yet");
      }
    }
    String from = dockerfile.last().all("COPY").get(0).arguments().split("\\s+")[1];
    Path built = root.resolve(from.substring(1));
    assertThat(built).isRegularFile();
    try (JarFile image = new JarFile(built.toFile()); JarFile packaged = new JarFile(DeployFiles.JAR.toFile())) {
      assertThat(image.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.github.redismem.cli.Main");
      assertThat(new String(image.getInputStream(image.getEntry("redismem-revision.properties")).readAllBytes()))
          .isEqualTo("revision=0123456789ab\n");
      assertThat(classes(image)).isEqualTo(classes(packaged));
    }
  }

  /** Class name to bytes: the same sources and compiler give the same classes, whatever the timestamps. */
  private static Map<String, Integer> classes(JarFile jar) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (JarEntry e : java.util.Collections.list(jar.entries())) {
      if (e.getName().endsWith(".class")) {
        out.put(e.getName(), java.util.Arrays.hashCode(jar.getInputStream(e).readAllBytes()));
      }
    }
    return out;
  }

  @Test
  void theImagesCommandAndSettingsStartTheExporterAsItsUser() throws Exception {
    Dockerfile.Stage runtime = dockerfile.last();
    Map<String, String> env = runtime.pairs("ENV");
    String jarInImage = dockerfile.last().all("COPY").get(0).arguments().split("\\s+")[2];
    List<String> entrypoint = new ArrayList<>(runtime.execForm("ENTRYPOINT"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    entrypoint.set(0, DeployFiles.java());
    entrypoint.replaceAll(arg -> arg.equals(jarInImage) ? DeployFiles.JAR.toString() : arg);
    List<String> asUser = asImageUser(runtime.all("USER").get(0).arguments());

    List<String> check = new ArrayList<>(asUser);
    check.addAll(entrypoint);
    check.addAll(runtime.execForm("CMD"));
    check.add("--check-config");
    DeployFiles.Result checked = DeployFiles.run(check, env, dir);
    assertThat(checked.exitCode()).as(checked.stderr()).isZero();
    assertThat(checked.stdout()).contains("web.listenAddress  0.0.0.0:19121");
    assertThat(checked.stderr()).contains("Picked up JAVA_TOOL_OPTIONS: " + env.get("JAVA_TOOL_OPTIONS"));

    RedisBinary binary = RedisBinaries.all().get(0);
    try (RedisServer redis = binary.start();
        ServiceProcess exporter = ServiceProcess.start("exporter", port -> {
          // docker run IMAGE --flags... replaces CMD and keeps ENTRYPOINT
          List<String> command = new ArrayList<>(asUser);
          command.addAll(entrypoint);
          command.addAll(List.of("--redis.addr=" + redis.uri(), "--web.listen-address=127.0.0.1:" + port));
          return command;
        }, env, "/-/healthy", dir.resolve("exporter.log"))) {
      assertThat(DeployFiles.metricsOnceUp(exporter.url())).contains("redismem_build_info");
      long pid = exporter.pid(); // setpriv execs the JVM: the started process is the JVM itself
      assertThat(DeployFiles.commandLine(pid)).contains("-jar", DeployFiles.JAR.toString());
      if (!asUser.isEmpty()) {
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("(?m)^Uid:\\s+10001\\s");
      }
      // a read-only root filesystem refuses any write: the exporter writes no file (no hsperfdata either)
      assertThat(DeployFiles.filesOpenForWriting(pid)).isEmpty();
      assertThat(Path.of("/tmp/hsperfdata_" + (asUser.isEmpty() ? System.getProperty("user.name") : "10001"),
          Long.toString(pid))).doesNotExist();
    }
  }

  /** setpriv as the image's USER when the tests run as root (as CI does); as the non-root current user otherwise. */
  private static List<String> asImageUser(String user) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    String[] ids = user.split(":");
    return List.of("setpriv", "--reuid=" + ids[0], "--regid=" + (ids.length > 1 ? ids[1] : ids[0]),
        "--clear-groups", "--");
  }
}
