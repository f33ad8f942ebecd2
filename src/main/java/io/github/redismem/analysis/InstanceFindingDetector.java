package io.github.redismem.analysis;

import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.MemoryState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges the instance as a whole: fragmentation, swapping, the memory limit, per-key overhead, client buffers, a
 * cache without TTLs, list compression and the script cache. Pure: a function of one memory state, the
 * {@code instanceFindings.*} settings and, when there is one, the last pass (which names prefixes and sees lists).
 *
 * <p>Each rule gives its fix with values computed from the same numbers, so the rule and the advice cannot drift
 * apart; the formulas are in docs/report.md ("Instance findings").
 */
public final class InstanceFindingDetector {
  static final long MIB = 1L << 20;
  /** The share of the host's memory a suggested maxmemory may take: the rest is for fork copy-on-write and the OS. */
  static final double HOST_SHARE = 0.75;
  /** Lists with more elements than this count as long in the evidence of list_compression_off. */
  static final long LONG_LIST_ELEMENTS = 1024;
  /** Prefixes whose keys average at most this many bytes are named as candidates for hashes. */
  static final long SMALL_KEY_BYTES = 256;

  private InstanceFindingDetector() {}

  /**
   * Every instance finding, fired or not, in {@link InstanceFinding} order; empty when Redis did not answer INFO.
   */
  public static List<InstanceFindingResult> evaluate(MemoryState state, InstanceFindingSettings settings,
      Optional<PassResult> lastPass) {
    if (!state.up() || state.info().isEmpty()) {
      return List.of();
    }
    InstanceFacts f = InstanceFacts.of(state);
    return List.of(InstanceFixes.fragmentation(f, settings), InstanceFixes.swapping(f, settings),
        InstanceFixes.maxmemory(f, settings), overhead(f, settings, lastPass), InstanceFixes.clientBuffers(f, settings),
        noTtlCache(f, settings, lastPass), listCompression(f, settings, lastPass), InstanceFixes.scripts(f, settings));
  }

  /** Only the findings that fired. */
  public static List<InstanceFindingResult> fired(List<InstanceFindingResult> all) {
    return all.stream().filter(InstanceFindingResult::fired).toList();
  }

  static InstanceFindingResult overhead(InstanceFacts f, InstanceFindingSettings s, Optional<PassResult> pass) {
    double total = f.memory("overhead.total", "used_memory_overhead").orElse(0);
    double startup = f.memory("startup.allocated", "used_memory_startup").orElse(0);
    double dataset = f.memory("dataset.bytes", "used_memory_dataset").orElse(0);
    // What is left after the fixed start-up cost and the parts that are not keys is the databases' hash tables
    double notKeys = f.memory("clients.normal", "mem_clients_normal").orElse(0)
        + f.memory("clients.slaves", "mem_clients_slaves").orElse(0)
        + f.memory("replication.backlog", "mem_replication_backlog").orElse(0)
        + f.memory("aof.buffer", "mem_aof_buffer").orElse(0)
        + f.memory("lua.caches", "used_memory_scripts").orElse(0);
    double keysOverhead = Math.max(0, total - startup - notKeys);
    double share = keysOverhead + dataset > 0 ? keysOverhead / (keysOverhead + dataset) : 0;
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("keys_overhead_bytes", keysOverhead);
    evidence.put("used_memory_dataset", dataset);
    evidence.put("overhead_share", share);
    evidence.put("keys", (double) f.keys());
    evidence.put("bytes_per_key", f.keys() > 0 ? (keysOverhead + dataset) / f.keys() : 0);
    if (!(share > s.overheadShare() && f.keys() >= s.overheadMinKeys())) {
      return InstanceFindingResult.clear(InstanceFinding.OVERHEAD_DOMINATES, keysOverhead, evidence);
    }
    long hashEntries = f.configNumber("hash-max-listpack-entries").orElse(
        f.configNumber("hash-max-ziplist-entries").orElse(f.major() >= 7 ? 128 : 512));
    long perHash = Math.max(1, Math.min(100, hashEntries));
    String compact = f.major() > 0 && f.major() < 7 ? "ziplist" : "listpack";
    List<String> steps = new ArrayList<>();
    steps.add("group small keys as fields of hashes: instead of SET <prefix><id> <value>, HSET <prefix><id / "
        + perHash + "> <id % " + perHash + "> <value> (read with HGET)");
    steps.add(perHash + " fields per hash keeps each one under hash-max-" + compact + "-entries (" + hashEntries
        + ") so it stays a compact " + compact + "; values must stay under hash-max-" + compact + "-value");
    List<String> prefixes = pass.map(InstanceFindingDetector::smallKeyPrefixes).orElse(List.of());
    if (!prefixes.isEmpty()) {
      steps.add("start with the prefixes holding most small keys in the last pass: " + String.join(", ", prefixes));
    } else {
      steps.add(pass.isPresent() ? "no prefix of the last pass has small enough keys: look for many tiny values"
          : "turn on the key sampler (sampling.enabled) to name the prefixes with the most small keys");
    }
    steps.add("a field cannot expire on its own before Redis 7.4 (HEXPIRE): group only keys that share a lifetime");
    String summary = String.format(Locale.ROOT, "Redis spends %s on its hash tables for %,d keys against %s of"
        + " data (%.0f%% overhead, %.0f bytes a key all told): each key costs a dict entry, a key object and a"
        + " key string whatever its value. As fields of small hashes, keys cost a few bytes each.",
        mib(keysOverhead), f.keys(), mib(dataset), 100 * share, evidence.get("bytes_per_key"));
    return new InstanceFindingResult(InstanceFinding.OVERHEAD_DOMINATES, true, keysOverhead, evidence, summary,
        steps);
  }

