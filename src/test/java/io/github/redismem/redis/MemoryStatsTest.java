package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class MemoryStatsTest {

  @Test
  void readsRedis62() {
    MemoryStats stats = MemoryStats.parse(Fixtures.memoryStats("redis-6.2/memory-stats.txt"));

    assertThat(stats.fields()).containsEntry("peak.allocated", 934056.0)
        .containsEntry("keys.count", 10.0)
        .containsEntry("fragmentation", 11.126602172851562)
        .containsEntry("allocator-rss.ratio", 2.9531772136688232)
        .doesNotContainKeys("db.0", "db.3", "cluster.links", "functions.caches");
    assertThat(stats.fields().keySet()).startsWith("peak.allocated", "total.allocated", "startup.allocated");
    assertThat(stats.perDb()).containsExactly(
        entry(0, Map.of("overhead.hashtable.main", 384.0, "overhead.hashtable.expires", 80.0)),
        entry(3, Map.of("overhead.hashtable.main", 112.0, "overhead.hashtable.expires", 56.0)));
  }

  @Test
  void readsRedis70WithItsPerDbSlotToKeys() {
    MemoryStats stats = MemoryStats.parse(Fixtures.memoryStats("redis-7.0/memory-stats.txt"));

    assertThat(stats.fields()).containsKeys("cluster.links", "functions.caches");
    assertThat(stats.perDb().get(0)).containsOnlyKeys("overhead.hashtable.main", "overhead.hashtable.expires",
        "overhead.hashtable.slot-to-keys");
  }

  @Test
  void readsWhatRedis74And8AddAndValkeyLacks() {
    MemoryStats redis74 = MemoryStats.parse(Fixtures.memoryStats("redis-7.4/memory-stats.txt"));
    MemoryStats redis8 = MemoryStats.parse(Fixtures.memoryStats("redis-8.2/memory-stats.txt"));
    MemoryStats valkey = MemoryStats.parse(Fixtures.memoryStats("valkey-8.0/memory-stats.txt"));

    assertThat(redis74.fields()).containsKeys("allocator.muzzy", "overhead.db.hashtable.lut",
        "overhead.db.hashtable.rehashing", "db.dict.rehashing.count").doesNotContainKeys("script.VMs");
    assertThat(redis8.fields()).containsKeys("replica.fullsync.buffer", "script.VMs");
    assertThat(valkey.fields()).containsKeys("overhead.db.hashtable.lut", "allocator.muzzy")
        .doesNotContainKeys("replica.fullsync.buffer", "script.VMs");
  }

  static Stream<String> sampleDirs() {
    return Fixtures.SAMPLE_DIRS.stream();
  }

  @ParameterizedTest
  @MethodSource("sampleDirs")
  void everySampleHasTheFieldsTheDoctorNeeds(String dir) {
    MemoryStats stats = MemoryStats.parse(Fixtures.memoryStats(dir + "/memory-stats.txt"));

    assertThat(stats.fields()).containsKeys("peak.allocated", "total.allocated", "clients.normal", "clients.slaves",
        "fragmentation", "fragmentation.bytes", "allocator-fragmentation.ratio", "allocator-fragmentation.bytes",
        "allocator-rss.ratio", "allocator-rss.bytes", "rss-overhead.ratio", "rss-overhead.bytes");
    assertThat(stats.perDb()).containsKeys(0, 3);
    assertThat(stats.field("total.allocated")).isPresent();
    assertThat(stats.field("no.such.field")).isEmpty();
  }

  private static List<Object> selfContaining() {
    List<Object> cyclic = new ArrayList<>(List.of("a", 1L));
    cyclic.add("self");
    cyclic.add(cyclic);
    return List.of("weird", cyclic, "ok", 1L);
  }

  static final List<Arguments> ODD_REPLIES = Arrays.asList(
      Arguments.of("null reply", null, Map.of(), Map.of()),
      Arguments.of("empty", List.of(), Map.of(), Map.of()),
      Arguments.of("odd length", List.of("a", 1L, "b"), Map.of("a", 1.0), Map.of()),
      Arguments.of("null name and value", Arrays.asList(null, 1L, "b", null, "c", 2L), Map.of("c", 2.0), Map.of()),
      Arguments.of("name not a string", List.of(5L, 1L, "c", 2L), Map.of("c", 2.0), Map.of()),
      Arguments.of("non-numeric value", List.of("allocator", "jemalloc-5.3.0", "nan", "nan"), Map.of(), Map.of()),
      Arguments.of("RESP3 double", List.of("fragmentation", 1.25), Map.of("fragmentation", 1.25), Map.of()),
      Arguments.of("NaN double", List.of("fragmentation", Double.NaN), Map.of(), Map.of()),
      Arguments.of("integer", List.of("keys.count", 3), Map.of("keys.count", 3.0), Map.of()),
      Arguments.of("bulk bytes", List.of("ratio".getBytes(StandardCharsets.UTF_8), "2.5".getBytes(StandardCharsets.UTF_8)),
          Map.of("ratio", 2.5), Map.of()),
      Arguments.of("unknown nested list", List.of("allocator", List.of("bins", 3L, "arena", List.of("dirty", 7L))),
          Map.of("allocator.bins", 3.0, "allocator.arena.dirty", 7.0), Map.of()),
      Arguments.of("RESP3 map for a db", List.of("db.2", Map.of("overhead.hashtable.main", 10L)), Map.of(),
          Map.of(2, Map.of("overhead.hashtable.main", 10.0))),
      Arguments.of("db entry that is not a db", List.of("db.x", List.of("a", 1L)), Map.of("db.x.a", 1.0), Map.of()),
      Arguments.of("numeric db entry", List.of("db.0", 5L), Map.of("db.0", 5.0), Map.of()));

  @ParameterizedTest(name = "{0}")
  @FieldSource("ODD_REPLIES")
  void neverThrowsOnOddReplies(String what, List<?> reply, Map<String, Double> fields,
      Map<Integer, Map<String, Double>> perDb) {
    MemoryStats stats = MemoryStats.parse(reply);

    assertThat(stats.fields()).isEqualTo(fields);
    assertThat(stats.perDb()).isEqualTo(perDb);
  }

  @Test
  void stopsDescendingIntoACyclicReply() {
    MemoryStats stats = MemoryStats.parse(selfContaining());

    assertThat(stats.fields()).containsEntry("ok", 1.0).containsEntry("weird.a", 1.0).hasSizeLessThan(20);
  }

  @Test
  void isImmutable() {
    Map<String, Double> fields = new LinkedHashMap<>(Map.of("a", 1.0));
    MemoryStats stats = new MemoryStats(fields, Map.of(0, Map.of("b", 2.0)));
    fields.put("c", 3.0);

    assertThat(stats.fields()).containsOnlyKeys("a");
    assertThatThrownBy(() -> stats.fields().put("d", 4.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> stats.perDb().get(0).clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
