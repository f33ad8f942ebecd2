package io.github.redismem.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart in {@code helm/redis-memory-exporter}, linted, rendered and packaged by Helm's own Go code through
 * helm-java (no helm CLI needed), as release {@value #RELEASE} in namespace {@value #NAMESPACE}.
 */
final class HelmChart {
  static final Path DIR = Path.of("helm/redis-memory-exporter");
  static final Path EXAMPLES = Path.of("helm/examples");
  static final Path TEST_VALUES = Path.of("src/test/resources/helm");
  static final String RELEASE = "rme";
  static final String NAMESPACE = "redis";
  private static final Path WORK = Path.of("target/helm");

  private HelmChart() {}

  /** {@code helm template} of the chart directory with these values files, later ones winning. */
  static String template(Path... valuesFiles) {
    return templateOf(DIR, valuesFiles);
  }

  /** {@code helm template} of a chart directory or packaged chart. */
  static String templateOf(Path chart, Path... valuesFiles) {
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    return command.call();
  }

  /** The rendered objects of {@link #template(Path...)}, as parsed YAML maps. */
  static List<Map<String, Object>> render(Path... valuesFiles) {
    return Manifests.parse(template(valuesFiles));
  }

  /** NOTES.txt as {@code helm install --dry-run} prints it (client only: no cluster is asked). */
  static String notes(Path... valuesFiles) {
    com.marcnuri.helm.InstallCommand command = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE)
        .dryRun().clientOnly();
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    return command.call().getOutput();
  }

  /** A values file written under {@code target/helm/} from a map, for values a test computes. */
  static Path valuesFile(String name, Map<String, Object> values) {
    Path file = work().resolve(name + ".yaml");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    write(file, new Yaml(options).dump(values));
    return file;
  }

  /** {@code helm lint --strict} of the chart directory itself, with its own values.yaml. */
  static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /**
   * {@code helm lint --strict} with a values file. helm-java 0.0.15's lint takes no values file, so this lints a copy of
   * the chart (symlinks followed) whose values.yaml is the chart's merged with the file the way Helm merges values:
   * maps key by key, anything else replaced, null deleting the key.
   */
  @SuppressWarnings("unchecked")
  static LintResult lint(Path valuesFile) {
    Path copy = work().resolve("lint-" + valuesFile.getFileName().toString().replace(".yaml", ""))
        .resolve(DIR.getFileName());
    copyChart(copy);
    Map<String, Object> merged = merge((Map<String, Object>) loadYaml(DIR.resolve("values.yaml")),
        (Map<String, Object>) loadYaml(valuesFile));
    write(copy.resolve("values.yaml"), new Yaml().dump(merged));
    return new Helm(copy).lint().strict().call();
  }

  /** {@code helm package} into {@code dir}; returns the archive. */
  static Path packageInto(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Helm(DIR).packageIt().withDestination(dir).call();
    return dir.resolve("redis-memory-exporter-" + Manifests.chartVersion() + ".tgz");
  }

  static Object loadYaml(Path file) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    if (override == null) {
      return merged;
    }
    override.forEach((key, value) -> {
      if (value == null) {
        merged.remove(key);
      } else if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> old) {
        merged.put(key, merge((Map<String, Object>) old, (Map<String, Object>) map));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private static void copyChart(Path to) {
    try (Stream<Path> files = Files.walk(DIR, FileVisitOption.FOLLOW_LINKS)) {
      for (Path from : new ArrayList<>(files.toList())) {
        Path target = to.resolve(DIR.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(target);
        } else {
          Files.copy(from, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path work() {
    try {
      return Files.createDirectories(WORK.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
