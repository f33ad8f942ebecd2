package io.github.redismem.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A rendered exporter container run as a local process: the image's entrypoint becomes
 * {@code java -jar target/redis-memory-exporter.jar}, followed by the container's args, with exactly the container's
 * environment (JAVA_TOOL_OPTIONS included). Each volume mount becomes a directory under a work dir, filled the way the
 * kubelet fills it (Secret and ConfigMap keys as files, emptyDir empty), and every arg or env value that names a
 * mount path is pointed at that directory. {@code replacements} then stand for what differs outside the pod: the
 * Redis address and the listening port. Probes run as the kubelet runs them ({@link #passes}).
 */
final class LocalContainer implements AutoCloseable {
  private static final Path JAR = Path.of("target/redis-memory-exporter.jar");

  private final Container container;
  private final Process process;
  private final Path log;
  private final Map<Integer, Integer> ports;

  private LocalContainer(Container container, Process process, Path log, Map<Integer, Integer> ports) {
    this.container = container;
    this.process = process;
    this.log = log;
    this.ports = ports;
  }

  /**
   * Starts the container's process.
   *
   * @param volumes the pod's volumes (those the container mounts must be there)
   * @param objects what Secret and ConfigMap volumes read: name -> key -> content
   * @param replacements literal text to replace in args and env values, e.g. {@code localhost:6379 -> 127.0.0.1:PORT}
   * @param ports container port -> local port; {@code :PORT} in args and env values is replaced too
   */
  static LocalContainer start(Container container, List<Volume> volumes, Map<String, Map<String, String>> objects,
      Map<String, String> replacements, Map<Integer, Integer> ports, Path workDir) throws IOException {
    Map<String, String> paths = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("no volume " + mount.getName() + " for " + container.getName()));
      Path dir = Files.createDirectories(workDir.resolve("volumes").resolve(volume.getName()));
      fill(volume, dir, objects);
      Path mounted = mount.getSubPath() == null ? dir : Files.createDirectories(dir.resolve(mount.getSubPath()));
      paths.put(mount.getMountPath().replaceAll("/+$", ""), mounted.toAbsolutePath().toString());
    }
    Map<String, String> all = new LinkedHashMap<>(replacements);
    ports.forEach((inPod, local) -> all.put(":" + inPod, ":" + local));
    // longest mount path first, so /secrets/x is not taken for /secrets
    paths.entrySet().stream().sorted(Comparator.comparing(e -> -e.getKey().length()))
        .forEach(e -> all.put(e.getKey(), e.getValue()));

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
      command.add(replace(arg, all));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("JAVA_") || k.startsWith("JDK_")
        || k.equals("MALLOC_ARENA_MAX"));
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        // the downward API: a stand-in that names the field, as no pod exists here
        env.put(var.getName(), "fieldRef-" + var.getValueFrom().getFieldRef().getFieldPath());
        continue;
      }
      if (var.getValueFrom() != null) {
        throw new AssertionError("env " + var.getName() + ": valueFrom other than fieldRef is not resolved here");
      }
      env.put(var.getName(), replace(var.getValue() == null ? "" : var.getValue(), all));
    }
    Path log = workDir.resolve(container.getName() + ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new LocalContainer(container, process, log, ports);
  }

  private static void fill(Volume volume, Path dir, Map<String, Map<String, String>> objects) throws IOException {
    if (volume.getEmptyDir() != null) {
      return;
    }
    String name;
    List<KeyToPath> items;
    if (volume.getSecret() != null) {
      name = volume.getSecret().getSecretName();
      items = volume.getSecret().getItems();
    } else if (volume.getConfigMap() != null) {
      name = volume.getConfigMap().getName();
      items = volume.getConfigMap().getItems();
    } else {
      throw new AssertionError("volume " + volume.getName() + ": only secret, configMap and emptyDir are run here");
    }
    Map<String, String> data = objects.get(name);
    if (data == null) {
      throw new AssertionError("volume " + volume.getName() + " reads " + name + ", which the test did not provide");
    }
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> entry : data.entrySet()) {
        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
      }
    } else {
      for (KeyToPath item : items) {
        String value = data.get(item.getKey());
        if (value == null) {
          throw new AssertionError(name + " has no key " + item.getKey());
        }
        Files.writeString(dir.resolve(item.getPath()), value);
      }
    }
  }

  /**
   * Replaces every key in one pass, longest first, a key matching only where no name character follows it (so
   * {@code /tmp} is not found in {@code /tmpfiles}), and never inside text that a replacement put there.
   */
  private static String replace(String text, Map<String, String> replacements) {
    String alternatives = replacements.keySet().stream().sorted(Comparator.comparing(k -> -k.length()))
        .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
    if (alternatives.isEmpty()) {
      return text;
    }
    return java.util.regex.Pattern.compile("(?:" + alternatives + ")(?![\\w.-])").matcher(text)
        .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(replacements.get(m.group())));
  }

  /** The local port of the container's port, named or numbered as a probe gives it. */
  int port(io.fabric8.kubernetes.api.model.IntOrString port) {
    int number;
    if (port.getStrVal() != null) {
      number = container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
          .map(ContainerPort::getContainerPort).findFirst()
          .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    } else {
      number = port.getIntVal();
    }
    return ports.getOrDefault(number, number);
  }

  /**
   * Whether the probe passes, as the kubelet runs it: tcpSocket connects; httpGet sends the probe's headers with its
   * scheme, over HTTPS without verifying the certificate (as the kubelet does), and passes on 200-399.
   */
  boolean passes(Probe probe) {
    if (probe.getTcpSocket() != null) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(probe.getTcpSocket().getPort())),
            2000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    HTTPGetAction get = probe.getHttpGet();
    if (get == null) {
      throw new AssertionError("only httpGet and tcpSocket probes are run here: " + probe);
    }
    boolean https = "HTTPS".equalsIgnoreCase(get.getScheme());
    Map<String, String> headers = new LinkedHashMap<>();
    for (HTTPHeader header : get.getHttpHeaders() == null ? List.<HTTPHeader>of() : get.getHttpHeaders()) {
      headers.put(header.getName(), header.getValue());
    }
    int status = HttpClients.get(https ? HttpClients.KUBELET_HTTPS : HttpClients.PLAIN, (https ? "https" : "http") + "://127.0.0.1:" + port(get.getPort())
        + get.getPath(), headers).status();
    return status >= 200 && status < 400;
  }

  /** A plain-HTTP GET of a path on a local port. */
  HttpClients.Answer get(int port, String path) {
    return HttpClients.get(HttpClients.PLAIN, "http://127.0.0.1:" + port + path, Map.of());
  }

  /** Waits until the probe passes; fails with the process's output if it exits or 30 s pass. */
  void awaitPassing(Probe probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!passes(probe)) {
      if (!process.isAlive()) {
        throw new AssertionError(container.getName() + " exited with " + process.exitValue() + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(container.getName() + ": probe " + probe + " not passing within 30 s:\n" + log());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Waits for the process to exit by itself; its exit code. */
  int awaitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(container.getName() + " still running after 30 s:\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
