package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each instance finding fires and stays quiet on a table of INFO numbers: a healthy 7.0 instance, changed one
 * field at a time. The fixes' computed values are checked where the formula matters.
 */
class InstanceFindingDetectorTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;
  private static final InstanceFindingSettings S = InstanceFindingSettings.DEFAULTS;

  /** A healthy instance: no finding fires. */
  private static Map<String, Map<String, String>> healthy() {
    Map<String, Map<String, String>> info = new LinkedHashMap<>();
    info.put("Server", new LinkedHashMap<>(Map.of("redis_version", "7.0.15", "uptime_in_seconds", "100",
        "process_id", "42")));
    info.put("Clients", new LinkedHashMap<>(Map.of("connected_clients", "10", "client_recent_max_output_buffer",
        "20504")));
    Map<String, String> memory = new LinkedHashMap<>();
    memory.put("used_memory", Long.toString(GIB));
    memory.put("used_memory_rss", Long.toString(GIB + 100 * MIB));
    memory.put("used_memory_peak", Long.toString(GIB + 200 * MIB));
    memory.put("total_system_memory", Long.toString(16 * GIB));
    memory.put("used_memory_overhead", Long.toString(100 * MIB));
    memory.put("used_memory_startup", Long.toString(MIB));
    memory.put("used_memory_dataset", Long.toString(900 * MIB));
    memory.put("mem_fragmentation_ratio", "1.10");
    memory.put("mem_fragmentation_bytes", Long.toString(100 * MIB));
    memory.put("allocator_frag_ratio", "1.01");
    memory.put("allocator_frag_bytes", Long.toString(MIB));
    memory.put("mem_allocator", "jemalloc-5.3.0");
    memory.put("maxmemory", Long.toString(2 * GIB));
    memory.put("maxmemory_policy", "allkeys-lru");
    memory.put("number_of_cached_scripts", "10");
    memory.put("used_memory_scripts_eval", "10000");
    memory.put("used_memory_vm_eval", "40000");
    memory.put("mem_clients_normal", "200000");
    info.put("Memory", memory);
    info.put("Keyspace", new LinkedHashMap<>(Map.of("db0", "keys=1000000,expires=500000,avg_ttl=0")));
    return info;
  }

  private static final Map<String, String> CONFIG = Map.of("list-compress-depth", "0", "activedefrag", "no",
      "active-defrag-ignore-bytes", "104857600", "active-defrag-threshold-lower", "10",
      "active-defrag-threshold-upper", "100", "active-defrag-cycle-min", "1", "active-defrag-cycle-max", "25",
      "maxmemory", Long.toString(2 * GIB), "client-output-buffer-limit",
      "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", "hash-max-listpack-entries", "128");

  static MemoryState state(Map<String, String> changes) {
    Map<String, Map<String, String>> info = healthy();
    changes.forEach((field, value) -> {
      Map<String, String> section = info.values().stream().filter(s -> s.containsKey(field)).findFirst()
          .orElse(info.get("Memory"));
      if (value == null) {
        section.remove(field);
      } else {
        section.put(field, value);
      }
    });
    StringBuilder text = new StringBuilder();
    info.forEach((name, fields) -> {
      text.append("# ").append(name).append("\r\n");
      fields.forEach((k, v) -> text.append(k).append(':').append(v).append("\r\n"));
    });
    return new MemoryState(true, Duration.ZERO, Optional.of(InfoReply.parse(text.toString())), Optional.empty(),
        Optional.empty(), CONFIG, List.of(), Map.of());
  }

  private static Map<String, String> with(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> cases() {
    String gib = Long.toString(GIB);
    return Stream.of(
        Arguments.of("healthy", with(), null),
        // fragmentation_high
        Arguments.of("fragmented", with("mem_fragmentation_ratio", "1.8", "mem_fragmentation_bytes",
            Long.toString(800 * MIB), "allocator_frag_ratio", "1.6", "allocator_frag_bytes", Long.toString(600 * MIB)),
            InstanceFinding.FRAGMENTATION_HIGH),
        Arguments.of("ratio high but few bytes", with("mem_fragmentation_ratio", "3.0", "mem_fragmentation_bytes",
            Long.toString(50 * MIB)), null),
        Arguments.of("bytes many but ratio low", with("mem_fragmentation_ratio", "1.4", "mem_fragmentation_bytes",
            Long.toString(400 * MIB)), null),
        // swapping
        Arguments.of("swapped", with("used_memory_rss", Long.toString(700 * MIB), "mem_fragmentation_ratio", "0.68"),
            InstanceFinding.SWAPPING),
        Arguments.of("rss a little below used", with("used_memory_rss", Long.toString(GIB - 5 * MIB)), null),
        // maxmemory_unset
        Arguments.of("no maxmemory", with("maxmemory", "0", "maxmemory_policy", "noeviction"),
            InstanceFinding.MAXMEMORY_UNSET),
        Arguments.of("noeviction on a cache", with("maxmemory_policy", "noeviction"),
            InstanceFinding.MAXMEMORY_UNSET),
        Arguments.of("noeviction on a database", with("maxmemory_policy", "noeviction", "db0",
            "keys=1000000,expires=100000,avg_ttl=0"), null),
        // overhead_dominates
        Arguments.of("tiny keys", with("used_memory_overhead", Long.toString(200 * MIB), "used_memory_dataset",
            Long.toString(100 * MIB)), InstanceFinding.OVERHEAD_DOMINATES),
        Arguments.of("tiny keys but few", with("used_memory_overhead", Long.toString(200 * MIB),
            "used_memory_dataset", Long.toString(100 * MIB), "db0", "keys=50000,expires=25000,avg_ttl=0"), null),
        Arguments.of("overhead is client buffers", with("used_memory_overhead", Long.toString(200 * MIB),
            "used_memory_dataset", Long.toString(100 * MIB), "mem_clients_normal", Long.toString(150 * MIB)), null),
        // client_buffers_large
        Arguments.of("slow consumer", with("client_recent_max_output_buffer", Long.toString(64 * MIB)),
            InstanceFinding.CLIENT_BUFFERS_LARGE),
        Arguments.of("buffer under 10 MiB", with("client_recent_max_output_buffer", Long.toString(9 * MIB)), null),
        // no_ttl_cache
        Arguments.of("cache without TTLs", with("db0", "keys=1000000,expires=1000,avg_ttl=0"),
            InstanceFinding.NO_TTL_CACHE),
        Arguments.of("no TTLs, not a cache", with("db0", "keys=1000000,expires=1000,avg_ttl=0", "maxmemory", "0",
            "maxmemory_policy", "noeviction"), InstanceFinding.MAXMEMORY_UNSET),
        Arguments.of("cache, few keys", with("db0", "keys=500,expires=0,avg_ttl=0"), null),
        // script_cache_large
        Arguments.of("many scripts", with("number_of_cached_scripts", "1500"), InstanceFinding.SCRIPT_CACHE_LARGE),
        Arguments.of("big scripts", with("used_memory_scripts_eval", Long.toString(12 * MIB)),
            InstanceFinding.SCRIPT_CACHE_LARGE),
        Arguments.of("6.2 script fields", with("redis_version", "6.2.14", "used_memory_scripts_eval", null,
            "used_memory_vm_eval", null, "used_memory_scripts", Long.toString(11 * MIB), "used_memory_lua", "37888"),
            InstanceFinding.SCRIPT_CACHE_LARGE),
        Arguments.of("1000 scripts is the limit", with("number_of_cached_scripts", "1000"), null),
        Arguments.of("no maxmemory, huge peak", with("maxmemory", "0", "used_memory_peak", Long.toString(15 * GIB)),
            InstanceFinding.MAXMEMORY_UNSET),
        Arguments.of("maxmemory set", with("maxmemory", gib), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firesExactlyTheExpectedFinding(String name, Map<String, String> changes, InstanceFinding expected) {
    List<InstanceFindingResult> all = InstanceFindingDetector.evaluate(state(changes), S, Optional.empty());
    assertThat(all).extracting(InstanceFindingResult::finding).containsExactly(InstanceFinding.values());
    List<InstanceFinding> fired = InstanceFindingDetector.fired(all).stream().map(InstanceFindingResult::finding)
        .toList();
    assertThat(fired).isEqualTo(expected == null ? List.of() : List.of(expected));
    for (InstanceFindingResult r : all) {
      assertThat(r.steps().isEmpty()).as(r.finding() + " steps only when fired").isEqualTo(!r.fired());
      assertThat(r.bytes()).as(r.finding() + " bytes").isNotNegative();
    }
  }

  private static InstanceFindingResult one(InstanceFinding finding, Map<String, String> changes) {
    return InstanceFindingDetector.evaluate(state(changes), S, Optional.empty()).stream()
        .filter(r -> r.finding() == finding).findFirst().orElseThrow();
  }

  @Test
  void nothingWhenRedisIsDown() {
    assertThat(InstanceFindingDetector.evaluate(MemoryState.down(Duration.ZERO, List.of(), Map.of()), S,
        Optional.empty())).isEmpty();
  }

  @Test
  void defragValuesComeFromTheObservedFragmentation() {
    InstanceFindingResult r = one(InstanceFinding.FRAGMENTATION_HIGH, with("mem_fragmentation_ratio", "1.8",
        "mem_fragmentation_bytes", Long.toString(800 * MIB), "allocator_frag_ratio", "1.6", "allocator_frag_bytes",
        Long.toString(60 * MIB)));
    assertThat(r.bytes()).isEqualTo(800 * MIB);
    // 60% allocator fragmentation: start at 10 (min(10, 60/2)), full effort at 60; half of 60 MiB ignored
    assertThat(r.steps()).containsSubsequence("CONFIG SET activedefrag yes",
        "CONFIG SET active-defrag-ignore-bytes 31457280 (30.0 MiB, half the 60.0 MiB fragmented; now 104857600)",
        "CONFIG SET active-defrag-threshold-lower 10 (now 10)",
        "CONFIG SET active-defrag-threshold-upper 60 (now 100)",
        "CONFIG SET active-defrag-cycle-min 1 (now 1)");
    assertThat(r.steps()).noneMatch(s -> s.contains("restart"));
    assertThat(r.evidence()).containsEntry("allocator_frag_ratio", 1.6).containsEntry("uptime_in_seconds", 100.0);
  }

  @Test
  void severeFragmentationAfterLongUptimePlansARestart() {
    InstanceFindingResult r = one(InstanceFinding.FRAGMENTATION_HIGH, with("mem_fragmentation_ratio", "2.5",
        "mem_fragmentation_bytes", Long.toString(1500 * MIB), "allocator_frag_ratio", "1.15", "allocator_frag_bytes",
        Long.toString(400 * MIB), "uptime_in_seconds", Long.toString(30 * 86400)));
    // 15%: lower 7, upper max(17, 15) = 17; above 2.0 the effort goes up to 5/50
    assertThat(r.steps()).contains("CONFIG SET active-defrag-ignore-bytes 104857600 (100.0 MiB, half the 400.0 MiB"
        + " fragmented; now 104857600)", "CONFIG SET active-defrag-threshold-lower 7 (now 10)",
        "CONFIG SET active-defrag-threshold-upper 17 (now 100)", "CONFIG SET active-defrag-cycle-min 5 (now 1)");
    assertThat(r.steps().get(r.steps().size() - 1)).startsWith("plan a restart, or a failover");
    assertThat(r.summary()).contains("After 30 days of uptime");
  }

  @Test
  void withoutJemallocThereIsNoActiveDefrag() {
    InstanceFindingResult r = one(InstanceFinding.FRAGMENTATION_HIGH, with("mem_fragmentation_ratio", "1.8",
        "mem_fragmentation_bytes", Long.toString(800 * MIB), "mem_allocator", "libc"));
    assertThat(r.summary()).contains("allocates with libc: active defrag needs jemalloc");
    assertThat(r.steps()).noneMatch(s -> s.contains("activedefrag"));
  }

  @Test
  void lowAllocatorFragmentationIsPurgedNotDefragmented() {
    InstanceFindingResult r = one(InstanceFinding.FRAGMENTATION_HIGH, with("mem_fragmentation_ratio", "1.8",
        "mem_fragmentation_bytes", Long.toString(800 * MIB), "allocator_frag_ratio", "1.02"));
    assertThat(r.steps().get(0)).startsWith("MEMORY PURGE");
  }

  @Test
  void maxmemoryIsThePeakPlusHeadroomCappedByTheHost() {
    InstanceFindingResult r = one(InstanceFinding.MAXMEMORY_UNSET, with("maxmemory", "0", "maxmemory_policy",
        "noeviction", "db0", "keys=1000000,expires=1000,avg_ttl=0"));
    long expected = (long) Math.ceil((GIB + 200 * MIB) * 1.25 / MIB) * MIB;
    assertThat(r.steps().get(0)).isEqualTo("CONFIG SET maxmemory " + expected + " (1530.0 MiB)");
    assertThat(r.steps().get(1)).startsWith("CONFIG SET maxmemory-policy allkeys-lru (now noeviction)");
    InstanceFindingResult capped = one(InstanceFinding.MAXMEMORY_UNSET, with("maxmemory", "0", "used_memory_peak",
        Long.toString(15 * GIB), "db0", "keys=1000000,expires=900000,avg_ttl=0"));
    assertThat(capped.steps().get(0)).isEqualTo("CONFIG SET maxmemory " + 12 * GIB + " (12288.0 MiB)");
    assertThat(capped.steps().get(1)).startsWith("CONFIG SET maxmemory-policy volatile-lru");
    assertThat(capped.evidence()).containsEntry("suggested_maxmemory", (double) (12 * GIB));
  }

  @Test
  void clientLimitsAreComputedFromTheThresholdAndMaxmemory() {
    InstanceFindingResult r = one(InstanceFinding.CLIENT_BUFFERS_LARGE,
        with("client_recent_max_output_buffer", Long.toString(64 * MIB)));
    assertThat(r.bytes()).isEqualTo(64 * MIB);
    assertThat(r.steps().get(1)).startsWith("CONFIG SET client-output-buffer-limit \"normal 40mb 10mb 30\" (now"
        + " normal 0 0 0)").endsWith("the client that reached 64.0 MiB would have been");
    InstanceFindingResult small = one(InstanceFinding.CLIENT_BUFFERS_LARGE,
        with("client_recent_max_output_buffer", Long.toString(64 * MIB), "maxmemory", Long.toString(200 * MIB)));
    assertThat(small.steps().get(1)).startsWith("CONFIG SET client-output-buffer-limit \"normal 20mb 10mb 30\"");
  }

  @Test
  void volatilePolicyWithoutTtlsIsSwitchedToAllkeys() {
    InstanceFindingResult r = one(InstanceFinding.NO_TTL_CACHE, with("db0", "keys=1000000,expires=1000,avg_ttl=0",
        "maxmemory_policy", "volatile-lfu"));
    assertThat(r.summary()).contains("writes fail with OOM");
    assertThat(r.steps()).contains("CONFIG SET maxmemory-policy allkeys-lfu (now volatile-lfu), then CONFIG REWRITE");
    // without a pass, the keys without TTL are assumed as big as the others: 99.9% of the dataset
    assertThat(r.bytes()).isEqualTo(900 * MIB * 0.999);
  }

  @Test
  void theLastPassNamesPrefixesAndMeasuresLists() {
    PassResult pass = pass(List.of(new PassResult.EncodingGroup(0, DataType.LIST, "quicklist", 20, 100 * MIB),
        new PassResult.EncodingGroup(0, DataType.LIST, "listpack", 1000, MIB)),
        List.of(new PassResult.PrefixGroup(0, "session:", 600_000, 600_000 * 90.0, 600_000),
            new PassResult.PrefixGroup(0, "blob:", 1000, 1000 * 50_000.0, 1000),
            new PassResult.PrefixGroup(0, "other", 900_000, 900_000 * 60.0, 0)),
        List.of(new PassResult.TtlGroup(0, TtlBucket.NONE, 601_000, 123 * MIB)));
    Map<String, String> tiny = with("used_memory_overhead", Long.toString(200 * MIB), "used_memory_dataset",
        Long.toString(100 * MIB), "db0", "keys=1000000,expires=1000,avg_ttl=0");
    List<InstanceFindingResult> all = InstanceFindingDetector.evaluate(state(tiny), S, Optional.of(pass));
    InstanceFindingResult overhead = all.get(InstanceFinding.OVERHEAD_DOMINATES.ordinal());
    assertThat(overhead.fired()).isTrue();
    assertThat(overhead.steps()).contains("start with the prefixes holding most small keys in the last pass:"
        + " session: (db 0: 600,000 keys, 90 B each)");
    InstanceFindingResult noTtl = all.get(InstanceFinding.NO_TTL_CACHE.ordinal());
    assertThat(noTtl.bytes()).isEqualTo(123 * MIB);
    assertThat(noTtl.steps()).contains("start with the prefixes holding most keys without TTL in the last pass:"
        + " session: (db 0: 600,000 keys), blob: (db 0: 1,000 keys)");
    InstanceFindingResult lists = all.get(InstanceFinding.LIST_COMPRESSION_OFF.ordinal());
    assertThat(lists.fired()).isTrue();
    assertThat(lists.bytes()).isEqualTo(100 * MIB);
    assertThat(lists.evidence()).containsEntry("quicklist_keys", 20.0).containsEntry("lists_over_1024_elements", 20.0);
    assertThat(lists.steps().get(0)).startsWith("CONFIG SET list-compress-depth 1 (now 0)");
  }

  @Test
  void listCompressionNeedsDepthZeroAndEnoughListMemory() {
    PassResult small = pass(List.of(new PassResult.EncodingGroup(0, DataType.LIST, "quicklist", 2, 10 * MIB)),
        List.of(), List.of());
    assertThat(one(small, with()).fired()).isFalse();
    PassResult big = pass(List.of(new PassResult.EncodingGroup(0, DataType.LIST, "quicklist", 20, 100 * MIB)),
        List.of(), List.of());
    MemoryState compressed = state(with());
    compressed = new MemoryState(true, Duration.ZERO, compressed.info(), Optional.empty(), Optional.empty(),
        Map.of("list-compress-depth", "1"), List.of(), Map.of());
    assertThat(InstanceFindingDetector.evaluate(compressed, S, Optional.of(big))
        .get(InstanceFinding.LIST_COMPRESSION_OFF.ordinal()).fired()).isFalse();
    MemoryState noConfig = new MemoryState(true, Duration.ZERO, compressed.info(), Optional.empty(),
        Optional.empty(), Map.of(), List.of(), Map.of());
    assertThat(InstanceFindingDetector.evaluate(noConfig, S, Optional.of(big))
        .get(InstanceFinding.LIST_COMPRESSION_OFF.ordinal()).fired()).as("CONFIG GET blocked: unknown").isFalse();
  }

  private static InstanceFindingResult one(PassResult pass, Map<String, String> changes) {
    return InstanceFindingDetector.evaluate(state(changes), S, Optional.of(pass))
        .get(InstanceFinding.LIST_COMPRESSION_OFF.ordinal());
  }

  private static PassResult pass(List<PassResult.EncodingGroup> encodings, List<PassResult.PrefixGroup> prefixes,
      List<PassResult.TtlGroup> ttls) {
    double lists = encodings.stream().filter(e -> e.encoding().equals("quicklist")).mapToDouble(e -> e.keys()).sum();
    long[] counts = new long[Histogram.ELEMENT_BOUNDS.length + 1];
    counts[12] = (long) lists; // (2048, 4096] elements
    Histogram.Snapshot elements = new Histogram.Snapshot(Histogram.ELEMENT_BOUNDS.clone(), counts, 0, (long) lists);
    return new PassResult(Instant.EPOCH, Duration.ofSeconds(1), 1, 1000, 0, 0, null, encodings, Map.of(),
        Map.of(DataType.LIST, elements), Histogram.Snapshot.empty(Histogram.STRING_LENGTH_BOUNDS), List.of(),
        prefixes, ttls, List.of());
  }
}
