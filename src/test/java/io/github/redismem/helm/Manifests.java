package io.github.redismem.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Multi-document YAML as Kubernetes reads it, and look-ups in the parsed objects. */
final class Manifests {
  private static final Pattern POM_VERSION = Pattern.compile(
      "<artifactId>redis-memory-exporter</artifactId>\\s*<version>([^<]+)</version>");

  private Manifests() {}

  /**
   * The objects of a multi-document YAML stream, empty documents skipped. A key given twice in one map fails, as in
   * {@code kubectl apply} (SnakeYAML would keep the last one, and a label rendered twice would go unnoticed).
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String yaml) {
    List<Map<String, Object>> objects = new ArrayList<>();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
      if (doc != null) {
        objects.add((Map<String, Object>) doc);
      }
    }
    return objects;
  }

  static List<Map<String, Object>> parse(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String kind(Map<String, Object> object) {
    return (String) object.get("kind");
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(kind(o))).toList();
  }

  static Map<String, Object> single(List<Map<String, Object>> objects, String kind) {
    List<Map<String, Object>> found = ofKind(objects, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The value at a path of map keys and list indexes, e.g. {@code at(o, "spec", "template", "spec")}. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step instanceof Integer index) {
        current = list.get(index);
      } else {
        throw new AssertionError("no " + step + " in " + current);
      }
    }
    return (T) current;
  }

  /** The project version in pom.xml. */
  static String projectVersion() {
    try {
      Matcher m = POM_VERSION.matcher(Files.readString(Path.of("pom.xml")));
      if (!m.find()) {
        throw new AssertionError("no project version in pom.xml");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String chartVersion() {
    return at(HelmChart.loadYaml(HelmChart.DIR.resolve("Chart.yaml")), "version");
  }
}
