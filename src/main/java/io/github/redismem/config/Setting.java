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
          "Log line format: text (logfmt) or json"),
      new Setting("sampling.enabled", ValueKind.BOOLEAN, "true", "",
          "Run the background key sampler (top keys, encodings, prefixes, TTLs, findings)"),
      new Setting("sampling.interval", ValueKind.DURATION, "1m", "",
          "Pause between the end of one pass over the keyspace and the start of the next"),
      new Setting("sampling.maxKeysPerSecond", ValueKind.COUNT, "0", "",
          "Most keys inspected per second; 0 = no cap (maxRedisTimeRatio still applies)"),
      new Setting("sampling.maxRedisTimeRatio", ValueKind.RATIO, "0.01", "",
          "Most share of wall time the sampler's batches may keep Redis busy, timed by Redis per batch"),
      new Setting("sampling.sampleRatio", ValueKind.RATIO, "1.0", "",
          "Share of keys inspected, chosen by key hash (the same keys each pass); results are estimates with 99% bounds"),
      new Setting("sampling.memoryUsageSamples", ValueKind.COUNT, "5", "",
          "SAMPLES argument of MEMORY USAGE: elements averaged for big values (0 = exact but O(N): avoid)"),
      new Setting("sampling.topKeys", ValueKind.COUNT, "20", "",
          "Biggest keys exported per pass as redismem_top_key_memory_bytes; 0 = none"),
      new Setting("sampling.prefixDelimiters", ValueKind.NON_EMPTY, ":", "",
          "Characters that separate key segments, for grouping keys by prefix"),
      new Setting("sampling.prefixDepth", ValueKind.POSITIVE_COUNT, "1", "",
          "Segments a prefix keeps: 1 groups user:42:a as user:, 2 as user:*:"),
      new Setting("sampling.prefixPatterns", ValueKind.REGEX_LIST, "[]", "",
          "Regexes with a named group (?<prefix>...), tried before the delimiters; the first match wins"),
      new Setting("sampling.maxPrefixes", ValueKind.POSITIVE_COUNT, "50", "",
          "Prefixes exported per database, the biggest by memory; the rest are summed as prefix=\"other\""),
      new Setting("sampling.bigKeyBytes", ValueKind.BYTES, "10MiB", "",
          "Keys above this size are reported as the big_key finding"),
      new Setting("sampling.smallStringsMinKeys", ValueKind.POSITIVE_COUNT, "1000", "",
          "Small strings a prefix needs before they are reported as small_strings_groupable"),
      new Setting("sampling.onPrimary", ValueKind.BOOLEAN, "true", "",
          "Sample while the node is a primary; false leaves the work to replicas"),
      new Setting("sampling.maxBatchKeys", ValueKind.POSITIVE_COUNT, "500", "",
          "Most keys per batch (one script call); at 500 a batch holds Redis about 2 ms; halved while Redis is slow"),
      new Setting("sampling.luaScripts", ValueKind.BOOLEAN, "true", "",
          "Inspect each batch with one read-only Lua script call; false (or a server refusing scripts) pipelines commands"),
      new Setting("thresholds.hashMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      new Setting("thresholds.hashMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      new Setting("thresholds.zsetMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      new Setting("thresholds.zsetMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      new Setting("thresholds.setMaxIntsetEntries", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable; empty = the server version's default"),
      new Setting("thresholds.setMaxListpackEntries", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable (7.2+); empty = the server version's default"),
      new Setting("thresholds.setMaxListpackValue", ValueKind.OPTIONAL_COUNT, "", "",
          "Used when CONFIG GET is unavailable (7.2+); empty = the server version's default"),
      new Setting("allocator.interval", ValueKind.DURATION_OR_OFF, "5m", "",
          "How often MEMORY MALLOC-STATS is read (allocator fragmentation by size class); 0 = never"),
      new Setting("instanceFindings.fragmentationRatio", ValueKind.POSITIVE_NUMBER, "1.5", "",
          "fragmentation_high when mem_fragmentation_ratio (RSS / used) is above this..."),
      new Setting("instanceFindings.fragmentationMinBytes", ValueKind.BYTES, "100MiB", "",
          "...and mem_fragmentation_bytes above this (MEMORY DOCTOR's defrag default, 100 MB)"),
      new Setting("instanceFindings.restartFragmentationRatio", ValueKind.POSITIVE_NUMBER, "2.0", "",
          "fragmentation_high also advises a restart or failover above this ratio after restartMinUptime"),
      new Setting("instanceFindings.restartMinUptime", ValueKind.DURATION, "7d", "",
          "Uptime after which high fragmentation is worth a restart or failover"),
      new Setting("instanceFindings.swapRatio", ValueKind.RATIO, "0.9", "",
          "swapping when used_memory_rss is below this share of used_memory..."),
      new Setting("instanceFindings.swapMinBytes", ValueKind.BYTES, "10MiB", "",
          "...and used_memory exceeds used_memory_rss by more than this"),
      new Setting("instanceFindings.maxmemoryHeadroom", ValueKind.RATIO, "0.25", "",
          "maxmemory_unset advises maxmemory = peak used memory x (1 + this), capped by the host's memory"),
      new Setting("instanceFindings.cacheExpiringShare", ValueKind.RATIO, "0.5", "",
          "A server with maxmemory and noeviction whose keys have a TTL at least this often looks like a cache"),
      new Setting("instanceFindings.overheadShare", ValueKind.RATIO, "0.5", "",
          "overhead_dominates when Redis's own overhead is above this share of overhead + dataset..."),
      new Setting("instanceFindings.overheadMinKeys", ValueKind.COUNT, "100000", "",
          "...and the server holds at least this many keys"),
      new Setting("instanceFindings.clientBufferBytes", ValueKind.BYTES, "10MiB", "",
          "client_buffers_large when one normal client's output buffer (client_recent_max_output_buffer) is above this"),
      new Setting("instanceFindings.noTtlExpiringShare", ValueKind.RATIO, "0.1", "",
          "no_ttl_cache when fewer than this share of keys have a TTL on a server set up as a cache..."),
      new Setting("instanceFindings.noTtlMinKeys", ValueKind.COUNT, "1000", "",
          "...holding at least this many keys"),
      new Setting("instanceFindings.listCompressionMinBytes", ValueKind.BYTES, "64MiB", "",
          "list_compression_off when list-compress-depth is 0 and the last pass saw this much in quicklist lists"),
      new Setting("instanceFindings.scriptCacheBytes", ValueKind.BYTES, "10MiB", "",
          "script_cache_large when cached EVAL scripts take more than this..."),
      new Setting("instanceFindings.scriptCacheCount", ValueKind.COUNT, "1000", "",
          "...or number_of_cached_scripts is above this (MEMORY DOCTOR's limit)"));

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
