package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;

/** The metric families of the key sampler. Values of a pass come "from the last completed pass". */
final class SamplerCatalog {
  private SamplerCatalog() {}

  private static final String PASS = " From the last completed pass; estimated when sampling.sampleRatio < 1.";
  private static final String BOUND = " Present only for a sampled pass (sampling.sampleRatio < 1); docs/sampling.md.";

  static final MetricFamily KEYS = family("redismem_keys", List.of("db", "data_type", "encoding"),
      "Keys by data type and encoding." + PASS, "TYPE, OBJECT ENCODING");
  static final MetricFamily KEYS_MEMORY = family("redismem_keys_memory_bytes", List.of("db", "data_type", "encoding"),
      "Bytes of keys by data type and encoding." + PASS, "MEMORY USAGE");
  static final MetricFamily KEY_SIZE = new MetricFamily("redismem_key_size_bytes", MetricType.HISTOGRAM,
      List.of("data_type"), "Distribution of key sizes (64 B to 1 GiB)." + PASS, "MEMORY USAGE");
  static final MetricFamily KEY_ELEMENTS = new MetricFamily("redismem_key_elements", MetricType.HISTOGRAM,
      List.of("data_type"), "Distribution of element counts of hashes, lists, sets, sorted sets and streams (strings"
          + " are in redismem_string_length_bytes)." + PASS, "HLEN, LLEN, SCARD, ZCARD, XLEN");
  static final MetricFamily STRING_LENGTH = new MetricFamily("redismem_string_length_bytes", MetricType.HISTOGRAM,
      List.of(), "Distribution of string lengths (64 B to 1 GiB, the buckets of redismem_key_size_bytes)." + PASS,
      "STRLEN");
  static final MetricFamily TOP_KEY = family("redismem_top_key_memory_bytes",
      List.of("db", "key", "data_type", "encoding"),
      "The sampling.topKeys biggest keys; of a sampled pass, the biggest of the sampled keys (bigger ones may exist);"
          + " key names escaped and cut at 120 chars, or concealed per sampling.keyNames (prefix: the biggest key"
          + " of each prefix group, data type and encoding)."
          + " From the last completed pass.", "MEMORY USAGE");
  static final MetricFamily PREFIX_KEYS = family("redismem_prefix_keys", List.of("db", "prefix"),
      "Keys per prefix, the sampling.maxPrefixes biggest by memory, the rest as prefix=\"other\". From the last"
          + " completed pass; counted from SCAN's names, so exact also when sampling.sampleRatio < 1.",
      "SCAN");
  static final MetricFamily PREFIX_MEMORY = family("redismem_prefix_memory_bytes", List.of("db", "prefix"),
      "Bytes per prefix." + PASS, "MEMORY USAGE");
  static final MetricFamily PREFIX_NO_TTL = family("redismem_prefix_keys_without_ttl", List.of("db", "prefix"),
      "Keys without a TTL per prefix." + PASS, "PTTL");
  static final MetricFamily TTL_MEMORY = family("redismem_memory_by_ttl_bytes", List.of("db", "ttl"),
      "Bytes by remaining TTL: none, then buckets up to 1h, 4h, 12h, 1d, 7d, 30d, and inf beyond." + PASS,
      "PTTL, MEMORY USAGE");
  static final MetricFamily FINDING_KEYS = family("redismem_finding_keys", List.of("db", "finding"),
      "Keys showing a memory anti-pattern (docs/sampling.md)." + PASS, "sampler");
  static final MetricFamily FINDING_MEMORY = family("redismem_finding_memory_bytes", List.of("db", "finding"),
      "Bytes of the keys showing a finding." + PASS, "sampler");
  static final MetricFamily FINDING_RECLAIMABLE = family("redismem_finding_reclaimable_bytes",
      List.of("db", "finding"), "Estimated bytes freed by fixing the finding; 0 for no_ttl and big_key, whose fix"
          + " frees nothing by itself (their memory is in redismem_finding_memory_bytes)." + PASS, "sampler");
  static final MetricFamily KEYS_BOUND = family("redismem_keys_bound", List.of("db", "data_type", "encoding", "bound"),
      "99% bounds (bound=lower|upper) of redismem_keys." + BOUND, "sampler");
  static final MetricFamily KEYS_MEMORY_BOUND = family("redismem_keys_memory_bound_bytes",
      List.of("db", "data_type", "encoding", "bound"), "99% bounds of redismem_keys_memory_bytes." + BOUND, "sampler");
  static final MetricFamily PREFIX_MEMORY_BOUND = family("redismem_prefix_memory_bound_bytes",
      List.of("db", "prefix", "bound"), "99% bounds of redismem_prefix_memory_bytes." + BOUND, "sampler");
  static final MetricFamily TTL_MEMORY_BOUND = family("redismem_memory_by_ttl_bound_bytes",
      List.of("db", "ttl", "bound"), "99% bounds of redismem_memory_by_ttl_bytes." + BOUND, "sampler");
  static final MetricFamily FINDING_KEYS_BOUND = family("redismem_finding_keys_bound",
      List.of("db", "finding", "bound"), "99% bounds of redismem_finding_keys." + BOUND, "sampler");
  static final MetricFamily FINDING_MEMORY_BOUND = family("redismem_finding_memory_bound_bytes",
      List.of("db", "finding", "bound"), "99% bounds of redismem_finding_memory_bytes." + BOUND, "sampler");
  static final MetricFamily UNATTRIBUTED = gauge("redismem_scan_unattributed_bytes",
      "Bytes of the dataset (used_memory_dataset) that a sampled pass could not attribute to any category: add it to"
          + " the sum of redismem_keys_memory_bytes for the total. 0 for an exact pass.");
  static final MetricFamily SCAN_KEYS = counter("redismem_scan_keys_total", List.of(), "Keys inspected by the sampler.");
  static final MetricFamily SCAN_PASSES = counter("redismem_scan_passes_total", List.of(), "Completed sampler passes.");
  static final MetricFamily SCAN_VANISHED = counter("redismem_scan_keys_vanished_total", List.of(),
      "Keys deleted, expired or retyped between SCAN and their inspection.");
  static final MetricFamily SCAN_FORBIDDEN = gauge("redismem_scan_keys_forbidden",
      "Keys the last pass could not inspect because they are outside the ACL user's key pattern (NOPERM): counted,"
          + " not inspected, in none of the pass's figures; of a sampled pass, those among the sampled keys. 0 with ~*.");
  static final MetricFamily SCAN_NOT_OWNED = gauge("redismem_scan_keys_not_owned",
      "Keys the last pass scanned of Redis Cluster slots its shard did not own as the pass started (slots being"
          + " migrated to it; SCAN is not slot-routed): not inspected, in none of the pass's figures, counted by the"
          + " shard that owned them, so no key counts twice. 0 outside a cluster and between migrations.");
  static final MetricFamily SCAN_ERRORS = counter("redismem_scan_errors_total", List.of("reason"),
      "Failed sampler batches by reason: timeout, connection, refused, loading, error.");
  static final MetricFamily SCAN_PROGRESS = gauge("redismem_scan_pass_progress_ratio",
      "Share of the keyspace the running pass has walked (1 when idle after a pass).");
  static final MetricFamily SCAN_DURATION = gauge("redismem_scan_last_pass_duration_seconds",
      "Duration of the last completed pass.");
  static final MetricFamily SCAN_TIMESTAMP = gauge("redismem_scan_last_pass_timestamp_seconds",
      "When the last completed pass ended, Unix time: time() minus this is the age of the sampler's metrics.");
  static final MetricFamily SCAN_ESTIMATED = gauge("redismem_scan_results_estimated",
      "1 while the key-analysis series (keys, prefixes, TTL buckets, findings, their bounds, histograms, top keys "
      + "so far) are an early estimate extrapolated from the unfinished first pass (docs/sampling.md, \"Early "
      + "estimates\"); 0 once a pass has completed, which alone they then show, or while there is neither.");
  static final MetricFamily SCAN_ESTIMATE_PROGRESS = gauge("redismem_scan_results_estimate_progress_ratio",
      "Share of the keyspace the first pass had walked when the early estimate served was made; present only "
      + "while redismem_scan_results_estimated is 1.");
  static final MetricFamily SCAN_TIME_RATIO = gauge("redismem_scan_redis_time_ratio",
      "Measured share of wall time the sampler's commands kept Redis busy in the running (or last) pass.");
  static final MetricFamily SCAN_BATCH_KEYS = gauge("redismem_scan_batch_keys",
      "Keys the sampler asks per step (one SCAN), at most what one SCAN may return within "
      + "sampling.maxRedisTimePerCall; absent before the first pass.");
  static final MetricFamily SCAN_LONGEST_CALL = gauge("redismem_scan_longest_call_seconds",
      "Longest time one inspection script call kept Redis busy in the last completed pass, by Redis's own clock "
      + "plus the call's protocol work; where commands are pipelined, the longest SCAN (timed alone by a TIME before "
      + "and after it). Absent before the first pass, and where TIME is refused to a pipelining sampler.");
  static final MetricFamily SCAN_SAMPLE_RATIO = gauge("redismem_scan_sample_ratio",
      "Share of keys the sampler inspects (sampling.sampleRatio).");
  static final MetricFamily SCAN_STATE = new MetricFamily("redismem_scan_state", MetricType.GAUGE, List.of("state"),
      "1 for what the sampler is doing: running, idle, waiting_loading, skipped_primary, failing or refused (a "
          + "command it cannot do without, SCAN, is not permitted).", "sampler");
  static final MetricFamily SCAN_NODE = new MetricFamily("redismem_scan_node_info", MetricType.INFO,
      List.of("node", "role"), "1 for the node the running (or last) pass reads, host:port, and its role (primary or "
          + "replica) at the pass's start: chosen per pass by sampling.readFrom, a replica where one is online. "
          + "One series; absent before the first pass and while no node is sampled (skipped_primary).", "sampler");

