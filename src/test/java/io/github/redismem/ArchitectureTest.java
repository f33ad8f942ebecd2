package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps dependencies pointing one way: config -> redis -> analysis -> report -> metrics -> http; only the entry
 * point wires them all.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/github/redismem");
  private static final List<String> LAYERS = List.of("config", "redis", "analysis", "report", "metrics", "http");
  /** Third-party packages and the only layer allowed to use them. */
  private static final Map<String, String> LIBRARIES = Map.of(
      "io.lettuce", "redis", "io.netty", "redis", "io.undertow", "http", "org.yaml", "config");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([a-z][\\w.]*)\\.", Pattern.MULTILINE);

  @Test
  void importsFollowTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String layer = MAIN.relativize(file).getNameCount() > 1 ? MAIN.relativize(file).getName(0).toString() : "";
        if (layer.isEmpty()) {
          continue; // the entry point wires everything
        }
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(1);
          if (imported.startsWith("io.github.redismem.")) {
            String target = imported.substring("io.github.redismem.".length()).split("\\.")[0];
            if (LAYERS.indexOf(target) > LAYERS.indexOf(layer)) {
              violations.add(file + " imports " + imported);
            }
          }
          LIBRARIES.forEach((library, owner) -> {
            if (imported.startsWith(library) && !owner.equals(layer)) {
              violations.add(file + " uses " + library + ", which belongs to " + owner);
            }
          });
          if (imported.startsWith("io.prometheus") && LAYERS.indexOf(layer) < LAYERS.indexOf("metrics")) {
            violations.add(file + " uses client_java below the metrics layer");
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageSaysWhatItIsFor() throws IOException {
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      assertThat(dirs.filter(Files::isDirectory).filter(d -> !Files.exists(d.resolve("package-info.java"))).toList())
          .isEmpty();
    }
  }
}
