package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.RedisCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  @Test
  void instanceSummaryComesFromInfoAndTheDoctorRules() {
    Report.Instance i = SampleReports.complete().instance();
    assertThat(i.up()).isTrue();
    assertThat(i.server()).isEqualTo("redis");
    assertThat(i.version()).isEqualTo("7.0.15");
    assertThat(i.role()).isEqualTo("master");
    assertThat(i.usedBytes()).isEqualTo(25_772_968);
    assertThat(i.maxBytes()).isZero();
    assertThat(i.rssBytes()).isEqualTo(91_512_832);
    assertThat(i.peakBytes()).isEqualTo(75_815_832);
    assertThat(i.fragmentationRatio()).isEqualTo(3.55);
    assertThat(i.maxmemoryPolicy()).isEqualTo("noeviction");
    assertThat(i.keys()).isEqualTo(100_008 + 2_002);
    assertThat(i.expiringKeys()).isEqualTo(2 + 2_001);
    assertThat(i.evictedKeys()).isZero();
    // the same five categories as the recorded MEMORY DOCTOR text
    assertThat(i.doctorIssues()).containsExactly("peak_memory", "high_total_rss", "high_allocator_fragmentation",
        "big_client_buffers", "many_scripts");
  }

  @Test
  void aDownRedisGivesAnEmptySummaryNotAFailure() {
    MemoryState down = MemoryState.down(Duration.ofSeconds(2), List.of(RedisCommand.values()[0]), Map.of());
    Report r = new ReportBuilder("v", "t").build(down, ReportBuilder.SAMPLER_DISABLED, SampleReports.NOW, false);
    assertThat(r.instance().up()).isFalse();
    assertThat(r.instance().usedBytes()).isZero();
    assertThat(r.instance().doctorIssues()).isEmpty();
    assertThat(r.sampler().state()).isEqualTo("disabled");
    assertThat(r.analysis()).isEmpty();
  }

  @Test
  void samplerStatusCarriesAgeAndRateOfTheLastPass() {
    Report r = SampleReports.complete();
    assertThat(r.sampler().state()).isEqualTo("idle");
    assertThat(r.sampler().progress()).isEqualTo(1.0);
    assertThat(r.sampler().redisTimeRatio()).isEqualTo(0.03);
    assertThat(r.sampler().lastPassAgeSeconds()).hasValue(42.0);
    assertThat(r.sampler().lastPassKeysPerSecond()).hasValue(4008 / 4.0);
    assertThat(r.sampler().errors()).containsEntry("timeout", 0L);
    assertThat(r.exporterVersion()).isEqualTo("1.2.3");
    assertThat(r.target()).isEqualTo("redis://cache:6379");
    assertThat(r.generatedAt()).isEqualTo(SampleReports.NOW);
    assertThat(r.partial()).isFalse();
  }

  @Test
  void beforeTheFirstPassThereIsProgressButNoAnalysis() {
    Report r = SampleReports.firstPassRunning();
    assertThat(r.analysis()).isEmpty();
    assertThat(r.sampler().state()).isEqualTo("running");
    assertThat(r.sampler().progress()).isEqualTo(0.37);
    assertThat(r.sampler().lastPassAgeSeconds()).isEmpty();
    assertThat(r.sampler().lastPassKeysPerSecond()).isEmpty();
  }

  @Test
  void analysisIsSortedBiggestFirstWithTotals() {
    Report.Analysis a = SampleReports.complete().analysis().orElseThrow();
    assertThat(a.keys()).isEqualTo(6 + 2000 + 3 + 2);
    assertThat(a.bytes()).isEqualTo(550_000 + 160_000 + 120_000 + 60_000);
    assertThat(a.encodings()).extracting(Report.EncodingRow::encoding)
        .containsExactly("raw", "embstr", "hashtable", "skiplist");
    assertThat(a.prefixes()).extracting(Report.PrefixRow::prefix)
        .containsExactly("(none)", "user:", "q\"uo\\\\te:", "line1\\x0aline2");
    assertThat(a.ttls()).extracting(t -> t.db() + "|" + t.bucket()).containsExactly("0|none", "0|4h", "2|1d");
    assertThat(a.topKeys().get(0)).isEqualTo(
        new Report.KeyRow(0, SampleReports.HOSTILE_KEY, "string", "raw", 500_000, 500_000, -1));
    assertThat(a.topKeys().get(1).ttlSeconds()).isEqualTo(7200);
    // biggest saving first; no_ttl and big_key save nothing, so they come last, the bigger first
    assertThat(a.findings()).extracting(Report.FindingRow::finding).containsExactly("small_strings_groupable",
        "hash_hashtable_under_limit", "zset_skiplist_near_limit", "string_json_blob", "set_hashtable_under_limit",
        "no_ttl", "big_key");
  }

  @Test
  void keysWithoutTtlCarryTheirMemoryAndANoteInsteadOfASaving() {
    Map<String, Report.FindingRow> byName = new java.util.HashMap<>();
    SampleReports.complete().analysis().orElseThrow().findings().forEach(f -> byName.put(f.finding(), f));
    Report.FindingRow noTtl = byName.get("no_ttl");
    assertThat(noTtl.bytes()).isEqualTo(900_000);
    assertThat(noTtl.reclaimableBytes()).isZero();
    assertThat(noTtl.savingNote()).contains("memory without TTL: only eviction or a DEL frees it");
    assertThat(byName.values()).filteredOn(f -> !f.finding().equals("no_ttl"))
        .allSatisfy(f -> assertThat(f.savingNote()).isEmpty());
  }

  @Test
  void anExactPassHasBoundsEqualToItsValuesAndNoEstimation() {
    Report.Analysis a = SampleReports.complete().analysis().orElseThrow();
    assertThat(a.estimation()).isEqualTo(new Report.Estimation(false, 1.0, 0, false, 0, 0, 0, false));
    assertThat(a.encodings()).allSatisfy(e -> assertThat(List.of(e.keysLow(), e.keysHigh()))
        .containsOnly(e.keys())).allSatisfy(e -> assertThat(List.of(e.bytesLow(), e.bytesHigh()))
        .containsOnly(e.bytes()));
    assertThat(a.prefixes()).allSatisfy(p -> assertThat(List.of(p.bytesLow(), p.bytesHigh())).containsOnly(p.bytes()));
    assertThat(a.ttls()).allSatisfy(t -> assertThat(List.of(t.keysLow(), t.keysHigh(), t.keys(), t.bytesLow(),
        t.bytesHigh(), t.bytes())).containsExactly(t.keys(), t.keys(), t.keys(), t.bytes(), t.bytes(), t.bytes()));
    assertThat(a.findings()).allSatisfy(f -> assertThat(List.of(f.keysLow(), f.keysHigh(), f.bytesLow(),
        f.bytesHigh())).containsExactly(f.keys(), f.keys(), f.bytes(), f.bytes()));
  }

  @Test
  void aSampledPassCarriesItsEstimationBoundsAndUnattributedBytes() {
    Report.Analysis a = SampleReports.sampled().analysis().orElseThrow();
    assertThat(a.sampleRatio()).isEqualTo(0.1);
    assertThat(a.estimation()).isEqualTo(new Report.Estimation(true, 0.1, 65_536, true, SampleReports.DATASET_BYTES,
        1_200_000, SampleReports.UNATTRIBUTED_BYTES, true));
    // the encodings' bytes plus what no category was given: the whole dataset
    assertThat(a.bytes()).isEqualTo(SampleReports.DATASET_BYTES)
        .isEqualTo(a.encodings().stream().mapToLong(Report.EncodingRow::bytes).sum()
            + SampleReports.UNATTRIBUTED_BYTES);
    assertThat(a.keys()).isEqualTo(60 + 20_000 + 30 + 20);
    // rounded like the values: 40.2 and 85.5 around 60.4
    assertThat(a.encodings().get(0)).isEqualTo(
        new Report.EncodingRow(0, "string", "raw", 60, 6_000_000, 40, 86, 5_500_000, 6_800_000));
    assertThat(a.encodings().get(1).keysLow()).isEqualTo(19_201);
    assertThat(a.prefixes().get(0)).isEqualTo(
        new Report.PrefixRow(0, "(none)", 60, 6_000_000, 60, 5_500_000, 6_800_000));
    assertThat(a.ttls().get(0)).isEqualTo(
        new Report.TtlRow(0, "none", 20_060, 8_440_933, 19_300, 20_900, 7_900_000, 9_300_000));
    Report.FindingRow noTtl = a.findings().stream().filter(f -> f.finding().equals("no_ttl")).findFirst()
        .orElseThrow();
    assertThat(noTtl.reclaimableBytes()).isZero();
    assertThat(List.of(noTtl.keysLow(), noTtl.keysHigh(), noTtl.bytesLow(), noTtl.bytesHigh()))
        .containsExactly(19_300L, 20_900L, 7_900_000L, 9_300_000L);
    // a big key counts once at its size: its finding is exact even in a sampled pass
    assertThat(a.findings()).filteredOn(f -> f.finding().equals("big_key")).singleElement()
        .satisfies(f -> assertThat(List.of(f.keysLow(), f.keysHigh(), f.bytesLow(), f.bytesHigh()))
            .containsExactly(1L, 1L, 500_000L, 500_000L));
  }

  @Test
  void everyFindingHasAConcreteFix() {
    Map<String, Report.FindingRow> byName = new java.util.HashMap<>();
    SampleReports.complete().analysis().orElseThrow().findings().forEach(f -> byName.put(f.finding(), f));
    assertThat(byName.values()).allSatisfy(f -> {
      assertThat(f.title()).isNotBlank();
      assertThat(f.fix().kind()).isIn("config", "command", "schema");
      assertThat(f.fix().summary()).isNotBlank();
      assertThat(f.fix().steps()).isNotEmpty();
    });
    // the server's current limits and 7.0's setting names, not a generic hint
    assertThat(byName.get("hash_hashtable_under_limit").fix().steps())
        .contains("CONFIG SET hash-max-listpack-value <longest + 1> (now 64)");
    assertThat(byName.get("zset_skiplist_near_limit").fix().steps())
        .contains("CONFIG SET zset-max-listpack-entries 256 (now 128)");
    // the example key becomes the example of the schema change
    assertThat(byName.get("small_strings_groupable").fix().steps().get(0))
        .isEqualTo("instead of SET user:12345 <value>: HSET user:123 45 <value> (read with HGET user:123 45)");
    assertThat(byName.get("no_ttl").fix().steps())
        .anyMatch(s -> s.equals("start with the prefixes holding most keys without TTL: user:, (none)"));
    assertThat(byName.get("no_ttl").examples()).extracting(Report.KeyRow::key)
        .containsExactly(SampleReports.HOSTILE_KEY, "user:12345");
    assertThat(byName.get("big_key").fix().kind()).isEqualTo("schema");
  }

  @Test
  void redis62IsToldItsZiplistSettingNames() {
    MemoryState state = SampleReports.memoryState();
    var info = io.github.redismem.redis.InfoReply.parse(
        io.github.redismem.redis.Fixtures.text("redis-6.2/info.txt"));
    MemoryState old = new MemoryState(true, state.duration(), Optional.of(info), Optional.empty(), Optional.empty(),
        Map.of(), List.of(), Map.of());
    SamplerStatus status = new SamplerStatus(1, 1, 0, Map.of(), 1, 0, 1, "idle", Optional.of(SampleReports.pass()));
    Report r = new ReportBuilder("v", "t").build(old, status, SampleReports.NOW, true);
    assertThat(r.partial()).isTrue();
    assertThat(r.analysis().orElseThrow().findings())
        .filteredOn(f -> f.finding().equals("hash_hashtable_under_limit"))
        .singleElement().satisfies(f -> assertThat(f.fix().steps())
            .contains("CONFIG SET hash-max-ziplist-value <longest + 1> (now 64)"));
  }
}
