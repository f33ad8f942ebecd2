package io.github.redismem.testing;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * An HTTP server other than Redis run as a child process on a free loopback port, such as Prometheus or
 * Alertmanager: its output goes to a log file, it is killed when the JVM exits if a failing test could not close it,
 * and {@link #start} returns once its readiness URL answers 200.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 5;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path logFile;

  private ServiceProcess(String name, Process process, int port, Path logFile) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.logFile = logFile;
  }

  /**
   * An executable on this machine: {@code $envVar} if set, else the first of {@code names} on the {@code PATH}. With
   * {@code CI=true} a missing one fails the test (CI installs it); elsewhere the test is skipped, saying so.
   *
   * @param debianPackage what {@code .ci/run} installs for it, for the message
   */
  public static Path executable(String envVar, String debianPackage, String... names) {
    return installedExecutable(envVar, "apt-get install " + debianPackage, names);
  }

  /**
   * As {@link #executable}, for a tool that is not a Debian package.
   *
   * @param install how {@code .ci/run} installs it, e.g. {@code npm install dockerfilelint}, for the message
   */
  public static Path installedExecutable(String envVar, String install, String... names) {
    String configured = System.getenv(envVar);
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new AssertionError(envVar + "=" + configured + " is not an executable file");
      }
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String candidate : names) {
        Path path = Path.of(dir, candidate);
        if (!dir.isEmpty() && Files.isRegularFile(path) && Files.isExecutable(path)) {
          return path;
        }
      }
    }
    String missing = String.join(" or ", names) + " is not on the PATH (nor set in " + envVar + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(missing + "; .ci/run installs it (" + install + ")");
    }
    Assumptions.abort(missing + " (" + install + "); CI runs this test");
    return null;
  }

  /**
   * Starts the command built for a free port and waits until {@code http://127.0.0.1:<port><readyPath>} answers 200.
   * When the port was taken meanwhile (the log says "address already in use"), tries another.
   *
   * @param name for messages, e.g. {@code prometheus}
   * @param command the command line for a port
   * @param logFile where stdout and stderr go (appended to across attempts)
   * @throws IllegalStateException if it exits or is not ready in 30 s; the message holds its log's tail
   */
  public static ServiceProcess start(String name, IntFunction<List<String>> command, String readyPath, Path logFile) {
    return start(name, command, java.util.Map.of(), readyPath, logFile);
  }

  /** As {@link #start(String, IntFunction, String, Path)}, with these variables added to its environment. */
  public static ServiceProcess start(String name, IntFunction<List<String>> command, java.util.Map<String, String> env,
      String readyPath, Path logFile) {
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.pickFree();
      long logStart = size(logFile);
      Process process;
      try {
        ProcessBuilder builder = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
      ProcessReaper.register(process);
      ServiceProcess started = new ServiceProcess(name, process, port, logFile);
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (true) {
        if (!process.isAlive()) {
          ProcessReaper.unregister(process);
          if (started.logSince(logStart).toLowerCase(Locale.ROOT).contains("address already in use")) {
            break;
          }
          throw new IllegalStateException(name + " exited during start-up with " + process.exitValue()
              + started.logTail());
        }
        if (started.answers(readyPath)) {
          return started;
        }
        if (System.nanoTime() > deadline) {
          started.close();
          throw new IllegalStateException(name + " did not answer " + readyPath + " with 200 on port " + port
              + " within " + READY_TIMEOUT.toSeconds() + " s" + started.logTail());
        }
        sleep(50);
      }
    }
    throw new IllegalStateException(name + " found no free port in " + START_ATTEMPTS + " attempts");
  }

  /** The operating system's process id, to read {@code /proc/<pid>}. */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + HOST + ":" + port;
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for a failure message. */
  public String logTail() {
    List<String> lines = logSince(0).lines().toList();
    return "; last lines of " + name + "'s log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
        lines.size()));
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    ProcessReaper.unregister(process);
  }

  @Override
  public String toString() {
    return name + " on " + url();
  }

  private boolean answers(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  private String logSince(long offset) {
    return logSince(logFile, offset);
  }

  /** What a process wrote to its log file after {@code offset} bytes; empty when the file cannot be read. */
  static String logSince(Path logFile, long offset) {
    try {
      byte[] bytes = Files.readAllBytes(logFile);
      int from = (int) Math.min(offset, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
