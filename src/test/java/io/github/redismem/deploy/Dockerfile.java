package io.github.redismem.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile read as Docker reads it, as far as the tests need: comments dropped, continuation
 * lines joined, instructions grouped into stages; {@code ENV}/{@code LABEL}/{@code ARG} values unquoted; exec-form
 * (JSON) {@code ENTRYPOINT}/{@code CMD} parsed. Shell-form entrypoints are reported as such, not interpreted.
 */
record Dockerfile(List<Stage> stages) {
  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9_.\\-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  /** One instruction, its keyword upper-cased and its arguments as written (continuations joined). */
  record Instruction(String keyword, String arguments) {}

  /** From one FROM to the next. */
  record Stage(String image, Optional<String> name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** ENV, LABEL or ARG pairs of this stage, later ones winning. */
    Map<String, String> pairs(String keyword) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Instruction i : all(keyword)) {
        Matcher m = KEY_VALUE.matcher(i.arguments());
        while (m.find()) {
          out.put(m.group(1), unquote(m.group(2)));
        }
      }
      return out;
    }

    /** The last exec-form (JSON array) ENTRYPOINT or CMD; empty when absent. */
    List<String> execForm(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.isEmpty()) {
        return List.of();
      }
      String json = found.get(found.size() - 1).arguments().strip();
      if (!json.startsWith("[")) {
        throw new IllegalStateException(keyword + " is in shell form: " + json);
      }
      List<String> out = new ArrayList<>();
      Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
      while (m.find()) {
        out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      return out;
    }
  }

  static Dockerfile read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      String whole = current.toString().strip();
      current.setLength(0);
      if (whole.isEmpty()) {
        continue;
      }
      int space = whole.indexOf(' ');
      instructions.add(new Instruction(whole.substring(0, space < 0 ? whole.length() : space).toUpperCase(),
          space < 0 ? "" : whole.substring(space + 1).strip()));
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> body = null;
    for (Instruction i : instructions) {
      if (i.keyword().equals("FROM")) {
        String[] words = i.arguments().split("\\s+");
        Optional<String> name = words.length >= 3 && words[1].equalsIgnoreCase("AS")
            ? Optional.of(words[2]) : Optional.empty();
        body = new ArrayList<>();
        stages.add(new Stage(words[0], name, body));
      } else if (body != null) {
        body.add(i);
      }
    }
    return new Dockerfile(List.copyOf(stages));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> s.name().equals(Optional.of(name))).findFirst()
        .orElseThrow(() -> new IllegalStateException("no stage named " + name));
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replace("\\\"", "\"");
    }
    return value;
  }
}
