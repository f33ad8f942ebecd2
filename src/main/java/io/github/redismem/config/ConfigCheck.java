package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --check-config}: what a loaded configuration would do, for a person or a CI job to read before a
 * deployment, with the one check loading cannot make (the password file is read at each connection, so a missing
 * or unreadable file would only show as failed scrapes). Nothing here connects to Redis or binds a port.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  /**
   * Fails naming redis.passwordFile or redis.sentinelPasswordFile when the file cannot be read or holds only
   * whitespace.
   */
  public static void verifyFiles(ExporterConfig config) throws ConfigException {
    verifyPasswordFile("redis.passwordFile", config.redis().passwordFile());
    verifyPasswordFile("redis.sentinelPasswordFile", config.redis().sentinel().passwordFile());
  }

  private static void verifyPasswordFile(String path, java.util.Optional<Path> given) throws ConfigException {
    if (given.isEmpty()) {
      return;
    }
    Path file = given.get();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(path, "cannot read " + file + ": " + e);
    }
    if (text.isBlank()) {
      throw new ConfigException(path, file + " is empty");
    }
  }

  /**
   * Reads web.config.file as the server will, so that a bad one stops the start (exit 2) instead of failing every
   * request; the error names the file and the YAML path inside it.
   */
  public static WebConfig webConfig(ExporterConfig config) throws ConfigException {
    if (config.web().configFile().isEmpty()) {
      return WebConfig.NONE;
    }
    Path file = config.web().configFile().get();
    try {
      return WebConfigFile.load(file);
    } catch (ConfigException e) {
      throw new ConfigException("web.config.file " + file, e.getMessage());
    }
  }

  /** The effective settings that decide where it connects, what it serves and how hard it samples; no secret. */
  public static String summary(ExporterConfig config) {
    RedisSettings redis = config.redis();
    SamplingSettings sampling = config.sampling();
    String password = redis.passwordMapFile().map(f -> "the entry of redis.addr in " + f)
        .or(() -> redis.passwordFile().map(f -> "read from " + f))
        .orElse(redis.password().isPresent() ? "<redacted>"
            : redis.displayAddr().equals(redis.addr()) ? "(none)" : "in redis.addr (<redacted>)");
    StringBuilder out = new StringBuilder("configuration OK\n");
    line(out, "config.file", config.configFile().map(Path::toString).orElse("(none)"));
    line(out, "redis.addr", redis.displayAddr());
    line(out, "redis.user", redis.user().isEmpty() ? "(default user)" : redis.user());
    line(out, "redis.password", password);
    SentinelCredentials sentinel = redis.sentinel();
    if (SentinelAddress.isSentinel(redis.addr())) {
      line(out, "redis.sentinel*", (sentinel.user().isEmpty() ? "" : "user " + sentinel.user() + ", ")
          + sentinel.passwordFile().map(f -> "password read from " + f)
              .orElse(sentinel.password().isPresent() ? "password <redacted>" : "no password (sentinels asked "
                  + "without AUTH)") + (redis.usesTls() ? ", over TLS" : ""));
    }
    line(out, "redis.timeout", text(redis.timeout()));
    if (!redis.renamedCommands().names().isEmpty()) {
      line(out, "redis.renamedCommands", redis.renamedCommands().toString());
    }
    if (redis.usesTls()) {
      line(out, "redis.tls", tlsText(redis));
    }
    line(out, "web.listenAddress", config.web().listenAddress().toString());
    line(out, "web.telemetryPath", config.web().telemetryPath());
    line(out, "web.config.file", config.web().configFile().map(f -> f + webSummary(f)).orElse("(none)"));
    if (config.web().allowAnyTarget()) {
      line(out, "web.allowAnyTarget", "true (/scrape reads any Redis it is given)");
    }
    for (int i = 0; i < config.targets().size(); i++) {
      TargetSettings t = config.targets().get(i);
      line(out, "targets[" + i + "]", t.name() + (t.redis().usesTls() ? " (TLS)" : "") + ", sampler "
          + (t.sampling().enabled() ? "on" : "off"));
    }
    line(out, "log", config.log().level() + ", " + config.log().format());
    if (!sampling.enabled()) {
      line(out, "sampling", "off");
    } else if (sampling.source().rdb()) {
      line(out, "sampling", "from the RDB snapshot " + sampling.source().rdbFile().map(Path::toString).orElse("")
          + ", read after every BGSAVE; no SCAN of Redis");
    } else {
      line(out, "sampling", "every " + text(sampling.interval()) + " after a pass, "
          + percent(sampling.sampleRatio()) + " of keys, at most " + percent(sampling.maxRedisTimeRatio())
          + " of Redis's time" + (sampling.maxKeysPerSecond() > 0
              ? " and " + sampling.maxKeysPerSecond() + " keys/s" : "")
          + ", reading from " + sampling.readFrom().label() + (sampling.onPrimary() ? "" : ", never a primary"));
    }
    line(out, "sampling.keyNames", keyNames(sampling.keyNames()));
    line(out, "allocator", config.allocator().enabled()
        ? "MEMORY MALLOC-STATS every " + text(config.allocator().interval()) : "off");
    return out.toString();
  }

  /** The mode, and for hash where its secret came from; never the secret. */
  private static String keyNames(KeyNameSettings k) {
    if (k.mode() != KeyNameSettings.Mode.HASH) {
      return k.mode().label();
    }
    return "hash, secret " + k.secretFile().map(f -> "read from " + f).orElse("<redacted>");
  }

  private static String webSummary(Path file) {
    try {
      WebConfig web = WebConfigFile.load(file);
      return " (" + (web.tls().isPresent() ? "HTTPS, client certificates: " + web.tls().get().clientAuth()
          : "plain HTTP") + ", " + (web.users().isEmpty() ? "no basic auth" : web.users().size()
          + " basic auth user(s)") + ")";
    } catch (ConfigException e) {
      return " (" + e.getMessage() + ")";
    }
  }

  private static String tlsText(RedisSettings redis) {
    TlsSettings tls = redis.tls();
    String server = tls.insecureSkipVerify() ? "server certificate NOT verified (insecureSkipVerify)"
        : "server certificate checked against " + tls.caFile().map(f -> "CA " + f).orElse("the JVM's trust store")
            + " for the name " + (tls.serverName().isEmpty() ? "in redis.addr" : tls.serverName());
    return server + tls.certFile().map(c -> "; client certificate " + c).orElse("; no client certificate");
  }

  private static void line(StringBuilder out, String name, String value) {
    out.append(String.format("  %-18s %s%n", name, value));
  }

  private static String text(java.time.Duration d) {
    return DurationText.format(d);
  }

  private static String percent(double ratio) {
    return String.format(java.util.Locale.ROOT, "%.4g", ratio * 100).replaceAll("\\.?0+$", "") + "%";
  }
}
