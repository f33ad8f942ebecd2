package io.github.redismem.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deployment tests share: the repository's files, the built jar, a process's /proc view, HTTP gets. */
final class DeployFiles {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path JAR = ROOT.resolve("target/redis-memory-exporter.jar");
  static final Path LAUNCHER_SOURCE = ROOT.resolve("src/main/dist/bin/redis-memory-exporter");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DeployFiles() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project version, from the POM's own {@code <version>} (the first after {@code <artifactId>}). */
  static String projectVersion() {
    Matcher m = Pattern.compile("<artifactId>redis-memory-exporter</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(read(ROOT.resolve("pom.xml")));
    if (!m.find()) {
      throw new IllegalStateException("no project version in pom.xml");
    }
    return m.group(1);
  }

  /** The launcher's {@code DEFAULT_JVM_OPTIONS}. */
  static String launcherJvmOptions() {
    Matcher m = Pattern.compile("(?m)^DEFAULT_JVM_OPTIONS=\"([^\"]*)\"$").matcher(read(LAUNCHER_SOURCE));
    if (!m.find()) {
      throw new IllegalStateException("no DEFAULT_JVM_OPTIONS line in " + LAUNCHER_SOURCE);
    }
    return m.group(1);
  }

  /** Runs a command to its end (at most 2 minutes) and returns its exit code and output (stdout then stderr). */
  static Result run(List<String> command, Map<String, String> env, Path dir) {
    try {
      Path out = Files.createTempFile("deploy-out", ".txt");
      Path err = Files.createTempFile("deploy-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in 2 minutes");
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The NUL-separated command line of a running process. */
  static List<String> commandLine(long pid) {
    try {
      String raw = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
      return List.of(raw.split("\0"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Regular files the process holds open for writing (O_WRONLY or O_RDWR in /proc/PID/fdinfo), which a read-only
   * root filesystem would have refused. Sockets, pipes, devices and anonymous files are not files on a disk, and
   * stdin, stdout and stderr are what the container runtime hands in (here the test's log file).
   */
  static List<String> filesOpenForWriting(long pid) {
    List<String> out = new ArrayList<>();
    Path fds = Path.of("/proc/" + pid + "/fd");
    try (var list = Files.list(fds)) {
      for (Path fd : list.toList()) {
        if (Integer.parseInt(fd.getFileName().toString()) <= 2) {
          continue;
        }
        String target;
        String info;
        try {
          target = Files.readSymbolicLink(fd).toString();
          info = Files.readString(Path.of("/proc/" + pid + "/fdinfo/" + fd.getFileName()));
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (!target.startsWith("/") || target.startsWith("/dev/") || target.startsWith("/proc/")) {
          continue;
        }
        Matcher flags = Pattern.compile("(?m)^flags:\\s*(\\d+)").matcher(info);
        if (flags.find() && (Integer.parseInt(flags.group(1), 8) & 3) != 0) {
          out.add(target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The body of a GET, or the status when it is not 200. */
  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls /metrics until {@code redismem_up 1} shows (the first scrape may race the first connection). */
  static String metricsOnceUp(String baseUrl) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(baseUrl + "/metrics");
      body = r.body();
      if (r.statusCode() == 200 && body.contains("\nredismem_up 1")) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("redismem_up never became 1; last scrape:\n" + body);
  }
}