  static final MetricFamily SOURCE = new MetricFamily("redismem_sampler_source_info", MetricType.INFO,
      List.of("source"), "1 for where the sampler's keys come from (sampling.source): scan (SCAN of the watched "
          + "Redis) or rdb (the RDB snapshot in sampling.rdbFile; its age is redismem_snapshot_timestamp_seconds).",
      "sampling.source");

  static final MetricFamily CAPABILITY = family("redismem_capability", List.of("command"),
      "1 where Redis permits a command the sampler uses, 0 where it refused it: scan (0: the sampler is off), object "
          + "(0: encodings inferred), memory_usage (0: sizes estimated), eval (0: pipelined commands), config_get "
          + "(0: thresholds from the configuration). Refusals of the commands a scrape sends: the command_skipped "
          + "family.", "sampler");

  static final List<MetricFamily> ALL = List.of(KEYS, KEYS_MEMORY, KEY_SIZE, KEY_ELEMENTS, STRING_LENGTH, TOP_KEY,
      PREFIX_KEYS,
      PREFIX_MEMORY, PREFIX_NO_TTL, TTL_MEMORY, FINDING_KEYS, FINDING_MEMORY, FINDING_RECLAIMABLE, KEYS_BOUND,
      KEYS_MEMORY_BOUND, PREFIX_MEMORY_BOUND, TTL_MEMORY_BOUND, FINDING_KEYS_BOUND, FINDING_MEMORY_BOUND,
      UNATTRIBUTED, SCAN_KEYS,
      SCAN_PASSES, SCAN_VANISHED, SCAN_FORBIDDEN, SCAN_NOT_OWNED,
      SCAN_ERRORS, SCAN_PROGRESS, SCAN_DURATION, SCAN_TIMESTAMP, SCAN_ESTIMATED,
      SCAN_ESTIMATE_PROGRESS, SCAN_TIME_RATIO,
      SCAN_BATCH_KEYS, SCAN_LONGEST_CALL, SCAN_SAMPLE_RATIO, SCAN_STATE, SCAN_NODE, SOURCE, CAPABILITY);

  static final List<String> STATES = List.of("running", "idle", "waiting_loading", "skipped_primary", "failing",
      "refused");

  private static MetricFamily family(String name, List<String> labels, String help, String source) {
    return new MetricFamily(name, MetricType.GAUGE, labels, help, source);
  }

  private static MetricFamily counter(String name, List<String> labels, String help) {
    return new MetricFamily(name, MetricType.COUNTER, labels, help, "sampler");
  }

  private static MetricFamily gauge(String name, String help) {
    return new MetricFamily(name, MetricType.GAUGE, List.of(), help, "sampler");
  }
}
