package io.github.redismem.config;

/**
 * A setting that cannot be used. The message starts with the YAML path (or flag) it concerns, so that one line
 * tells the user what to fix: {@code redis.timeout: expected a duration like 5s, got "fast"}.
 */
public final class ConfigException extends Exception {
  private final String path;

  public ConfigException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
