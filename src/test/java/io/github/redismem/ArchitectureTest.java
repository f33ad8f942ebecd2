package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps dependencies pointing one way: config -> redis -> analysis -> report | metrics (siblings) -> http, with
 * {@code cli} on top wiring them all (see /work/shared/style.md and the README's layer picture).
 *
 * <p>Every file of every package under src/main/java/io/github/redismem is read, the root package included. A
 * reference is any occurrence of {@code io.github.redismem.<package>.} in the code: imports, static imports and fully
 * qualified names written inline alike. Comments (Javadoc {@code @link}s included) and string, char and text-block
 * literals are blanked out first, so a logger name or a link in prose is not a dependency. References to classes of
 * the same package need no qualified name and are not seen, which is fine: a package may use itself.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/github/redismem");
  /** What each package may use of ours. The root package holds only its package-info: the commands are in cli. */
  static final Map<String, Set<String>> ALLOWED = allowed();
  /** Third-party packages and the packages of ours that may touch them. */
  static final Map<String, Set<String>> LIBRARIES = Map.of(
      "io.lettuce", Set.of("redis"),
      "io.netty", Set.of("redis"),
      "reactor", Set.of("redis"),
      "io.undertow", Set.of("http"),
      "org.xnio", Set.of("http"),
      "at.favre", Set.of("http"),
      "org.yaml", Set.of("config"),
      "com.moilioncircle", Set.of("rdb"),
      "org.slf4j", Set.of(),
      "io.prometheus", Set.of("metrics", "http", "cli"));

  private static final Pattern OURS = Pattern.compile("\\bio\\.github\\.redismem\\.([A-Za-z_]\\w*)(?:\\.([A-Z]\\w*))?");
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern LIBRARY;

  static {
    StringBuilder alternatives = new StringBuilder();
    for (String library : LIBRARIES.keySet()) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(library));
    }
    LIBRARY = Pattern.compile("(?<![\\w.])(" + alternatives + ")\\.[A-Za-z_]");
  }

  private static Map<String, Set<String>> allowed() {
    Set<String> all = Set.of("config", "redis", "rdb", "analysis", "report", "metrics", "http", "cli");
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("config", Set.of());
    m.put("redis", Set.of("config"));
    m.put("rdb", Set.of("config", "redis")); // snapshots read into the redis layer's KeyFacts, below analysis
    m.put("analysis", Set.of("config", "redis"));
    m.put("report", Set.of("config", "redis", "analysis")); // not metrics: siblings
    m.put("metrics", Set.of("config", "redis", "analysis")); // not report: siblings
    m.put("http", Set.of("config", "report", "metrics")); // serves results; knows nothing of how they are made
    m.put("cli", all);
    m.put("", Set.of()); // the root package: its package-info only (checked below)
    return m;
  }

  @Test
  void everyFileFollowsTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(MAIN)) {
      for (Path file : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        violations.addAll(violations(file.toString(), Files.readString(file)));
        files++;
      }
    }
    assertThat(files).as("source files read").isGreaterThan(50);
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageSaysWhatItIsFor() throws IOException {
    assertThat(packagesWithoutInfo(MAIN)).isEmpty();
  }

  // ---- the checker's own tests: each rule can fail ----

  @Test
  void inlineQualifiedNameIsSeen() {
    String src = """
        package io.github.redismem.report;

        class Page {
          io.github.redismem.metrics.MetricCatalogue catalogue;
        }
        """;
    assertThat(violations("Page.java", src)).singleElement().asString()
        .contains("Page.java:4").contains("report uses metrics");
  }

  @Test
  void importsAndStaticImportsAreSeen() {
    String src = """
        package io.github.redismem.metrics;

        import io.github.redismem.report.Report;
        import static io.github.redismem.http.Routes.ROOT;
        import io.github.redismem.analysis.*;
        """;
    assertThat(violations("C.java", src)).hasSize(2)
        .anyMatch(v -> v.contains("metrics uses report")).anyMatch(v -> v.contains("metrics uses http"));
  }

  @Test
  void commentsAndLiteralsAreNotReferences() {
    String src = """
        package io.github.redismem.config;

        /** Read by {@link io.github.redismem.redis.Connections}. */
        class Settings {
          // io.github.redismem.http.Server reads it too
          /* io.github.redismem.analysis.KeySampler */
          String logger = "io.github.redismem.metrics.x and io.lettuce.core";
          char c = '"';
          String block = \"""
              io.github.redismem.report.Report \\\""" still inside
              \""";
          String after = "\\"io.undertow.x";
        }
        """;
    assertThat(violations("Settings.java", src)).isEmpty();
  }

  @Test
  void codeAfterALiteralIsStillRead() {
    String src = """
        package io.github.redismem.redis;

        class R {
          String s = "a\\"b"; io.github.redismem.analysis.PassResult r; char q = '\\''; io.undertow.Undertow u;
        }
        """;
    assertThat(violations("R.java", src)).hasSize(2)
        .anyMatch(v -> v.contains("redis uses analysis")).anyMatch(v -> v.contains("io.undertow"));
  }

  @Test
  void httpMustNotUseAnalysis() {
    String bucket = "package io.github.redismem.http;\nclass A { io.github.redismem.analysis.TtlBucket b; }\n";
    String other = "package io.github.redismem.http;\nimport io.github.redismem.analysis.PassResult;\n";
    assertThat(violations("A.java", bucket)).singleElement().asString().contains("http uses analysis");
    assertThat(violations("B.java", other)).singleElement().asString().contains("http uses analysis");
  }

  @Test
  void librariesBelongToTheirLayer() {
    String src = """
        package io.github.redismem.analysis;

        import io.lettuce.core.RedisClient;
        import org.yaml.snakeyaml.Yaml;
        import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
        """;
    assertThat(violations("S.java", src)).hasSize(3);
    assertThat(violations("M.java", "package io.github.redismem.metrics;\nimport io.prometheus.metrics.Foo;\n"))
        .isEmpty();
  }

  @Test
  void cliMayUseEverythingAndTheRootPackageHoldsNoClass() {
    String uses = "import io.github.redismem.http.ExporterServer;\nimport io.github.redismem.config.Settings;\n";
    assertThat(violations("Main.java", "package io.github.redismem.cli;\n" + uses)).isEmpty();
    assertThat(violations("Main.java", "package io.github.redismem;\nclass Main {}\n")).singleElement().asString()
        .contains("the root package holds only package-info.java");
    assertThat(violations("package-info.java", "package io.github.redismem;\n")).isEmpty();
  }

  @Test
  void theRootPackageAndUnknownPackagesAreLayersToo() {
    assertThat(violations("A.java", "package io.github.redismem.redis;\nclass A { io.github.redismem.Main m; }\n"))
        .singleElement().asString().contains("redis uses (root)");
    assertThat(violations("B.java", "package io.github.redismem.newthing;\nclass B {}\n"))
        .singleElement().asString().contains("newthing is not in the layer table");
    assertThat(violations("C.java", "package io.github.redismem.http;\nimport io.github.redismem.newthing.X;\n"))
        .singleElement().asString().contains("http uses newthing");
  }

  @Test
  void aPackageWithoutInfoIsReported(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("ok"));
    Files.writeString(dir.resolve("package-info.java"), "package x;");
    Files.writeString(dir.resolve("ok/package-info.java"), "package x.ok;");
    Files.writeString(dir.resolve("ok/A.java"), "package x.ok;");
    Files.createDirectories(dir.resolve("bare"));
    Files.writeString(dir.resolve("bare/B.java"), "package x.bare;");
    assertThat(packagesWithoutInfo(dir)).containsExactly(dir.resolve("bare"));
  }

  // ---- the checker ----

  /** The rule violations of one source file, each naming the file and line. */
  static List<String> violations(String file, String source) {
    String code = codeOnly(source);
    List<String> out = new ArrayList<>();
    Matcher declared = PACKAGE.matcher(code);
    String pkg = declared.find() ? ourPackage(declared.group(1)) : null;
    if (pkg == null) {
      out.add(file + ": not in a package of io.github.redismem");
      return out;
    }
    Set<String> allowed = ALLOWED.get(pkg);
    if (allowed == null) {
      out.add(file + ": package " + pkg + " is not in the layer table; add it to ArchitectureTest.ALLOWED");
      return out;
    }
    if (pkg.isEmpty() && !file.endsWith("package-info.java")) {
      out.add(file + ": the root package holds only package-info.java; commands belong in cli");
    }
    Matcher m = OURS.matcher(code);
    while (m.find()) {
      if (m.start() >= declared.start() && m.end() <= declared.end()) {
        continue; // the package line itself
      }
      boolean rootClass = Character.isUpperCase(m.group(1).charAt(0));
      String target = rootClass ? "" : m.group(1);
      if (target.equals(pkg) || allowed.contains(target)) {
        continue;
      }
      String className = rootClass ? "io.github.redismem." + m.group(1)
          : "io.github.redismem." + m.group(1) + (m.group(2) == null ? "" : "." + m.group(2));
      out.add(file + ":" + line(code, m.start()) + ": " + name(pkg) + " uses " + name(target) + " (" + className
          + "); allowed: " + new TreeSet<>(allowed));
    }
    Matcher lib = LIBRARY.matcher(code);
    while (lib.find()) {
      Set<String> owners = LIBRARIES.get(lib.group(1));
      if (!owners.contains(pkg)) {
        out.add(file + ":" + line(code, lib.start()) + ": " + name(pkg) + " uses " + lib.group(1)
            + ", which only " + owners + " may use");
      }
    }
    return out;
  }

  /** "" for the root package, the first segment below it otherwise; null outside io.github.redismem. */
  private static String ourPackage(String declared) {
    if (declared.equals("io.github.redismem")) {
      return "";
    }
    return declared.startsWith("io.github.redismem.")
        ? declared.substring("io.github.redismem.".length()).split("\\.")[0] : null;
  }

  private static String name(String pkg) {
    return pkg.isEmpty() ? "(root)" : pkg;
  }

  private static int line(String code, int offset) {
    int n = 1;
    for (int i = 0; i < offset; i++) {
      if (code.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /**
   * The source with comments and string, char and text-block literals replaced by spaces (line breaks kept, so
   * offsets still give line numbers).
   */
  static String codeOnly(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      int end;
      if (src.startsWith("//", i)) {
        end = src.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (src.startsWith("/*", i)) {
        end = src.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        end = literalEnd(src, i + 3, "\"\"\"");
      } else if (c == '"' || c == '\'') {
        end = literalEnd(src, i + 1, String.valueOf(c));
      } else {
        out.append(c);
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        out.append(src.charAt(k) == '\n' ? '\n' : ' ');
      }
      i = end;
    }
    return out.toString();
  }

  /** Where a literal that opened before {@code from} ends (after its closing quote), skipping escapes. */
  private static int literalEnd(String src, int from, String close) {
    int i = from;
    while (i < src.length()) {
      if (src.charAt(i) == '\\') {
        i += 2;
      } else if (src.startsWith(close, i)) {
        return i + close.length();
      } else {
        i++;
      }
    }
    return src.length();
  }

  /** Directories under {@code root} holding Java sources but no package-info.java. */
  static List<Path> packagesWithoutInfo(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      return dirs.filter(Files::isDirectory).filter(ArchitectureTest::holdsSources)
          .filter(d -> !Files.exists(d.resolve("package-info.java"))).sorted().toList();
    }
  }

  private static boolean holdsSources(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
