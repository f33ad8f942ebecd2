package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;
import java.util.Map;

/**
 * MEMORY STATS fields. Most repeat an INFO memory field under another name: those feed the INFO metric (when INFO
 * lacks the field) instead of being exported twice. The rest get names of their own; unknown ones stay generic.
 */
final class StatsCatalog {
  private StatsCatalog() {}

  /** MEMORY STATS field -> the INFO memory field holding the same number. */
  static final Map<String, String> SAME_AS_INFO = Map.ofEntries(
      Map.entry("peak.allocated", "used_memory_peak"),
      Map.entry("total.allocated", "used_memory"),
      Map.entry("startup.allocated", "used_memory_startup"),
      Map.entry("replication.backlog", "mem_replication_backlog"),
      Map.entry("clients.slaves", "mem_clients_slaves"),
      Map.entry("clients.normal", "mem_clients_normal"),
      Map.entry("cluster.links", "mem_cluster_links"),
      Map.entry("aof.buffer", "mem_aof_buffer"),
      Map.entry("overhead.total", "used_memory_overhead"),
      Map.entry("dataset.bytes", "used_memory_dataset"),
      Map.entry("allocator.allocated", "allocator_allocated"),
      Map.entry("allocator.active", "allocator_active"),
      Map.entry("allocator.resident", "allocator_resident"),
      Map.entry("allocator.muzzy", "allocator_muzzy"),
      Map.entry("allocator-fragmentation.ratio", "allocator_frag_ratio"),
      Map.entry("allocator-fragmentation.bytes", "allocator_frag_bytes"),
      Map.entry("allocator-rss.ratio", "allocator_rss_ratio"),
      Map.entry("allocator-rss.bytes", "allocator_rss_bytes"),
      Map.entry("rss-overhead.ratio", "rss_overhead_ratio"),
      Map.entry("rss-overhead.bytes", "rss_overhead_bytes"),
      Map.entry("fragmentation", "mem_fragmentation_ratio"),
      Map.entry("fragmentation.bytes", "mem_fragmentation_bytes"),
      Map.entry("overhead.db.hashtable.rehashing", "mem_overhead_db_hashtable_rehashing"),
      Map.entry("replica.fullsync.buffer", "mem_replica_full_sync_buffer"));

  /** MEMORY STATS percentages (0..100) that equal an INFO *_perc field; exported as that field's ratio. */
  static final Map<String, String> PERCENT_SAME_AS_INFO = Map.of(
      "dataset.percentage", "used_memory_dataset_perc",
      "peak.percentage", "used_memory_peak_perc");

  record StatsField(String field, MetricFamily family) {}

  static final List<StatsField> OWN = List.of(
      own("keys.count", "redismem_memory_stats_keys", "Keys in all databases, as MEMORY STATS counts them."),
      own("keys.bytes-per-key", "redismem_memory_per_key_bytes",
          "Average bytes per key (7.4+: dataset / keys; before: (used - startup) / keys)."),
      own("lua.caches", "redismem_memory_lua_caches_bytes", "Bytes of cached Lua scripts."),
      own("functions.caches", "redismem_memory_functions_caches_bytes", "Bytes of function caches (7.0+)."),
      own("overhead.db.hashtable.lut", "redismem_memory_db_hashtable_lut_bytes",
          "Bytes of the database hash tables' lookup tables (7.4+)."),
      own("db.dict.rehashing.count", "redismem_db_dicts_rehashing", "Database dictionaries being rehashed (7.4+)."),
      own("script.VMs", "redismem_memory_script_vms_bytes", "Bytes of script VMs (8.0+)."));

  private static StatsField own(String field, String name, String help) {
    return new StatsField(field, new MetricFamily(name, MetricType.GAUGE, List.of(), help, "MEMORY STATS " + field));
  }
}
