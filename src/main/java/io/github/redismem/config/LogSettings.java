package io.github.redismem.config;

/** Log level ({@code debug|info|warn|error}) and line format ({@code text|json}). */
public record LogSettings(String level, String format) {
  public LogSettings withLevel(String value) {
    return new LogSettings(value, format);
  }

  public LogSettings withFormat(String value) {
    return new LogSettings(level, value);
  }
}
