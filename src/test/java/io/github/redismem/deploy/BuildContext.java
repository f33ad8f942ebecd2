package io.github.redismem.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files {@code docker build .} would send: the repository's files (tracked, or new and not git-ignored) that the
 * .dockerignore keeps. Its rules as Docker applies them: in order, the last matching pattern decides, {@code !}
 * keeps, and a pattern that matches a directory matches everything below it.
 */
final class BuildContext {
  private record Rule(PathMatcher matcher, boolean keep) {}

  private final List<String> files;

  private BuildContext(List<String> files) {
    this.files = files;
  }

  static BuildContext of(Path root) {
    List<Rule> rules = new ArrayList<>();
    for (String line : DeployFiles.read(root.resolve(".dockerignore")).split("\n")) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      boolean keep = pattern.startsWith("!");
      pattern = (keep ? pattern.substring(1) : pattern).replaceAll("/+$", "").replaceAll("^/+", "");
      rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), keep));
    }
    DeployFiles.Result git = DeployFiles.run(List.of("git", "ls-files", "--cached", "--others", "--exclude-standard"),
        Map.of(), root);
    if (git.exitCode() != 0) {
      throw new IllegalStateException("git ls-files failed: " + git.stderr());
    }
    List<String> kept = git.stdout().lines().filter(f -> Files.isRegularFile(root.resolve(f)))
        .filter(f -> included(f, rules)).sorted().toList();
    return new BuildContext(kept);
  }

  private static boolean included(String file, List<Rule> rules) {
    boolean included = true;
    for (Rule rule : rules) {
      if (matchesItselfOrAParent(rule.matcher(), Path.of(file))) {
        included = rule.keep();
      }
    }
    return included;
  }

  private static boolean matchesItselfOrAParent(PathMatcher matcher, Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (matcher.matches(p)) {
        return true;
      }
    }
    return false;
  }

  List<String> files() {
    return files;
  }

  /** Files at or under a context path ({@code src/}, {@code mvnw}). */
  List<String> under(String source) {
    String dir = source.replaceAll("/+$", "");
    return files.stream().filter(f -> f.equals(dir) || f.startsWith(dir + "/")).toList();
  }

  /**
   * Carries out a {@code COPY src... dest} of the build context into {@code root} (the stage's filesystem),
   * relative to {@code workdir}: a directory source copies its contents, as Docker does.
   */
  void copy(Path repo, List<String> sources, String dest, Path root, String workdir) {
    Path target = dest.startsWith("/") ? root.resolve(dest.substring(1)) : root.resolve(workdir.substring(1))
        .resolve(dest);
    try {
      for (String source : sources) {
        String dir = source.replaceAll("/+$", "");
        for (String file : under(dir)) {
          Path to = file.equals(dir) ? (dest.endsWith("/") ? target.resolve(Path.of(file).getFileName()) : target)
              : target.resolve(file.substring(dir.length() + 1));
          Files.createDirectories(to.getParent());
          Files.copy(repo.resolve(file), to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
