package io.github.redismem.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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

  public static ExporterConfig load(CommandLine cli, Map<String, String> env) throws ConfigException {
    return load(cli, env, Map.of());
  }

  /**
   * As {@link #load(CommandLine, Map)}, with some defaults replaced (path to text), for a command whose needs
   * differ from the daemon's; the file, environment and flags still override them.
   */
  public static ExporterConfig load(CommandLine cli, Map<String, String> env, Map<String, String> defaults)
      throws ConfigException {
    Map<String, Object> raw = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    for (Setting s : Setting.ALL) {
      raw.put(s.path(), defaults.getOrDefault(s.path(), s.defaultValue()));
    }
    Optional<Path> file = cli.configFile().map(Path::of);
    if (file.isPresent()) {
      readYaml(file.get()).forEach((path, value) -> {
        raw.put(path, value);
        origin.put(path, "in " + file.get());
      });
    }
    for (Setting s : Setting.ALL) {
      String value = s.env().isEmpty() ? null : env.get(s.env());
      if (value != null && !value.isEmpty()) {
        raw.put(s.path(), value);
        origin.put(s.path(), "from env " + s.env());
      }
    }
    cli.settings().forEach((path, value) -> {
      raw.put(path, value);
      origin.put(path, "from flag --" + path);
    });

    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting s : Setting.ALL) {
      Object r = raw.get(s.path());
      try {
        values.put(s.path(), s.kind().parse(r == null ? "" : r));
      } catch (ValueKind.Invalid e) {
        String from = origin.get(s.path());
        throw new ConfigException(s.path(), e.getMessage() + (from == null ? "" : " (" + from + ")"));
      }
    }
    return build(values, file);
  }

  private static ExporterConfig build(Map<String, Object> v, Optional<Path> file) throws ConfigException {
    Secret password = (Secret) v.get("redis.password");
    String passwordFile = (String) v.get("redis.passwordFile");
    if (password.isPresent() && !passwordFile.isEmpty()) {
      throw new ConfigException("redis.passwordFile", "set either redis.password or redis.passwordFile, not both");
    }
    RedisSettings redis = new RedisSettings((String) v.get("redis.addr"), (String) v.get("redis.user"), password,
        passwordFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(passwordFile)),
        (Duration) v.get("redis.timeout"));
    WebSettings web = new WebSettings((ValueKind.ListenAddress) v.get("web.listenAddress"),
        (String) v.get("web.telemetryPath"));
    LogSettings log = new LogSettings((String) v.get("log.level"), (String) v.get("log.format"));
    @SuppressWarnings("unchecked")
    SamplingSettings sampling = new SamplingSettings((Boolean) v.get("sampling.enabled"),
        (Duration) v.get("sampling.interval"), (Long) v.get("sampling.maxKeysPerSecond"),
        (Double) v.get("sampling.maxRedisTimeRatio"), (Double) v.get("sampling.sampleRatio"),
        intValue(v, "sampling.memoryUsageSamples"), intValue(v, "sampling.topKeys"),
        (String) v.get("sampling.prefixDelimiters"), intValue(v, "sampling.prefixDepth"),
        (java.util.List<java.util.regex.Pattern>) v.get("sampling.prefixPatterns"),
        intValue(v, "sampling.maxPrefixes"), (Long) v.get("sampling.bigKeyBytes"),
        intValue(v, "sampling.smallStringsMinKeys"), (Boolean) v.get("sampling.onPrimary"),
        intValue(v, "sampling.maxBatchKeys"), (Boolean) v.get("sampling.luaScripts"));
    ThresholdSettings thresholds = new ThresholdSettings((Long) v.get("thresholds.hashMaxListpackEntries"),
        (Long) v.get("thresholds.hashMaxListpackValue"), (Long) v.get("thresholds.zsetMaxListpackEntries"),
        (Long) v.get("thresholds.zsetMaxListpackValue"), (Long) v.get("thresholds.setMaxIntsetEntries"),
        (Long) v.get("thresholds.setMaxListpackEntries"), (Long) v.get("thresholds.setMaxListpackValue"));
    InstanceFindingSettings instanceFindings = new InstanceFindingSettings(
        (Double) v.get("instanceFindings.fragmentationRatio"), (Long) v.get("instanceFindings.fragmentationMinBytes"),
        (Double) v.get("instanceFindings.restartFragmentationRatio"),
        (Duration) v.get("instanceFindings.restartMinUptime"), (Double) v.get("instanceFindings.swapRatio"),
        (Long) v.get("instanceFindings.swapMinBytes"), (Double) v.get("instanceFindings.maxmemoryHeadroom"),
        (Double) v.get("instanceFindings.cacheExpiringShare"), (Double) v.get("instanceFindings.overheadShare"),
        (Long) v.get("instanceFindings.overheadMinKeys"), (Long) v.get("instanceFindings.clientBufferBytes"),
        (Double) v.get("instanceFindings.noTtlExpiringShare"), (Long) v.get("instanceFindings.noTtlMinKeys"),
        (Long) v.get("instanceFindings.listCompressionMinBytes"), (Long) v.get("instanceFindings.scriptCacheBytes"),
        (Long) v.get("instanceFindings.scriptCacheCount"));
    return new ExporterConfig(redis, web, log, sampling, thresholds, file,
        new AllocatorSettings((Duration) v.get("allocator.interval")), instanceFindings);
  }

  private static int intValue(Map<String, Object> v, String path) throws ConfigException {
    long n = (Long) v.get(path);
    if (n > Integer.MAX_VALUE) {
      throw new ConfigException(path, "expected at most " + Integer.MAX_VALUE + ", got " + n);
    }
    return (int) n;
  }

  /** Reads the file into path -> scalar, rejecting unknown keys and nesting where a value belongs. */
  static Map<String, Object> readYaml(Path file) throws ConfigException {
    Object root;
    try (Reader in = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(file.toString(), "not valid YAML at line " + (e.getProblemMark().getLine() + 1)
          + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(file.toString(), "not valid YAML: " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("--config.file", "cannot read " + file + ": " + e.getMessage());
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

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) throws ConfigException {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String path = prefix + CommandLine.camel(String.valueOf(e.getKey()));
      Object value = e.getValue();
      Setting setting = Setting.byPath(path);
      if (setting != null) {
        if (value instanceof Map<?, ?>) {
          throw new ConfigException(path, "expected a value, got a mapping");
        }
        out.put(path, value == null ? "" : scalarText(value, setting));
      } else if (isSection(path)) {
        if (!(value instanceof Map<?, ?> nested)) {
          throw new ConfigException(path, "expected a mapping of settings, got " + ValueKind.quoted(value));
        }
        flatten(path + ".", nested, out);
      } else {
        throw new ConfigException(path, "unknown setting (docs/configuration.md lists them)");
      }
    }
  }

  /** YAML turns 5 into an Integer and yes into a Boolean; text settings take them as written. */
  private static Object scalarText(Object value, Setting setting) {
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
