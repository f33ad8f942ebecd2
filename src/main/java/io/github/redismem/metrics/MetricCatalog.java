package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every metric family the exporter can expose, in exposition order. docs/metrics.md is checked against it. */
public final class MetricCatalog {
  private MetricCatalog() {}

  static final MetricFamily UP = gauge("redismem_up", "1 if Redis answered INFO in this scrape, else 0.", "connection");
  static final MetricFamily SCRAPE_DURATION = gauge("redismem_scrape_duration_seconds",
      "Time this scrape spent reading Redis.", "exporter");
  static final MetricFamily BUILD_INFO = new MetricFamily("redismem_build_info", MetricType.INFO,
      List.of("version", "revision"), "Version of redis-memory-exporter.", "exporter");
  static final MetricFamily INSTANCE_INFO = new MetricFamily("redismem_instance_info", MetricType.INFO,
      List.of("redis_version", "server", "role", "redis_mode", "maxmemory_policy", "mem_allocator"),
      "The watched server: version (valkey_version on Valkey), redis or valkey, role, mode, policy, allocator.",
      "INFO server, replication, memory");
  static final MetricFamily COMMAND_ERRORS = new MetricFamily("redismem_command_errors_total", MetricType.COUNTER,
      List.of("command"), "Commands (and connection attempts) that failed or timed out.", "exporter");
  static final MetricFamily COMMAND_SKIPPED = new MetricFamily("redismem_command_skipped", MetricType.GAUGE,
      List.of("command", "reason"),
      "1 for an optional command skipped because Redis refused it for good (acl_denied, unknown_command, not_allowed).",
      "exporter");
  static final MetricFamily MEMORY_INFO_VALUE = new MetricFamily("redismem_memory_info_value", MetricType.GAUGE,
      List.of("field"), "A numeric INFO memory field with no curated name in this version of the exporter.",
      "INFO memory (any other numeric field)");
  static final MetricFamily MEMORY_STATS_VALUE = new MetricFamily("redismem_memory_stats_value", MetricType.GAUGE,
      List.of("field"), "A numeric MEMORY STATS field with no curated name in this version of the exporter.",
      "MEMORY STATS (any other numeric field)");
  static final MetricFamily DB_KEYS = new MetricFamily("redismem_db_keys", MetricType.GAUGE, List.of("db"),
      "Keys in the database.", "INFO keyspace keys");
  static final MetricFamily DB_KEYS_EXPIRING = new MetricFamily("redismem_db_keys_expiring", MetricType.GAUGE,
      List.of("db"), "Keys with a TTL in the database.", "INFO keyspace expires");
  static final MetricFamily DB_AVG_TTL = new MetricFamily("redismem_db_avg_ttl_seconds", MetricType.GAUGE,
      List.of("db"), "Estimated average TTL of the keys that have one (0 when unknown).", "INFO keyspace avg_ttl");
  static final MetricFamily DB_KEYS_FIELD_TTL = new MetricFamily("redismem_db_keys_with_field_ttl", MetricType.GAUGE,
      List.of("db"), "Hash keys with fields that have a TTL (7.4+).", "INFO keyspace subexpiry");
  static final MetricFamily DB_HASHTABLE_OVERHEAD = new MetricFamily("redismem_db_hashtable_overhead_bytes",
      MetricType.GAUGE, List.of("db", "table"), "Bytes of the database's main and expires hash tables.",
      "MEMORY STATS db.N overhead.hashtable.main / overhead.hashtable.expires");
  static final MetricFamily DOCTOR_ISSUE = new MetricFamily("redismem_doctor_issue", MetricType.GAUGE,
      List.of("issue"), "1 if MEMORY DOCTOR's check would report this issue, computed from INFO and MEMORY STATS "
      + "with the server's thresholds.", "INFO memory, MEMORY STATS");
  static final MetricFamily DOCTOR_AGREES = new MetricFamily("redismem_doctor_report_agrees", MetricType.GAUGE,
      List.of(), "1 if the MEMORY DOCTOR text names the same issues as redismem_doctor_issue, 0 if not (the two "
      + "are read a moment apart).", "MEMORY DOCTOR");
  static final MetricFamily CONFIG_MAX_ENTRIES = new MetricFamily("redismem_config_encoding_max_entries",
      MetricType.GAUGE, List.of("data_type"), "Most elements a value may hold and keep its compact encoding.",
      "CONFIG GET hash/zset/set-max-listpack-entries (6.2: *-max-ziplist-entries), list-max-listpack-size when > 0");
  static final MetricFamily CONFIG_MAX_VALUE = new MetricFamily("redismem_config_encoding_max_value_bytes",
      MetricType.GAUGE, List.of("data_type"), "Largest element a value may hold and keep its compact encoding.",
      "CONFIG GET hash/zset/set-max-listpack-value (6.2: *-max-ziplist-value)");
  static final MetricFamily CONFIG_INTSET = gauge("redismem_config_set_max_intset_entries",
      "Most integers a set may hold and stay an intset.", "CONFIG GET set-max-intset-entries");
  static final MetricFamily CONFIG_LIST_SIZE = gauge("redismem_config_list_max_listpack_size",
      "list-max-listpack-size as set: > 0 elements per node, -1..-5 a node size of 4..64 KiB.",
      "CONFIG GET list-max-listpack-size (6.2: list-max-ziplist-size)");
  static final MetricFamily CONFIG_LIST_COMPRESS = gauge("redismem_config_list_compress_depth",
      "Quicklist nodes left uncompressed at each end; 0 means no compression.", "CONFIG GET list-compress-depth");
  static final MetricFamily CONFIG_MAXMEMORY_SAMPLES = gauge("redismem_config_maxmemory_samples",
      "Keys sampled per eviction.", "CONFIG GET maxmemory-samples");
  static final MetricFamily CONFIG_ACTIVEDEFRAG = gauge("redismem_config_activedefrag",
      "1 if active defragmentation is enabled.", "CONFIG GET activedefrag");
  static final MetricFamily CONFIG_DEFRAG_IGNORE = gauge("redismem_config_active_defrag_ignore_bytes",
      "Fragmentation below this many bytes never starts active defrag.", "CONFIG GET active-defrag-ignore-bytes");
  static final MetricFamily CONFIG_DEFRAG_LOWER = gauge("redismem_config_active_defrag_threshold_lower_ratio",
      "Fragmentation (over 1) at which active defrag starts, as a ratio.", "CONFIG GET active-defrag-threshold-lower");
  static final MetricFamily CONFIG_DEFRAG_UPPER = gauge("redismem_config_active_defrag_threshold_upper_ratio",
      "Fragmentation (over 1) at which active defrag uses its most CPU, as a ratio.",
      "CONFIG GET active-defrag-threshold-upper");
  static final MetricFamily CONFIG_DEFRAG_CYCLE_MIN = gauge("redismem_config_active_defrag_cycle_min_ratio",
      "Least CPU share active defrag uses.", "CONFIG GET active-defrag-cycle-min");
  static final MetricFamily CONFIG_DEFRAG_CYCLE_MAX = gauge("redismem_config_active_defrag_cycle_max_ratio",
      "Most CPU share active defrag uses.", "CONFIG GET active-defrag-cycle-max");

