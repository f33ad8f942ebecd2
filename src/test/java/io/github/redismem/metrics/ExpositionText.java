package io.github.redismem.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) as Prometheus's own parser reads it: {@code # HELP} and
 * {@code # TYPE} lines, samples {@code name{label="value",...} value}, label values escaped only as {@code \\},
 * {@code \"} and {@code \n}. Fast enough to run on every try of a property, where promtool (a process per check)
 * would not be; the ITs with real servers run promtool itself.
 */
final class ExpositionText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern VALUE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");
  private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped|info)");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private ExpositionText() {}

  /** The samples of an exposition; throws IllegalArgumentException naming the line that does not parse. */
  static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (line.startsWith("# TYPE ") && !TYPE.matcher(line).matches()
            || line.startsWith("# HELP ") && !NAME.matcher(line.split(" ", 4)[2]).matches()) {
          throw bad(lineNo, line, "a # TYPE or # HELP line");
        }
        continue;
      }
      try {
        out.add(sample(line, lineNo));
      } catch (IndexOutOfBoundsException e) {
        throw bad(lineNo, line, "a complete sample line");
      }
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw bad(lineNo, "", "a last line ending with a newline");
    }
    return out;
  }

  private static Sample sample(String line, int lineNo) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (!NAME.matcher(name).matches()) {
      throw bad(lineNo, line, "a metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || !LABEL_NAME.matcher(line.substring(i, eq)).matches() || line.charAt(eq + 1) != '"') {
          throw bad(lineNo, line, "a label name and an opening quote");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw bad(lineNo, line, "an escape \\\\, \\\" or \\n");
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(line.substring(i, eq), value.toString()) != null) {
          throw bad(lineNo, line, "each label once");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw bad(lineNo, line, "a space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    Matcher v = VALUE.matcher(rest[0]);
    if (!v.matches() || rest.length > 2) {
      throw bad(lineNo, line, "a value (and at most a timestamp)");
    }
    double value = switch (rest[0]) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(rest[0]);
    };
    return new Sample(name, labels, value);
  }

  private static IllegalArgumentException bad(int lineNo, String line, String expected) {
    String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
    return new IllegalArgumentException("line " + lineNo + ": expected " + expected + ": " + shown);
  }
}
