package io.github.redismem.config;

import java.util.List;

/**
 * One setting: its YAML path (also its flag, {@code --path=value}), how its text is read, its default, the
 * environment variable that may set it, and the help line shown by {@code --help}.
 */
public record Setting(String path, ValueKind kind, String defaultValue, String env, String help) {

  /** Every setting the exporter knows, in the order {@code --help} and the documentation list them. */
  public static final List<Setting> ALL = List.of(
      new Setting("redis.addr", ValueKind.REDIS_URL, "redis://localhost:6379", "REDIS_ADDR",
          "Redis to watch: redis://[user[:password]@]host:port[/db], rediss:// for TLS, or host:port"),
      new Setting("redis.user", ValueKind.STRING, "", "REDIS_USER",
          "ACL user name (Redis 6+); empty means the default user"),
      new Setting("redis.password", ValueKind.SECRET, "", "REDIS_PASSWORD",
          "Password; prefer redis.passwordFile so it stays out of process listings"),
      new Setting("redis.passwordFile", ValueKind.READABLE_FILE, "", "REDIS_PASSWORD_FILE",
          "File holding the password (surrounding whitespace trimmed); re-read at every reconnect"),
      new Setting("redis.timeout", ValueKind.DURATION, "5s", "REDIS_TIMEOUT",
          "Bound on connecting and on all the commands of one scrape; /metrics answers within it"),
      new Setting("web.listenAddress", ValueKind.LISTEN_ADDRESS, ":19121", "",
          "Address to serve HTTP on, [host]:port; the flag is also spelled --web.listen-address"),
      new Setting("web.telemetryPath", ValueKind.HTTP_PATH, "/metrics", "",
          "Path of the metrics endpoint; the flag is also spelled --web.telemetry-path"),
      new Setting("log.level", ValueKind.LOG_LEVEL, "info", "",
          "Lowest level logged: debug, info, warn or error"),
      new Setting("log.format", ValueKind.LOG_FORMAT, "text", "",
          "Log line format: text (logfmt) or json"));

  public static Setting byPath(String path) {
    for (Setting s : ALL) {
      if (s.path.equals(path)) {
        return s;
      }
    }
    return null;
  }

  /** The path written in kebab case, as Prometheus exporters spell their flags: web.listen-address. */
  public String kebabPath() {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
