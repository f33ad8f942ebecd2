package io.github.redismem.config;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One setting, declared once: its YAML path (also its flag, {@code --path=value}, in camel or kebab case), how its
 * text is read ({@link ValueKind}), its default, the environment variable that may set it, the help line shown by
 * {@code --help} and in docs/configuration.md, and the record field it sets ({@link #apply}). The loader, the
 * command line, {@code --help} and the docs all walk {@link #ALL}.
 *
 * @param daemonOnly whether only the daemon reads it ({@code analyze --help} leaves it out; analyze still accepts it)
 */
public record Setting<T>(String path, ValueKind<T> kind, String defaultValue, String env, String help,
    boolean daemonOnly, BiFunction<ExporterConfig, T, ExporterConfig> setter) {

  /** A section of the YAML file and the record that holds its settings. */
  private record Section<S>(String name, Function<ExporterConfig, S> get,
      BiFunction<ExporterConfig, S, ExporterConfig> set) {
    <T> Setting<T> setting(String field, ValueKind<T> kind, String defaultValue, String env,
        BiFunction<S, T, S> with, String help) {
      return new Setting<>(name + "." + field, kind, defaultValue, env, help, false,
          (config, value) -> set.apply(config, with.apply(get.apply(config), value)));
    }
  }

  private static final Section<RedisSettings> REDIS =
      new Section<>("redis", ExporterConfig::redis, ExporterConfig::withRedis);
  private static final Section<TlsSettings> REDIS_TLS = new Section<>("redis.tls", config -> config.redis().tls(),
      (config, tls) -> config.withRedis(config.redis().withTls(tls)));
  /** The sentinels' own credentials: settings of the redis section held in their own record. */
  private static final Section<SentinelCredentials> SENTINEL = new Section<>("redis", c -> c.redis().sentinel(),
      (c, v) -> c.withRedis(c.redis().withSentinel(v)));
  private static final Section<WebSettings> WEB = new Section<>("web", ExporterConfig::web, ExporterConfig::withWeb);
  private static final Section<LogSettings> LOG = new Section<>("log", ExporterConfig::log, ExporterConfig::withLog);
  private static final Section<SamplingSettings> SAMPLING =
      new Section<>("sampling", ExporterConfig::sampling, ExporterConfig::withSampling);
  /** Key-name privacy: settings of the sampling section held in their own record. */
  private static final Section<KeyNameSettings> KEY_NAMES = new Section<>("sampling",
      c -> c.sampling().keyNames(), (c, v) -> c.withSampling(c.sampling().withKeyNames(v)));
  /** Where the keys come from: settings of the sampling section held in their own record. */
  private static final Section<SampleSource> SOURCE = new Section<>("sampling", c -> c.sampling().source(),
      (c, v) -> c.withSampling(c.sampling().withSource(v)));
  private static final Section<ThresholdSettings> THRESHOLDS =
      new Section<>("thresholds", ExporterConfig::thresholds, ExporterConfig::withThresholds);
  private static final Section<AllocatorSettings> ALLOCATOR =
      new Section<>("allocator", ExporterConfig::allocator, ExporterConfig::withAllocator);
  private static final Section<InstanceFindingSettings> INSTANCE_FINDINGS =
      new Section<>("instanceFindings", ExporterConfig::instanceFindings, ExporterConfig::withInstanceFindings);

  /** Every setting the exporter knows, in the order {@code --help} and the documentation list them. */
  public static final List<Setting<?>> ALL = List.of(
      REDIS.setting("addr", ValueKind.REDIS_URL, "redis://localhost:6379", "REDIS_ADDR", RedisSettings::withAddr,
          "Redis to watch: redis://[user[:password]@]host:port[/db], rediss:// for TLS, or host:port; or "
          + "redis-sentinel://[user[:password]@]host:port[,host:port...]/mastername, rediss-sentinel:// for TLS"),
      REDIS.setting("user", ValueKind.STRING, "", "REDIS_USER", RedisSettings::withUser,
          "ACL user name (Redis 6+); empty means the default user"),
      REDIS.setting("password", ValueKind.SECRET, "", "REDIS_PASSWORD", RedisSettings::withPassword,
          "Password; prefer redis.passwordFile so it stays out of process listings"),
      REDIS.setting("passwordFile", ValueKind.READABLE_FILE, "", "REDIS_PASSWORD_FILE", RedisSettings::withPasswordFile,
          "File holding the password (surrounding whitespace trimmed); re-read at every reconnect"),
      REDIS.setting("passwordMapFile", ValueKind.READABLE_FILE, "", "REDIS_PASSWORD_MAP_FILE",
          RedisSettings::withPasswordMapFile,
          "redis_exporter's JSON password file, {\"redis://host:port\": \"password\"}; the entry of redis.addr is used"),
      REDIS.setting("renamedCommands", ValueKind.COMMAND_RENAMES, "", "REDIS_RENAMED_COMMANDS",
          RedisSettings::withRenamedCommands,
          "Commands the server renamed (rename-command), as {CONFIG: cfg_x} in YAML or CONFIG=cfg_x,MEMORY= on the "
          + "command line; an empty name = disabled there, never sent"),
      REDIS.setting("timeout", ValueKind.DURATION, "5s", "REDIS_TIMEOUT", RedisSettings::withTimeout,
          "Bound on connecting and on all the commands of one scrape; /metrics answers within it"),
      REDIS.setting("cluster", ValueKind.BOOLEAN, "false", "REDIS_CLUSTER", RedisSettings::withCluster,
          "redis.addr is a seed node of a Redis Cluster: /metrics and the report show the cluster as one, every node "
          + "is served by /scrape?target= and listed by /discover, and each shard is sampled once, on a replica by "
          + "default; analyze runs a pass per shard and merges them"),
      REDIS.setting("clusterRefresh", ValueKind.DURATION, "30s", "REDIS_CLUSTER_REFRESH",
          RedisSettings::withClusterRefresh,
          "How often redis.cluster reads the topology again (sooner after a node stops answering)")
          .forTheDaemonOnly(),
      SENTINEL.setting("sentinelUser", ValueKind.STRING, "", "REDIS_SENTINEL_USER", SentinelCredentials::withUser,
          "ACL user of the sentinels of a redis-sentinel:// addr (Redis 6.2+); empty means their default user"),
      SENTINEL.setting("sentinelPassword", ValueKind.SECRET, "", "REDIS_SENTINEL_PASSWORD",
          SentinelCredentials::withPassword,
          "Password of the sentinels (their requirepass), not the data nodes'; prefer redis.sentinelPasswordFile"),
      SENTINEL.setting("sentinelPasswordFile", ValueKind.READABLE_FILE, "", "REDIS_SENTINEL_PASSWORD_FILE",
          SentinelCredentials::withPasswordFile,
          "File holding the sentinels' password (surrounding whitespace trimmed); re-read at every reconnect"),
      REDIS_TLS.setting("caFile", RedisTlsFiles.CERTIFICATES, "", "REDIS_TLS_CA_FILE", TlsSettings::withCaFile,
          "PEM CA certificates that sign the server's certificate (rediss:// and rediss-sentinel:// only); empty = "
          + "the JVM's trust store"),
      REDIS_TLS.setting("certFile", RedisTlsFiles.CERTIFICATES, "", "REDIS_TLS_CERT_FILE", TlsSettings::withCertFile,
          "PEM client certificate for servers that require one (tls-auth-clients yes); needs redis.tls.keyFile"),
      REDIS_TLS.setting("keyFile", RedisTlsFiles.PRIVATE_KEY, "", "REDIS_TLS_KEY_FILE", TlsSettings::withKeyFile,
          "PEM private key (unencrypted PKCS#8) of redis.tls.certFile; the TLS files are re-read at every "
          + "connection and a change reconnects"),
      REDIS_TLS.setting("serverName", ValueKind.STRING, "", "REDIS_TLS_SERVER_NAME", TlsSettings::withServerName,
          "Name sent as SNI and checked against the server's certificate; empty = the host of redis.addr"),
      REDIS_TLS.setting("insecureSkipVerify", ValueKind.BOOLEAN, "false", "REDIS_TLS_INSECURE_SKIP_VERIFY",
          TlsSettings::withInsecureSkipVerify,
          "Accept any server certificate: encrypted but not authenticated; logs a warning at start-up"),
      WEB.setting("listenAddress", ValueKind.LISTEN_ADDRESS, ":19121", "", WebSettings::withListenAddress,
          "Address to serve HTTP on, [host]:port; an empty host means all interfaces").forTheDaemonOnly(),
      WEB.setting("telemetryPath", ValueKind.HTTP_PATH, "/metrics", "", WebSettings::withTelemetryPath,
          "Path of the metrics endpoint").forTheDaemonOnly(),
      WEB.setting("allowAnyTarget", ValueKind.BOOLEAN, "false", "", WebSettings::withAllowAnyTarget,
          "Let /scrape?target= read any Redis, not only redis.addr and the targets list: the exporter then "
          + "connects wherever a client asks").forTheDaemonOnly(),
      WEB.setting("configFile", ValueKind.READABLE_FILE, "", "", WebSettings::withConfigFile,
          "exporter-toolkit web config file: TLS, client certificates, basic auth, headers (see Securing the "
          + "endpoint); re-read while running. Flag spelled --web.config.file as in every Prometheus exporter")
          .forTheDaemonOnly(),
      LOG.setting("level", ValueKind.LOG_LEVEL, "info", "", LogSettings::withLevel,
          "Lowest level logged: debug, info, warn or error"),
      LOG.setting("format", ValueKind.LOG_FORMAT, "logfmt", "", LogSettings::withFormat,
          "Log line format: logfmt (also spelled text) or json"),
      SAMPLING.setting("enabled", ValueKind.BOOLEAN, "true", "", SamplingSettings::withEnabled,
          "Run the background key sampler (top keys, encodings, prefixes, TTLs, findings)").forTheDaemonOnly(),
      SAMPLING.setting("interval", ValueKind.DURATION, "1m", "", SamplingSettings::withInterval,
          "Pause between the end of one pass over the keyspace and the start of the next").forTheDaemonOnly(),
      SAMPLING.setting("maxKeysPerSecond", ValueKind.COUNT, "0", "", SamplingSettings::withMaxKeysPerSecond,
          "Most keys inspected per second; 0 = no cap (maxRedisTimeRatio still applies)"),
      SAMPLING.setting("maxRedisTimeRatio", ValueKind.RATIO, "0.001", "", SamplingSettings::withMaxRedisTimeRatio,
          "Most share of wall time the sampler's batches may keep Redis busy, timed by Redis per batch"),
      SAMPLING.setting("sampleRatio", ValueKind.RATIO, "1.0", "", SamplingSettings::withSampleRatio,
          "Share of keys inspected, chosen by key hash (the same keys each pass); results are estimates "
          + "with 99% bounds"),
      SAMPLING.setting("memoryUsageSamples", ValueKind.INT_COUNT, "5", "", SamplingSettings::withMemoryUsageSamples,
          "SAMPLES argument of MEMORY USAGE: elements averaged for big values (0 = exact but O(N): avoid)"),
      SAMPLING.setting("topKeys", ValueKind.INT_COUNT, "20", "", SamplingSettings::withTopKeys,
          "Biggest keys exported per pass as redismem_top_key_memory_bytes; 0 = none"),
      SAMPLING.setting("prefixDelimiters", ValueKind.NON_EMPTY, ":", "", SamplingSettings::withPrefixDelimiters,
          "Characters that separate key segments, for grouping keys by prefix"),
      SAMPLING.setting("prefixDepth", ValueKind.POSITIVE_INT, "1", "", SamplingSettings::withPrefixDepth,
          "Segments a prefix keeps: 1 groups user:42:a as user:, 2 as user:*:"),
      SAMPLING.setting("prefixPatterns", ValueKind.REGEX_LIST, "[]", "", SamplingSettings::withPrefixPatterns,
          "Regexes with a named group (?<prefix>...), tried before the delimiters; the first match wins"),
      SAMPLING.setting("maxPrefixes", ValueKind.POSITIVE_INT, "50", "", SamplingSettings::withMaxPrefixes,
          "Prefixes exported per database, the biggest by memory; the rest are summed as prefix=\"other\""),
      SAMPLING.setting("bigKeyBytes", ValueKind.BYTES, "10MiB", "", SamplingSettings::withBigKeyBytes,
          "Keys above this size are reported as the big_key finding"),
      SAMPLING.setting("smallStringsMinKeys", ValueKind.POSITIVE_INT, "1000", "",
          SamplingSettings::withSmallStringsMinKeys,
          "Small strings a prefix needs before they are reported as small_strings_groupable"),
      SAMPLING.setting("onPrimary", ValueKind.BOOLEAN, "true", "", SamplingSettings::withOnPrimary,
          "Sample while the node is a primary; false leaves the work to replicas").forTheDaemonOnly(),
      SAMPLING.setting("readFrom", ReadFrom.KIND, "replica", "", SamplingSettings::withReadFrom,
          "Node each pass samples, chosen anew per pass: replica (an online replica of redis.addr, else "
          + "redis.addr), primary, or any (redis.addr whatever its role)"),
      SAMPLING.setting("maxBatchKeys", ValueKind.POSITIVE_INT, "500", "", SamplingSettings::withMaxBatchKeys,
          "Most keys per batch (one SCAN step); fewer where one SCAN of them would not fit maxRedisTimePerCall, "
          + "halved while Redis is slow"),
      SAMPLING.setting("maxRedisTimePerCall", ValueKind.FINE_DURATION_OR_OFF, "1ms", "",
          SamplingSettings::withMaxRedisTimePerCall,
          "Longest one inspection script call may keep Redis from other clients: the script stops within it, leaving "
          + "the keys it did not reach to calls of their own, and inspects big collections alone (pipelined commands: "
          + "only SCAN's count is bounded, at its measured cost per key); 0 = no bound"),
      SAMPLING.setting("luaScripts", ValueKind.BOOLEAN, "true", "", SamplingSettings::withLuaScripts,
          "Inspect each batch with one read-only Lua script call; false (or a server refusing scripts) "
          + "pipelines commands"),
      SOURCE.setting("source", SampleSource.Kind.KIND, "scan", "", SampleSource::withKind,
          "Where the sampler's keys come from: scan (SCAN redis.addr) or rdb (read sampling.rdbFile after every "
          + "BGSAVE, asking Redis nothing per key; docs/snapshots.md)").forTheDaemonOnly(),
      SOURCE.setting("rdbFile", SampleSource.PATH, "", "", SampleSource::withRdbFile,
          "The RDB snapshot sampling.source rdb reads, e.g. /data/dump.rdb on a volume shared with Redis; it may "
          + "appear after start-up").forTheDaemonOnly(),
      KEY_NAMES.setting("keyNames", KeyNameSettings.Mode.KIND, "full", "", KeyNameSettings::withMode,
          "What metrics, page, /report.json and analyze show of key names: full, prefix (only the prefix group) "
          + "or hash (the prefix group and an HMAC-SHA256 keyed by keyNameSecret)"),
      KEY_NAMES.setting("keyNameSecret", ValueKind.SECRET, "", "REDISMEM_KEY_NAME_SECRET",
          KeyNameSettings::withSecret,
          "HMAC-SHA256 key of sampling.keyNames hash, at least 16 bytes; prefer keyNameSecretFile"),
      KEY_NAMES.setting("keyNameSecretFile", ValueKind.READABLE_FILE, "", "REDISMEM_KEY_NAME_SECRET_FILE",
          KeyNameSettings::withSecretFile,
          "File holding the key name secret (surrounding whitespace trimmed); read once at start"),
      THRESHOLDS.setting("hashMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withHashMaxListpackEntries,
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      THRESHOLDS.setting("hashMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withHashMaxListpackValue,
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      THRESHOLDS.setting("zsetMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withZsetMaxListpackEntries,
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      THRESHOLDS.setting("zsetMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withZsetMaxListpackValue,
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      THRESHOLDS.setting("setMaxIntsetEntries", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withSetMaxIntsetEntries,
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      THRESHOLDS.setting("setMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withSetMaxListpackEntries,
          "Used when CONFIG GET is unavailable (7.2+); empty = the server version's default"),
      THRESHOLDS.setting("setMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          ThresholdSettings::withSetMaxListpackValue,
          "Used when CONFIG GET is unavailable (7.2+); empty = the server version's default"),
      ALLOCATOR.setting("interval", ValueKind.DURATION_OR_OFF, "5m", "", AllocatorSettings::withInterval,
          "How often MEMORY MALLOC-STATS is read (allocator fragmentation by size class); 0 = never"),
      INSTANCE_FINDINGS.setting("fragmentationRatio", ValueKind.POSITIVE_NUMBER, "1.5", "",
          InstanceFindingSettings::withFragmentationRatio,
          "fragmentation_high when mem_fragmentation_ratio (RSS / used) is above this..."),
      INSTANCE_FINDINGS.setting("fragmentationMinBytes", ValueKind.BYTES, "100MiB", "",
          InstanceFindingSettings::withFragmentationMinBytes,
          "...and mem_fragmentation_bytes above this (MEMORY DOCTOR's defrag default, 100 MB)"),
      INSTANCE_FINDINGS.setting("restartFragmentationRatio", ValueKind.POSITIVE_NUMBER, "2.0", "",
          InstanceFindingSettings::withRestartFragmentationRatio,
          "fragmentation_high also advises a restart or failover above this ratio after restartMinUptime"),
      INSTANCE_FINDINGS.setting("restartMinUptime", ValueKind.DURATION, "7d", "",
          InstanceFindingSettings::withRestartMinUptime,
          "Uptime after which high fragmentation is worth a restart or failover"),
      INSTANCE_FINDINGS.setting("swapRatio", ValueKind.RATIO, "0.9", "", InstanceFindingSettings::withSwapRatio,
          "swapping when used_memory_rss is below this share of used_memory..."),
      INSTANCE_FINDINGS.setting("swapMinBytes", ValueKind.BYTES, "10MiB", "", InstanceFindingSettings::withSwapMinBytes,
          "...and used_memory exceeds used_memory_rss by more than this"),
      INSTANCE_FINDINGS.setting("maxmemoryHeadroom", ValueKind.RATIO, "0.25", "",
          InstanceFindingSettings::withMaxmemoryHeadroom,
          "maxmemory_unset advises maxmemory = peak used memory x (1 + this), capped by the host's memory"),
      INSTANCE_FINDINGS.setting("cacheExpiringShare", ValueKind.RATIO, "0.5", "",
          InstanceFindingSettings::withCacheExpiringShare,
          "A server with maxmemory and noeviction whose keys have a TTL at least this often looks like a cache"),
      INSTANCE_FINDINGS.setting("overheadShare", ValueKind.RATIO, "0.5", "", InstanceFindingSettings::withOverheadShare,
          "overhead_dominates when Redis's own overhead is above this share of overhead + dataset..."),
      INSTANCE_FINDINGS.setting("overheadMinKeys", ValueKind.COUNT, "100000", "",
          InstanceFindingSettings::withOverheadMinKeys,
          "...and the server holds at least this many keys"),
      INSTANCE_FINDINGS.setting("clientBufferBytes", ValueKind.BYTES, "10MiB", "",
          InstanceFindingSettings::withClientBufferBytes,
          "client_buffers_large when one normal client's output buffer (client_recent_max_output_buffer) is "
          + "above this"),
      INSTANCE_FINDINGS.setting("noTtlExpiringShare", ValueKind.RATIO, "0.1", "",
          InstanceFindingSettings::withNoTtlExpiringShare,
          "no_ttl_cache when fewer than this share of keys have a TTL on a server set up as a cache..."),
      INSTANCE_FINDINGS.setting("noTtlMinKeys", ValueKind.COUNT, "1000", "", InstanceFindingSettings::withNoTtlMinKeys,
          "...holding at least this many keys"),
      INSTANCE_FINDINGS.setting("listCompressionMinBytes", ValueKind.BYTES, "64MiB", "",
          InstanceFindingSettings::withListCompressionMinBytes,
          "list_compression_off when list-compress-depth is 0 and the last pass saw this much in quicklist lists"),
      INSTANCE_FINDINGS.setting("scriptCacheBytes", ValueKind.BYTES, "10MiB", "",
          InstanceFindingSettings::withScriptCacheBytes,
          "script_cache_large when cached EVAL scripts take more than this..."),
      INSTANCE_FINDINGS.setting("scriptCacheCount", ValueKind.COUNT, "1000", "",
          InstanceFindingSettings::withScriptCacheCount,
          "...or number_of_cached_scripts is above this (MEMORY DOCTOR's limit)"));

  /** The setting at this YAML path, or null. */
  public static Setting<?> byPath(String path) {
    for (Setting<?> s : ALL) {
      if (s.path.equals(path)) {
        return s;
      }
    }
    return null;
  }

  /** The setting whose flag is {@code --name} as {@link #kebabPath} spells it, or null. */
  public static Setting<?> byFlag(String name) {
    for (Setting<?> s : ALL) {
      if (s.kebabPath().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Parses {@code raw} and sets it in {@code config}; typed end to end, so nothing is cast. */
  ExporterConfig apply(ExporterConfig config, Object raw) throws ValueKind.Invalid {
    return setter.apply(config, kind.parse(raw));
  }

  Setting<T> forTheDaemonOnly() {
    return new Setting<>(path, kind, defaultValue, env, help, true, setter);
  }

  /** The path written in kebab case, as Prometheus exporters spell their flags: web.listen-address. */
  public String kebabPath() {
    if (path.equals("web.configFile")) {
      return "web.config.file"; // the exporter-toolkit's spelling, shared by every official exporter
    }
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
