package io.github.redismem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a PromQL expression refers to, read from its tokens without evaluating it: the metrics it selects with the
 * label names of their matchers, the labels of its {@code by}/{@code without}/{@code on}/{@code ignoring}/
 * {@code group_*} lists, and the labels it creates itself ({@code label_replace}, {@code label_join},
 * {@code count_values}). Enough to tell that a dashboard or rule names a metric or label the exporter does not serve;
 * Prometheus itself checks the syntax.
 */
record PromQlText(List<Selector> selectors, Set<String> groupingLabels, Set<String> createdLabels) {

  /** A metric named in the expression ({@code null} for a selector with matchers only) and its matchers' labels. */
  record Selector(String metric, Set<String> labels) {
  }

  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");

  private enum Kind { IDENT, STRING, NUMBER, PUNCT }

  private record Token(Kind kind, String text) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }
  }

  static PromQlText of(String expr) {
    List<Token> tokens = tokens(expr);
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    Set<String> created = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
      if (t.kind == Kind.IDENT && call) {
        String function = t.text.toLowerCase(Locale.ROOT);
        if (GROUPING.contains(function)) {
          for (i += 2; i < tokens.size() && !tokens.get(i).is(")"); i++) {
            if (tokens.get(i).kind == Kind.IDENT) {
              grouping.add(tokens.get(i).text);
            }
          }
        } else if (function.equals("label_replace") || function.equals("label_join")) {
          argument(tokens, i + 1, 1).ifPresent(created::add);
        } else if (function.equals("count_values")) {
          argument(tokens, i + 1, 0).ifPresent(created::add);
        }
      } else if (t.kind == Kind.IDENT && !KEYWORDS.contains(t.text.toLowerCase(Locale.ROOT))) {
        Set<String> labels = new LinkedHashSet<>();
        if (i + 1 < tokens.size() && tokens.get(i + 1).is("{")) {
          i = matchers(tokens, i + 1, labels);
        }
        selectors.add(new Selector(t.text, labels));
      } else if (t.is("{")) {
        Set<String> labels = new LinkedHashSet<>();
        i = matchers(tokens, i, labels);
        selectors.add(new Selector(null, labels));
      }
    }
    return new PromQlText(List.copyOf(selectors), Set.copyOf(grouping), Set.copyOf(created));
  }

  /** The metric names selected, recording-rule names included. */
  Set<String> metrics() {
    Set<String> out = new LinkedHashSet<>();
    selectors.stream().filter(s -> s.metric() != null).forEach(s -> out.add(s.metric()));
    return out;
  }

  /** Reads {@code {name op "value", ...}} from the {@code {} at {@code open}; returns the index of its {@code }}. */
  private static int matchers(List<Token> tokens, int open, Set<String> labels) {
    int i = open + 1;
    for (; i < tokens.size() && !tokens.get(i).is("}"); i++) {
      if (tokens.get(i).kind == Kind.IDENT) {
        labels.add(tokens.get(i).text);
      }
    }
    return i;
  }

  /** The string literal that is argument {@code index} of the call whose {@code (} is at {@code open}, if it is one. */
  private static Optional<String> argument(List<Token> tokens, int open, int index) {
    int depth = 0;
    int argument = 0;
    for (int i = open; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("(") || t.is("{") || t.is("[")) {
        depth++;
      } else if (t.is(")") || t.is("}") || t.is("]")) {
        if (--depth == 0) {
          break;
        }
      } else if (depth == 1 && t.is(",")) {
        argument++;
      } else if (depth == 1 && argument == index && t.kind == Kind.STRING) {
        return Optional.of(t.text);
      }
    }
    return Optional.empty();
  }

  private static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        for (; j < s.length() && s.charAt(j) != c; j++) {
          if (s.charAt(j) == '\\' && c != '`' && j + 1 < s.length()) {
            j++;
          }
          value.append(s.charAt(j));
        }
        out.add(new Token(Kind.STRING, value.toString()));
        i = j + 1;
      } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) {
          j++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == ':')) {
          j++;
        }
        out.add(new Token(Kind.IDENT, s.substring(i, j)));
        i = j;
      } else {
        int length = i + 1 < s.length() && "=!".indexOf(c) >= 0 && "=~".indexOf(s.charAt(i + 1)) >= 0 ? 2 : 1;
        out.add(new Token(Kind.PUNCT, s.substring(i, i + length)));
        i += length;
      }
    }
    return out;
  }
}
