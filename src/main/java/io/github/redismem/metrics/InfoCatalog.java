package io.github.redismem.metrics;

import static io.github.redismem.metrics.InfoField.counter;
import static io.github.redismem.metrics.InfoField.gauge;

import io.github.redismem.metrics.InfoField.Scale;
import java.util.List;
import java.util.Set;

/** The INFO fields that get curated names. Numeric memory fields not listed here still appear, generically. */
final class InfoCatalog {
  private InfoCatalog() {}

  static final String M = "memory";

  static final List<InfoField> FIELDS = List.of(
      gauge(M, "used_memory", "redismem_memory_used_bytes", "Bytes allocated by Redis through its allocator."),
      gauge(M, "used_memory_rss", "redismem_memory_rss_bytes", "Resident set size of the Redis process, as the OS sees it."),
      gauge(M, "used_memory_peak", "redismem_memory_peak_bytes", "Highest used memory since start-up or MEMORY PURGE/CONFIG RESETSTAT."),
      gauge(M, "used_memory_peak_perc", "redismem_memory_peak_used_ratio", "Used memory as a share of the peak (0..1).").scaled(Scale.PERCENT),
      gauge(M, "used_memory_peak_time", "redismem_memory_peak_timestamp_seconds", "When the peak was reached, Unix time."),
      gauge(M, "used_memory_overhead", "redismem_memory_overhead_bytes", "Bytes Redis spends on its own structures: dictionaries, buffers, backlog."),
      gauge(M, "used_memory_startup", "redismem_memory_startup_bytes", "Bytes used at start-up, before any data."),
      gauge(M, "used_memory_dataset", "redismem_memory_dataset_bytes", "Bytes of the dataset: used memory less overhead."),
      gauge(M, "used_memory_dataset_perc", "redismem_memory_dataset_ratio", "Dataset bytes as a share of used memory net of start-up memory (0..1).").scaled(Scale.PERCENT),
      gauge(M, "allocator_allocated", "redismem_allocator_allocated_bytes", "Bytes the allocator reports as allocated."),
      gauge(M, "allocator_active", "redismem_allocator_active_bytes", "Bytes in the allocator's active pages, fragmentation included."),
      gauge(M, "allocator_resident", "redismem_allocator_resident_bytes", "Bytes resident in the allocator, pages not yet returned to the OS included."),
      gauge(M, "allocator_muzzy", "redismem_allocator_muzzy_bytes", "Bytes in muzzy pages the allocator may return to the OS (7.4+)."),
      gauge(M, "allocator_frag_ratio", "redismem_allocator_fragmentation_ratio", "allocator active / allocated: external fragmentation that active defrag can reclaim."),
      gauge(M, "allocator_frag_bytes", "redismem_allocator_fragmentation_bytes", "allocator active - allocated, in bytes."),
      gauge(M, "allocator_rss_ratio", "redismem_allocator_rss_ratio", "allocator resident / active: pages the allocator keeps but does not use."),
      gauge(M, "allocator_rss_bytes", "redismem_allocator_rss_bytes", "allocator resident - active, in bytes."),
      gauge(M, "rss_overhead_ratio", "redismem_rss_overhead_ratio", "process RSS / allocator resident: memory outside the allocator (code, fork COW...)."),
      gauge(M, "rss_overhead_bytes", "redismem_rss_overhead_bytes", "process RSS - allocator resident, in bytes."),
      gauge(M, "mem_fragmentation_ratio", "redismem_memory_fragmentation_ratio", "RSS / used memory. Above 1.5: fragmentation; below 1: the OS swapped Redis out."),
      gauge(M, "mem_fragmentation_bytes", "redismem_memory_fragmentation_bytes", "RSS - used memory, in bytes."),
      gauge(M, "total_system_memory", "redismem_system_memory_bytes", "Memory of the host (or container limit seen by Redis)."),
      gauge(M, "maxmemory", "redismem_memory_max_bytes", "maxmemory; 0 means no limit."),
      gauge(M, "mem_not_counted_for_evict", "redismem_memory_not_counted_for_evict_bytes", "Used memory ignored by eviction (replica and AOF buffers)."),
      gauge(M, "mem_replication_backlog", "redismem_memory_replication_backlog_bytes", "Bytes of the replication backlog."),
      gauge(M, "mem_total_replication_buffers", "redismem_memory_replication_buffers_bytes", "Bytes of the shared replication buffers (7.0+)."),
      gauge(M, "mem_clients_slaves", "redismem_memory_clients_replicas_bytes", "Bytes of the buffers of replica clients."),
      gauge(M, "mem_clients_normal", "redismem_memory_clients_normal_bytes", "Bytes of the buffers of normal clients."),
      gauge(M, "mem_cluster_links", "redismem_memory_cluster_links_bytes", "Bytes of cluster bus links (7.0+)."),
      gauge(M, "mem_replica_full_sync_buffer", "redismem_memory_replica_fullsync_buffer_bytes", "Bytes buffered for replicas during a full sync (8.0+)."),
      gauge(M, "mem_aof_buffer", "redismem_memory_aof_buffer_bytes", "Bytes of the AOF buffers."),
      gauge(M, "mem_overhead_db_hashtable_rehashing", "redismem_memory_db_hashtable_rehashing_bytes", "Bytes of database hash tables being rehashed (7.4+)."),
      gauge(M, "used_memory_lua", "redismem_memory_lua_bytes", "Bytes of the Lua engine (eval scripts)."),
      gauge(M, "used_memory_vm_eval", "redismem_memory_vm_eval_bytes", "Bytes of the eval script VM (7.0+)."),
      gauge(M, "used_memory_vm_functions", "redismem_memory_vm_functions_bytes", "Bytes of the functions VM (7.0+)."),
      gauge(M, "used_memory_vm_total", "redismem_memory_vm_total_bytes", "Bytes of all script VMs (7.0+)."),
      gauge(M, "used_memory_scripts", "redismem_memory_scripts_bytes", "Bytes of script overhead: cached scripts and functions."),
      gauge(M, "used_memory_scripts_eval", "redismem_memory_scripts_eval_bytes", "Bytes of cached eval scripts (7.0+)."),
      gauge(M, "used_memory_functions", "redismem_memory_functions_bytes", "Bytes of function overhead (7.0+)."),
      gauge(M, "number_of_cached_scripts", "redismem_cached_scripts", "Cached eval scripts; MEMORY DOCTOR warns above 1000."),
      gauge(M, "number_of_functions", "redismem_functions", "Loaded functions (7.0+)."),
      gauge(M, "number_of_libraries", "redismem_function_libraries", "Loaded function libraries (7.0+)."),
      gauge(M, "active_defrag_running", "redismem_active_defrag_cpu_ratio", "Active defragmentation's CPU target while it runs, 0..1; 0 when it is not running.").scaled(Scale.PERCENT),
      gauge(M, "lazyfree_pending_objects", "redismem_lazyfree_pending_objects", "Objects waiting to be freed in the background."),
      counter(M, "lazyfreed_objects", "redismem_lazyfreed_objects_total", "Objects freed in the background."),

      gauge("server", "uptime_in_seconds", "redismem_uptime_seconds", "Seconds since Redis started."),
      gauge("clients", "connected_clients", "redismem_connected_clients", "Connected clients, replicas excluded."),
      gauge("clients", "client_recent_max_input_buffer", "redismem_client_recent_max_input_buffer_bytes", "Biggest client input buffer of late."),
      gauge("clients", "client_recent_max_output_buffer", "redismem_client_recent_max_output_buffer_bytes", "Biggest client output buffer of late."),
      counter("stats", "evicted_keys", "redismem_evicted_keys_total", "Keys evicted because of maxmemory."),
      counter("stats", "expired_keys", "redismem_expired_keys_total", "Keys deleted because their TTL ran out."),
      counter("stats", "evicted_clients", "redismem_evicted_clients_total", "Clients evicted because of maxmemory-clients (7.0+)."),
      counter("stats", "total_eviction_exceeded_time", "redismem_eviction_exceeded_seconds_total", "Time used memory spent above maxmemory (7.0+).").scaled(Scale.MILLIS),
      counter("stats", "active_defrag_hits", "redismem_active_defrag_hits_total", "Values moved by active defragmentation."),
      counter("stats", "active_defrag_misses", "redismem_active_defrag_misses_total", "Allocations active defragmentation looked at but left."),
      gauge("persistence", "loading", "redismem_loading", "1 while Redis loads its dataset from disk."),
      gauge("persistence", "rdb_bgsave_in_progress", "redismem_rdb_bgsave_in_progress", "1 while an RDB save runs (it forks: copy-on-write memory)."),
      gauge("persistence", "aof_rewrite_in_progress", "redismem_aof_rewrite_in_progress", "1 while an AOF rewrite runs (it forks)."),
      gauge("persistence", "current_cow_size", "redismem_fork_cow_bytes", "Copy-on-write bytes of the running fork child."),
      gauge("persistence", "rdb_last_cow_size", "redismem_rdb_last_cow_bytes", "Copy-on-write bytes of the last RDB save."),
      gauge("persistence", "aof_last_cow_size", "redismem_aof_last_cow_bytes", "Copy-on-write bytes of the last AOF rewrite."),
      gauge("replication", "connected_slaves", "redismem_connected_replicas", "Connected replicas."),
      gauge("replication", "repl_backlog_size", "redismem_replication_backlog_size_bytes", "Configured size of the replication backlog."),
      gauge("replication", "repl_backlog_histlen", "redismem_replication_backlog_history_bytes", "Bytes of history held in the replication backlog."));

  /** Memory fields that are not numbers or are the *_human twins of numbers already exported. */
  static boolean ignoredMemoryField(String field) {
    return field.endsWith("_human") || NON_NUMERIC_MEMORY_FIELDS.contains(field);
  }

  private static final Set<String> NON_NUMERIC_MEMORY_FIELDS = Set.of("maxmemory_policy", "mem_allocator");
}