  private static final List<MetricFamily> SCRAPE = scrapeFamilies();
  private static final List<MetricFamily> ALL = all(SCRAPE);

  /** Every family, in exposition order. */
  public static List<MetricFamily> all() {
    return ALL;
  }

  /** The families read from Redis at each scrape ({@link RedisMemoryCollector}). */
  static List<MetricFamily> scrape() {
    return SCRAPE;
  }

  private static List<MetricFamily> all(List<MetricFamily> scrape) {
    List<MetricFamily> all = new ArrayList<>(scrape);
    // in exposition order: the instance findings follow the scrape's families (InstanceFindingView)
    all.addAll(InstanceFindingCatalog.ALL);
    all.addAll(SamplerCatalog.ALL);
    all.addAll(SnapshotCatalog.ALL);
    all.addAll(AllocatorCatalog.ALL);
    all.addAll(ClusterCatalog.ALL);
    return Collections.unmodifiableList(all);
  }

  private static List<MetricFamily> scrapeFamilies() {
    List<MetricFamily> all = new ArrayList<>(List.of(UP, SCRAPE_DURATION, BUILD_INFO, INSTANCE_INFO, COMMAND_ERRORS,
        COMMAND_SKIPPED));
    InfoCatalog.FIELDS.forEach(f -> all.add(f.family()));
    all.add(MEMORY_INFO_VALUE);
    StatsCatalog.OWN.forEach(f -> all.add(f.family()));
    all.addAll(List.of(MEMORY_STATS_VALUE, DB_KEYS, DB_KEYS_EXPIRING, DB_AVG_TTL, DB_KEYS_FIELD_TTL,
        DB_HASHTABLE_OVERHEAD, DOCTOR_ISSUE, DOCTOR_AGREES, CONFIG_MAX_ENTRIES, CONFIG_MAX_VALUE, CONFIG_INTSET,
        CONFIG_LIST_SIZE, CONFIG_LIST_COMPRESS, CONFIG_MAXMEMORY_SAMPLES, CONFIG_ACTIVEDEFRAG, CONFIG_DEFRAG_IGNORE,
        CONFIG_DEFRAG_LOWER, CONFIG_DEFRAG_UPPER, CONFIG_DEFRAG_CYCLE_MIN, CONFIG_DEFRAG_CYCLE_MAX));
    return Collections.unmodifiableList(all);
  }

  private static MetricFamily gauge(String name, String help, String source) {
    return new MetricFamily(name, MetricType.GAUGE, List.of(), help, source);
  }
}
