package io.github.redismem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/** Prometheus rule files read for the monitoring e2e test, and the copies of them that it loads into Prometheus. */
record RuleFiles(List<Path> files, List<Rule> rules) {

  /** One recording rule ({@code record}) or alerting rule ({@code alert}) as written; annotations as templates. */
  record Rule(Path file, String group, String name, boolean alert, String expr, String forDuration,
      Map<String, String> annotations) {
    @Override
    public String toString() {
      return (alert ? "alert " : "recording rule ") + name + " (" + file.getFileName() + ", group " + group + ")";
    }
  }

  static RuleFiles load(List<Path> files) {
    List<Rule> rules = new ArrayList<>();
    for (Path file : files) {
      for (Map<String, Object> group : groups(read(file), file)) {
        for (Object item : list(group.get("rules"), file + ": group " + group.get("name") + " rules")) {
          Map<String, Object> rule = map(item, file + ": a rule of group " + group.get("name"));
          boolean alert = rule.containsKey("alert");
          rules.add(new Rule(file, String.valueOf(group.get("name")),
              String.valueOf(alert ? rule.get("alert") : rule.get("record")), alert, String.valueOf(rule.get("expr")),
              rule.get("for") == null ? null : String.valueOf(rule.get("for")), annotations(rule)));
        }
      }
    }
    return new RuleFiles(List.copyOf(files), List.copyOf(rules));
  }

  List<Rule> alerts() {
    return rules.stream().filter(Rule::alert).toList();
  }

  /**
   * Writes a copy of each file into {@code dir} in which every alert's {@code for:} is {@code forDuration},
   * {@code keep_firing_for:} is {@code 0s}, and group {@code interval:}s are removed so that the global evaluation
   * interval applies. Expressions, range windows included, stay as written.
   *
   * @return the copies, in the order of {@link #files()}
   */
  List<Path> writeShortenedCopies(Path dir, String forDuration) {
    List<Path> copies = new ArrayList<>();
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(1 << 16);
    Yaml dumper = new Yaml(new Representer(options), options);
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      Map<String, Object> doc = read(file);
      for (Map<String, Object> group : groups(doc, file)) {
        group.remove("interval");
        for (Object item : list(group.get("rules"), file.toString())) {
          Map<String, Object> rule = map(item, file.toString());
          if (rule.containsKey("for")) {
            rule.put("for", forDuration);
          }
          if (rule.containsKey("keep_firing_for")) {
            rule.put("keep_firing_for", "0s");
          }
        }
      }
      // numbered, so that two files of the same name from different folders cannot collide
      Path copy = dir.resolve(i + "-" + file.getFileName());
      try {
        Files.writeString(copy, "# " + file + " with every for: shortened to " + forDuration + "\n" + dumper.dump(doc));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      copies.add(copy);
    }
    return copies;
  }

  private static Map<String, String> annotations(Map<String, Object> rule) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rule.get("annotations") instanceof Map<?, ?> annotations) {
      annotations.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  private static Map<String, Object> read(Path file) {
    try {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
      return map(doc, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Map<String, Object>> groups(Map<String, Object> doc, Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object group : list(doc.get("groups"), file + ": groups")) {
      out.add(map(group, file + ": a group"));
    }
    return out;
  }

  private static List<?> list(Object value, String where) {
    if (!(value instanceof List<?> l)) {
      throw new AssertionError(where + " is not a list: " + value);
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError(where + " is not a mapping: " + value);
    }
    // SafeConstructor builds mutable LinkedHashMaps, which writeShortenedCopies edits in place
    return (Map<String, Object>) value;
  }
}
