package io.github.redismem.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds an {@link ExporterConfig} from, in rising precedence: defaults, the YAML file, environment variables and
 * flags. Every value is checked here, so a bad one stops start-up with a message that names its path.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * A configuration in which every field is about to be set: the loader applies every setting of
   * {@link Setting#ALL} (its default at least) over it, so none of these placeholders survives a load.
   */
  private static ExporterConfig unset() {
    // a method, not a constant: InstanceFindingSettings.DEFAULTS is itself loaded, and a static field here would
    // still be null when that class's initialisation calls back into this one
    return new ExporterConfig(
        new RedisSettings("", "", Secret.none(), Optional.empty(), Duration.ZERO, TlsSettings.none(),
            Optional.empty(), RenamedCommands.NONE, false, Duration.ZERO, SentinelCredentials.none()),
        new WebSettings(new ValueKind.ListenAddress("", 0), "", Optional.empty(), false), new LogSettings("", ""),
        new SamplingSettings(false, Duration.ZERO, 0, 0, 0, 0, 0, "", 0, List.of(), 0, 0, 0, false, 0, false,
            KeyNameSettings.FULL, ReadFrom.ANY, Duration.ZERO, SampleSource.SCAN),
        new ThresholdSettings(-1, -1, -1, -1, -1, -1, -1), Optional.empty(), new AllocatorSettings(Duration.ZERO),
        new InstanceFindingSettings(0, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of());
  }

  /** One setting's text and where it came from, for an error that tells the user what to fix. */
  private record Given(Object value, Where where, String name) {
    enum Where { DEFAULT, FILE, ENV, FLAG }

    ConfigException error(Setting<?> s, String problem) {
      return switch (where) {
        case DEFAULT -> new ConfigException(s.path(), problem);
        case FILE -> new ConfigException(s.path(), problem + " (in " + name + ")");
        case ENV -> new ConfigException(s.path(), problem + " (from env " + name + ")");
        case FLAG -> new ConfigException(name, problem);
      };
    }
  }

  /** Every setting at its default: for code and tests that build on the defaults without a command line. */
  public static ExporterConfig defaults() {
    try {
      return load(new CommandLine(false, false, false, Optional.empty(), Map.of(), Map.of(), Map.of()), Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException("a default does not parse: " + e.getMessage(), e);
    }
  }

  public static ExporterConfig load(CommandLine cli, Map<String, String> env) throws ConfigException {
    return load(cli, env, Map.of());
  }

  /**
   * As {@link #load(CommandLine, Map)}, with some defaults replaced (path to text), for a command whose needs
   * differ from the daemon's; the file, environment and flags still override them.
   */
  public static ExporterConfig load(CommandLine cli, Map<String, String> env, Map<String, String> defaults)
      throws ConfigException {
    Map<String, Given> given = new LinkedHashMap<>();
    for (Setting<?> s : Setting.ALL) {
      given.put(s.path(), new Given(defaults.getOrDefault(s.path(), s.defaultValue()), Given.Where.DEFAULT, ""));
    }
    Optional<Path> file = cli.configFile().map(Path::of);
    if (file.isPresent()) {
      readYaml(file.get()).forEach((path, value) ->
          given.put(path, new Given(value, Given.Where.FILE, file.get().toString())));
    }
    for (Setting<?> s : Setting.ALL) {
      String value = s.env().isEmpty() ? null : env.get(s.env());
      if (value != null && !value.isEmpty()) {
        given.put(s.path(), new Given(value, Given.Where.ENV, s.env()));
      }
    }
    cli.settings().forEach((path, value) ->
        given.put(path, new Given(value, Given.Where.FLAG, cli.flags().getOrDefault(path, "--" + path))));

    ExporterConfig config = unset().withConfigFile(file);
    for (Setting<?> s : Setting.ALL) {
      Given g = given.get(s.path());
      try {
        config = s.apply(config, g.value() == null ? "" : g.value());
      } catch (ValueKind.Invalid e) {
        throw g.error(s, e.getMessage());
      }
    }
    checkRedis(config.redis(), (path, problem) -> given.get(path).error(Setting.byPath(path), problem));
    if (config.sampling().readFrom() == ReadFrom.PRIMARY && !config.sampling().onPrimary()) {
      throw given.get("sampling.readFrom").error(Setting.byPath("sampling.readFrom"),
          "is primary, but sampling.onPrimary is false: no node could be sampled");
    }
    config.sampling().source().check(config.redis().cluster(),
        (path, problem) -> given.get(path).error(Setting.byPath(path), problem));
    config = config.withSampling(config.sampling().withKeyNames(config.sampling().keyNames().resolved()));
    Given targets = given.get(TargetList.PATH);
    if (targets != null) {
      config = config.withTargets(TargetList.load(targets.value(), config, targets.name()));
    }
    return config;
  }

  /** Makes the error of a setting whose value cannot be used, naming where the user set it. */
  @FunctionalInterface
  interface Blame {
    ConfigException at(String path, String problem);
  }

  /** The redis settings that only make sense together; {@code blame} names the setting at fault. */
  static void checkRedis(RedisSettings redis, Blame blame) throws ConfigException {
    if (redis.password().isPresent() && redis.passwordFile().isPresent()) {
      throw blame.at("redis.passwordFile", "set either redis.password or redis.passwordFile, not both");
    }
    if (redis.passwordMapFile().isPresent()) {
      if (redis.password().isPresent() || redis.passwordFile().isPresent()) {
        throw blame.at("redis.passwordMapFile", "set one of redis.password, redis.passwordFile and "
            + "redis.passwordMapFile, not several");
      }
      try {
        PasswordMap.check(redis.passwordMapFile().get(), redis.addr());
      } catch (ValueKind.Invalid e) {
        throw blame.at("redis.passwordMapFile", e.getMessage());
      }
    }
    checkSentinel(redis, blame);
    if (redis.cluster() && SentinelAddress.isSentinel(redis.addr())) {
      throw blame.at("redis.cluster", "needs the address of a cluster node as its seed in redis.addr, not a "
          + "redis-sentinel:// address (a Redis Cluster has no sentinels)");
    }
    TlsSettings tls = redis.tls();
    if (tls.certFile().isPresent() != tls.keyFile().isPresent()) {
      String set = tls.certFile().isPresent() ? "redis.tls.certFile" : "redis.tls.keyFile";
      String missing = tls.certFile().isPresent() ? "redis.tls.keyFile" : "redis.tls.certFile";
      throw blame.at(set, "is set without " + missing + "; a client certificate needs both");
    }
    if (tls.anySet() && !redis.usesTls()) {
      // plain text where the user asked for TLS would send the password in the clear: stop rather than warn
      throw blame.at(tls.firstSetPath(), "is a TLS setting, but redis.addr " + redis.displayAddr()
          + " is plain text; use " + (SentinelAddress.isSentinel(redis.addr()) ? "rediss-sentinel://" : "rediss://")
          + " to connect with TLS");
    }
  }

  /** The sentinels' credentials: only for a redis-sentinel:// address, and a password given one way. */
  private static void checkSentinel(RedisSettings redis, Blame blame) throws ConfigException {
    SentinelCredentials sentinel = redis.sentinel();
    if (sentinel.anySet() && !SentinelAddress.isSentinel(redis.addr())) {
      throw blame.at(sentinel.firstSetPath(), "is for the sentinels of a redis-sentinel:// address, but redis.addr "
          + redis.displayAddr() + " names no sentinels");
    }
    if (sentinel.password().isPresent() && sentinel.passwordFile().isPresent()) {
      throw blame.at("redis.sentinelPasswordFile", "set either redis.sentinelPassword or "
          + "redis.sentinelPasswordFile, not both");
    }
    if (!sentinel.user().isEmpty() && !sentinel.password().isPresent() && sentinel.passwordFile().isEmpty()) {
      throw blame.at("redis.sentinelUser", "is set without redis.sentinelPassword or redis.sentinelPasswordFile; "
          + "the sentinels would be asked as their default user");
    }
  }

  static Map<String, Object> readYaml(Path file) throws ConfigException {
    Object root;
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      // a directory opens on Linux and only fails inside the YAML parser, with a message about neither
      throw new ConfigException("--config.file", "cannot read " + file + ": " + FileProblem.reason(file, null));
    }
    try (Reader in = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(file.toString(), "not valid YAML at line " + (e.getProblemMark().getLine() + 1)
          + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(file.toString(), "not valid YAML: " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("--config.file", "cannot read " + file + ": " + FileProblem.reason(file, e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (root == null) {
      return out;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(file.toString(), "expected a mapping of settings at the top level");
    }
    flatten("", map, out);
    return out;
  }

  static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) throws ConfigException {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String path = prefix + CommandLine.camel(String.valueOf(e.getKey()));
      Object value = e.getValue();
      Setting<?> setting = Setting.byPath(path);
      if (path.equals(TargetList.PATH)) {
        out.put(path, value == null ? java.util.List.of() : value);
      } else if (setting != null) {
        if (value instanceof Map<?, ?> && setting.kind() != ValueKind.COMMAND_RENAMES) {
          throw new ConfigException(path, "expected a value, got a mapping");
        }
        out.put(path, value == null ? "" : scalarText(value, setting));
      } else if (isSection(path)) {
        if (!(value instanceof Map<?, ?> nested)) {
          throw new ConfigException(path, "expected a mapping of settings, got " + Scalars.quoted(value));
        }
        flatten(path + ".", nested, out);
      } else {
        throw new ConfigException(path, "unknown setting (docs/configuration.md lists them)");
      }
    }
  }

  /** YAML turns 5 into an Integer and yes into a Boolean; text settings take them as written. */
  private static Object scalarText(Object value, Setting<?> setting) {
    if (setting.kind() == ValueKind.DURATION || setting.kind() == ValueKind.DURATION_OR_OFF
        || setting.kind() == ValueKind.LISTEN_ADDRESS) {
      return value;
    }
    return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value;
  }

  private static boolean isSection(String path) {
    String prefix = path + ".";
    return Setting.ALL.stream().anyMatch(s -> s.path().startsWith(prefix));
  }
}
