package io.github.redismem.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The YAML list {@code targets}: more Redis servers for one exporter, each scraped through
 * {@code /scrape?target=ADDR} and sampled in the background. An item is an address, or a mapping of the
 * {@code redis} section's settings ({@code addr} required) with an optional {@code sampling} mapping:
 * <pre>
 * targets:
 *   - redis://cache-a:6379
 *   - addr: rediss://cache-b:6380
 *     passwordFile: /secrets/cache-b
 *     sampling: {enabled: false}
 * </pre>
 * A target starts from the top-level settings and overrides what it gives. It inherits the top level's
 * credentials unless it gives one of its own (password, passwordFile or passwordMapFile), its TLS settings
 * only when it is a rediss:// address itself, and the sentinels' credentials only when it is a redis-sentinel://
 * address giving none of its own. Errors name the item: {@code targets[1].passwordFile: ...}.
 */
final class TargetList {
  static final String PATH = "targets";
  private static final Set<String> CREDENTIALS = Set.of("redis.password", "redis.passwordFile",
      "redis.passwordMapFile");
  private static final Set<String> SENTINEL_CREDENTIALS = Set.of("redis.sentinelUser", "redis.sentinelPassword",
      "redis.sentinelPasswordFile");

  private TargetList() {}

  static List<TargetSettings> load(Object raw, ExporterConfig base, String file) throws ConfigException {
    if (!(raw instanceof List<?> items)) {
      throw new ConfigException(PATH, "expected a list of addresses or mappings like {addr: redis://host:6379}, "
          + "got " + Scalars.quoted(raw) + " (in " + file + ")");
    }
    List<TargetSettings> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try {
      names.add(TargetSettings.canonical(base.redis().addr()));
    } catch (ValueKind.Invalid e) {
      throw new ConfigException("redis.addr", e.getMessage());
    }
    for (int i = 0; i < items.size(); i++) {
      TargetSettings target = item(i, items.get(i), base, file);
      if (!names.add(target.name())) {
        throw new ConfigException(PATH + "[" + i + "].addr", target.name() + " is listed twice, or is redis.addr, which /scrape serves "
            + "already (in " + file + ")");
      }
      out.add(target);
    }
    return List.copyOf(out);
  }

  private static TargetSettings item(int i, Object raw, ExporterConfig base, String file) throws ConfigException {
    String where = PATH + "[" + i + "]";
    Map<String, Object> redis = new LinkedHashMap<>();
    Map<String, Object> nested = new LinkedHashMap<>();
    if (raw instanceof String addr) {
      redis.put("addr", addr);
    } else if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if ("sampling".equals(k)) {
          nested.put("sampling", v);
        } else {
          redis.put(String.valueOf(k), v);
        }
      });
    } else {
      throw new ConfigException(where, "expected an address or a mapping like {addr: redis://host:6379}, got "
          + Scalars.quoted(raw) + " (in " + file + ")");
    }
    nested.put("redis", redis);
    Map<String, Object> given = new LinkedHashMap<>();
    try {
      ConfigLoader.flatten("", nested, given);
    } catch (ConfigException e) {
      throw rename(e, where, file);
    }
    if (!given.containsKey("redis.addr")) {
      throw new ConfigException(where + ".addr", "every target needs its address (in " + file + ")");
    }
    // only redis.addr is a seed of cluster discovery; a listed target is the one node it names
    RedisSettings inherited = base.redis().withCluster(false);
    if (given.keySet().stream().anyMatch(CREDENTIALS::contains)) {
      inherited = inherited.withPassword(Secret.none()).withPasswordFile(Optional.empty())
          .withPasswordMapFile(Optional.empty());
    }
    // redis.addr's snapshot is not the target's: a target reads its own only when it names one
    ExporterConfig config = apply(base.withRedis(inherited).withSampling(base.sampling().withSource(
        SampleSource.SCAN)), "redis.addr", given.get("redis.addr"), where, file);
    if (!config.redis().usesTls()) {
      config = config.withRedis(config.redis().withTls(TlsSettings.none()));
    }
    if (!SentinelAddress.isSentinel(config.redis().addr())
        || given.keySet().stream().anyMatch(SENTINEL_CREDENTIALS::contains)) {
      config = config.withRedis(config.redis().withSentinel(SentinelCredentials.none()));
    }
    for (Map.Entry<String, Object> e : given.entrySet()) {
      if (!e.getKey().equals("redis.addr")) {
        config = apply(config, e.getKey(), e.getValue(), where, file);
      }
    }
    ExporterConfig done = config;
    ConfigLoader.checkRedis(done.redis(), (path, problem) -> new ConfigException(local(where, path),
        problem.replace("redis.addr", where + ".addr") + " (in " + file + ")"));
    done.sampling().source().check(false, (path, problem) -> new ConfigException(local(where, path),
        problem + " (in " + file + ")"));
    return new TargetSettings(done.redis(),
        done.sampling().withKeyNames(done.sampling().keyNames().resolved()));
  }

  private static ExporterConfig apply(ExporterConfig config, String path, Object value, String where, String file)
      throws ConfigException {
    try {
      return Setting.byPath(path).apply(config, value == null ? "" : value);
    } catch (ValueKind.Invalid problem) {
      throw new ConfigException(local(where, path), problem.getMessage() + " (in " + file + ")");
    }
  }

  /** A setting's path within the item: redis.passwordFile is targets[1].passwordFile. */
  private static String local(String where, String path) {
    return where + "." + (path.startsWith("redis.") ? path.substring("redis.".length()) : path);
  }

  private static ConfigException rename(ConfigException e, String where, String file) {
    String problem = e.getMessage().substring(e.path().length() + 2);
    return new ConfigException(local(where, e.path()), problem + " (in " + file + ")");
  }
}