  /** Up to 5 prefixes with the most keys among those whose keys average at most {@link #SMALL_KEY_BYTES}. */
  static List<String> smallKeyPrefixes(PassResult pass) {
    return pass.prefixes().stream()
        .filter(p -> !p.prefix().equals("other") && p.keys() >= 1 && p.bytes() / p.keys() <= SMALL_KEY_BYTES)
        .sorted((a, b) -> Double.compare(b.keys(), a.keys())).limit(5)
        .map(p -> String.format(Locale.ROOT, "%s (db %d: %,.0f keys, %.0f B each)", p.prefix(), p.db(), p.keys(),
            p.bytes() / p.keys()))
        .toList();
  }

  static InstanceFindingResult noTtlCache(InstanceFacts f, InstanceFindingSettings s, Optional<PassResult> pass) {
    String policy = f.text("memory", "maxmemory_policy");
    double maxmemory = f.info("memory", "maxmemory", 0);
    boolean evicts = policy.startsWith("allkeys-") || policy.startsWith("volatile-");
    boolean cache = evicts || maxmemory > 0;
    double dataset = f.memory("dataset.bytes", "used_memory_dataset").orElse(0);
    // the last pass measured the keys without TTL; without it, assume they are as big as the others
    OptionalDouble measured = pass.map(p -> p.ttls().stream().filter(t -> t.bucket() == TtlBucket.NONE)
        .mapToDouble(PassResult.TtlGroup::bytes).sum()).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    double noTtlBytes = measured.orElse(dataset * (1 - f.expiringShare()));
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("keys", (double) f.keys());
    evidence.put("expires", (double) f.expires());
    evidence.put("expiring_share", f.expiringShare());
    evidence.put("maxmemory", maxmemory);
    evidence.put("keys_without_ttl_bytes", noTtlBytes);
    if (!(cache && f.keys() >= s.noTtlMinKeys() && f.expiringShare() < s.noTtlExpiringShare())) {
      return InstanceFindingResult.clear(InstanceFinding.NO_TTL_CACHE, noTtlBytes, evidence);
    }
    List<String> steps = new ArrayList<>();
    String summary;
    String lfu = policy.endsWith("-lfu") ? "lfu" : "lru";
    if (policy.startsWith("volatile-")) {
      summary = String.format(Locale.ROOT, "maxmemory-policy is %s, which evicts only keys with a TTL, but only"
          + " %,d of %,d keys have one: when memory fills, Redis cannot make room and writes fail with OOM.",
          policy, f.expires(), f.keys());
      steps.add("CONFIG SET maxmemory-policy allkeys-" + lfu + " (now " + policy + "), then CONFIG REWRITE");
    } else if (evicts) {
      summary = String.format(Locale.ROOT, "This looks like a cache (maxmemory-policy %s) but only %,d of %,d keys"
          + " have a TTL: eviction makes room, but stale data stays until memory is full and every key costs"
          + " memory until then.", policy, f.expires(), f.keys());
    } else {
      summary = String.format(Locale.ROOT, "maxmemory is set (%s) but maxmemory-policy is %s and only %,d of %,d"
          + " keys have a TTL: once the limit is reached, writes fail with OOM instead of old keys making room.",
          mib(maxmemory), policy.isEmpty() ? "unknown" : policy, f.expires(), f.keys());
      steps.add("if Redis is a cache: CONFIG SET maxmemory-policy allkeys-lru (now " + policy
          + "), then CONFIG REWRITE");
    }
    steps.add(0, "set a TTL when writing: SET <key> <value> EX <seconds>, or EXPIRE <key> <seconds> afterwards");
    List<String> prefixes = pass.map(p -> p.prefixes().stream()
        .filter(g -> g.keysWithoutTtl() >= 1 && !g.prefix().equals("other"))
        .sorted((a, b) -> Double.compare(b.keysWithoutTtl(), a.keysWithoutTtl())).limit(3)
        .map(g -> String.format(Locale.ROOT, "%s (db %d: %,.0f keys)", g.prefix(), g.db(), g.keysWithoutTtl()))
        .toList()).orElse(List.of());
    if (!prefixes.isEmpty()) {
      steps.add(1, "start with the prefixes holding most keys without TTL in the last pass: "
          + String.join(", ", prefixes));
    }
    return new InstanceFindingResult(InstanceFinding.NO_TTL_CACHE, true, noTtlBytes, evidence, summary, steps);
  }

