package io.github.redismem.config;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The layout of {@code --help}: a flag, its help wrapped beneath it, every line within {@link #WIDTH} columns so
 * that it reads in an 80-to-100-column terminal and in a CI log alike.
 */
public final class HelpText {
  public static final int WIDTH = 100;
  private static final String INDENT = "      ";

  private HelpText() {}

  /**
   * The settings section: each flag in kebab case with its default and environment variable, its help below.
   *
   * @param defaults a command's own defaults by path, shown instead of the daemon's
   */
  public static String settings(Predicate<Setting<?>> shown, Map<String, String> defaults) {
    StringBuilder out = new StringBuilder(
        "Settings (YAML path = flag, in camel or kebab case; flags beat env, which beats the file):\n");
    for (Setting<?> s : Setting.ALL) {
      if (!shown.test(s)) {
        continue;
      }
      String value = defaults.getOrDefault(s.path(), s.defaultValue());
      String facts = "default " + (value.isEmpty() ? "(none)" : value) + (s.env().isEmpty() ? "" : ", env " + s.env());
      entry(out, String.format("--%-45s %s", s.kebabPath(), facts), s.help());
    }
    return out.toString();
  }

  /** One entry: {@code head} on its line, {@code help} wrapped and indented below it. */
  public static void entry(StringBuilder out, String head, String help) {
    out.append("  ").append(head.stripTrailing()).append('\n');
    wrap(out, INDENT, help);
  }

  /** Appends {@code text} in lines of at most {@link #WIDTH} columns, each starting with {@code indent}. */
  public static void wrap(StringBuilder out, String indent, String text) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }
}