  static InstanceFindingResult listCompression(InstanceFacts f, InstanceFindingSettings s,
      Optional<PassResult> pass) {
    Map<String, Double> evidence = new LinkedHashMap<>();
    double bytes = 0;
    double keys = 0;
    double longLists = 0;
    if (pass.isPresent()) {
      for (PassResult.EncodingGroup g : pass.get().encodings()) {
        if (g.dataType() == DataType.LIST && g.encoding().equals("quicklist")) {
          bytes += g.bytes();
          keys += g.keys();
        }
      }
      Histogram.Snapshot elements = pass.get().elementHistograms().get(DataType.LIST);
      if (elements != null) {
        for (int i = 0; i < elements.counts().length; i++) {
          if (i >= elements.upperBounds().length || elements.upperBounds()[i] > LONG_LIST_ELEMENTS) {
            longLists += elements.counts()[i];
          }
        }
      }
    }
    var depth = f.configNumber("list-compress-depth");
    depth.ifPresent(d -> evidence.put("list_compress_depth", (double) d));
    evidence.put("quicklist_keys", keys);
    evidence.put("quicklist_bytes", bytes);
    evidence.put("lists_over_" + LONG_LIST_ELEMENTS + "_elements", longLists);
    if (!(depth.isPresent() && depth.getAsLong() == 0 && pass.isPresent() && bytes >= s.listCompressionMinBytes())) {
      return InstanceFindingResult.clear(InstanceFinding.LIST_COMPRESSION_OFF, bytes, evidence);
    }
    String summary = String.format(Locale.ROOT, "The last pass saw %s in %,.0f lists made of several nodes"
        + " (quicklist), %,.0f of them with more than %d elements, and list-compress-depth is 0: no node is"
        + " compressed. With depth 1 every node but the first and last is LZF-compressed; how much that saves"
        + " depends on how compressible the elements are (text and JSON compress well, random bytes do not).",
        mib(bytes), keys, longLists, LONG_LIST_ELEMENTS);
    return new InstanceFindingResult(InstanceFinding.LIST_COMPRESSION_OFF, true, bytes, evidence, summary, List.of(
        "CONFIG SET list-compress-depth 1 (now 0): pushes and pops at either end stay as fast; LINDEX, LRANGE or"
            + " LSET in the middle decompress a node, a little CPU per call",
        "use 2 or 3 instead if the application reads a few elements near the ends",
        "CONFIG REWRITE (or put list-compress-depth in redis.conf)",
        "nodes already written are compressed as Redis next changes them; a restart from an RDB file rebuilds"
            + " every list compressed"));
  }

  static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
  }

  /** {@code bytes} rounded up to whole MiB. */
  static long ceilMib(double bytes) {
    return (long) Math.ceil(bytes / MIB) * MIB;
  }

  static long floorMib(double bytes) {
    return (long) Math.floor(bytes / MIB) * MIB;
  }
}
