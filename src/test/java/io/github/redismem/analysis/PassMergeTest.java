package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.analysis.PassMerge.NodePass;
import io.github.redismem.config.SamplingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A cluster's shards merged into one pass: what adds up, what is cut again, and where each key lives. */
class PassMergeTest {
  private static final String A = "10.0.0.1:7000";
  private static final String B = "10.0.0.2:7001";
  private static final Instant T = Instant.parse("2025-01-02T03:04:05Z");
  /** Groupable small strings from 20 keys, so that each half of the keyspace's 80 {@code cache:} strings has some. */
  private static final SamplingSettings SETTINGS = Passes.settings(1, 10, ":", 1, List.of(), 50, 1_000_000, 20);

  private static PassResult exact(List<SamplePasses.DbKey> keys) {
    PassAggregator pass = Passes.aggregator(SETTINGS, Passes.THRESHOLDS_7_2);
    keys.forEach(k -> pass.add(k.db(), k.facts()));
    return pass.finish(T, Duration.ofSeconds(1), 0, 0.01, Optional.empty());
  }

  private static List<TopKey> withoutNodes(List<TopKey> keys) {
    return keys.stream().map(k -> k.withNode("")).toList();
  }

  // --- the key property: the halves of a keyspace merged are the pass over the whole ---

  /** The keyspace split in two by a hash of each name, as a cluster splits it by slot. */
  private static List<List<SamplePasses.DbKey>> halves() {
    List<SamplePasses.DbKey> first = new ArrayList<>();
    List<SamplePasses.DbKey> second = new ArrayList<>();
    SamplePasses.keyspace().forEach(k -> (KeyHash.selected(k.facts().key(), 0.5) ? first : second).add(k));
    return List.of(first, second);
  }

  @Test
  void mergingTheHalvesOfAKeyspaceGivesThePassOverTheWhole() {
    List<SamplePasses.DbKey> keys = SamplePasses.keyspace();
    PassResult whole = exact(keys);
    PassResult a = exact(halves().get(0));
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, exact(halves().get(1)))), 10,
        50);
    assertThat(a.keysInspected()).isBetween(keys.size() / 3L, 2L * keys.size() / 3);

    assertThat(merged.keysInspected()).isEqualTo(whole.keysInspected()).isEqualTo(keys.size());
    assertThat(merged.encodings()).hasSizeGreaterThan(10).isEqualTo(whole.encodings());
    assertThat(merged.prefixes()).hasSizeGreaterThan(10).isEqualTo(whole.prefixes());
    assertThat(merged.ttls()).hasSize(whole.ttls().size()).isEqualTo(whole.ttls());
    // every finding, those judged per prefix included, with the same counts, bytes and savings
    assertThat(merged.findings()).extracting(f -> f.db() + " " + f.finding())
        .containsExactlyElementsOf(whole.findings().stream().map(f -> f.db() + " " + f.finding()).toList())
        .hasSizeGreaterThanOrEqualTo(Finding.values().length);
    for (int i = 0; i < whole.findings().size(); i++) {
      PassResult.FindingGroup w = whole.findings().get(i);
      PassResult.FindingGroup m = merged.findings().get(i);
      assertThat(List.of(m.keys(), m.bytes(), m.reclaimableBytes())).as(w.finding().label())
          .isEqualTo(List.of(w.keys(), w.bytes(), w.reclaimableBytes()));
      assertThat(List.of(m.keysBounds(), m.bytesBounds())).isEqualTo(List.of(w.keysBounds(), w.bytesBounds()));
      // equal sizes may show other keys of the same size (each node kept those it saw first)
      assertThat(m.examples()).extracting(TopKey::bytes).as(w.finding().label())
          .isEqualTo(w.examples().stream().map(TopKey::bytes).toList());
    }
    assertSameHistograms(merged.memoryHistograms(), whole.memoryHistograms());
    assertSameHistograms(merged.elementHistograms(), whole.elementHistograms());
    assertSameHistogram(merged.stringLengths(), whole.stringLengths());

    assertThat(withoutNodes(merged.topKeys())).hasSize(10).isEqualTo(whole.topKeys());
    Set<String> onA = a.topKeys().stream().map(TopKey::key).collect(Collectors.toSet());
    assertThat(merged.topKeys()).allSatisfy(k -> assertThat(k.node()).isEqualTo(onA.contains(k.key()) ? A : B));
    assertThat(merged.topKeys()).extracting(TopKey::node).contains(A, B);
  }

  @Test
  void thresholdWhatIfsOfTheHalvesAddUpToTheWholes() {
    PassResult whole = exact(SamplePasses.keyspace());
    PassResult a = exact(halves().get(0));
    PassResult b = exact(halves().get(1));
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 10, 50);
    assertThat(whole.whatIfs()).hasSizeGreaterThanOrEqualTo(3);
    // each half has a row of every threshold: the merge adds rows, it does not pass one node's through
    assertThat(a.whatIfs()).hasSameSizeAs(whole.whatIfs());
    assertThat(b.whatIfs()).hasSameSizeAs(whole.whatIfs());
    assertThat(merged.whatIfs()).extracting(ThresholdWhatIf::setting)
        .containsExactlyElementsOf(whole.whatIfs().stream().map(ThresholdWhatIf::setting).toList());
    for (int i = 0; i < whole.whatIfs().size(); i++) {
      ThresholdWhatIf w = whole.whatIfs().get(i);
      ThresholdWhatIf m = merged.whatIfs().get(i);
      assertThat(List.of(m.keysOver(), m.bytesOver(), m.keysBeyond(), m.reclaimableAboveLongest())).as(w.setting())
          .isEqualTo(List.of(w.keysOver(), w.bytesOver(), w.keysBeyond(), w.reclaimableAboveLongest()));
      // every node's keys over the limit have the same element count here, so even the percentiles agree;
      // the compact size is the node with the longest elements'
      assertThat(m.candidates()).extracting(c -> c.value() + " " + c.basis() + " " + c.keys() + " "
          + c.reclaimableBytes()).as(w.setting()).containsExactlyElementsOf(w.candidates().stream()
              .map(c -> c.value() + " " + c.basis() + " " + c.keys() + " " + c.reclaimableBytes()).toList());
    }
  }

  private static void assertSameHistograms(Map<DataType, Histogram.Snapshot> merged,
      Map<DataType, Histogram.Snapshot> whole) {
    assertThat(merged.keySet()).isEqualTo(whole.keySet());
    whole.forEach((type, h) -> assertSameHistogram(merged.get(type), h));
  }

  private static void assertSameHistogram(Histogram.Snapshot merged, Histogram.Snapshot whole) {
    assertThat(merged.upperBounds()).isEqualTo(whole.upperBounds());
    assertThat(merged.counts()).isEqualTo(whole.counts());
    assertThat(merged.sum()).isEqualTo(whole.sum());
    assertThat(merged.count()).isEqualTo(whole.count());
  }

  // --- sampled passes, as the sampler makes them: bounds add up ---

  @Test
  void sampledPassesAddTheirEstimatesAndBoundsLowToLowHighToHigh() {
    PassResult s = SamplePasses.sampled();
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, s), new NodePass(B, s)), 10, 50);
    assertThat(merged.encodings()).hasSameSizeAs(s.encodings());
    for (int i = 0; i < s.encodings().size(); i++) {
      PassResult.EncodingGroup one = s.encodings().get(i);
      PassResult.EncodingGroup two = merged.encodings().get(i);
      assertThat(two.keys()).isEqualTo(2 * one.keys());
      assertThat(two.bytes()).isEqualTo(2 * one.bytes());
      assertThat(two.keysBounds()).isEqualTo(new Bounds(2 * one.keysBounds().low(), 2 * one.keysBounds().high()));
      assertThat(two.bytesBounds()).isEqualTo(new Bounds(2 * one.bytesBounds().low(), 2 * one.bytesBounds().high()));
    }
    assertThat(s.encodings()).anySatisfy(e -> assertThat(e.bytesBounds().low()).isLessThan(e.bytes()));
    for (int i = 0; i < s.ttls().size(); i++) {
      assertThat(merged.ttls().get(i).keysBounds().high()).isEqualTo(2 * s.ttls().get(i).keysBounds().high());
    }
    assertThat(merged.memoryHistograms().get(DataType.HASH).count())
        .isEqualTo(2 * s.memoryHistograms().get(DataType.HASH).count());
    assertThat(s.estimation().calibrated()).isTrue();
    assertThat(merged.estimation()).isEqualTo(new PassResult.Estimation(true, s.estimation().bigKeyBytes(), true,
        2 * s.estimation().datasetBytes(), 2 * s.estimation().allocatedBytes(),
        2 * s.estimation().unattributedBytes()));
    assertThat(merged.sampleRatio()).isEqualTo(0.25);
  }

  // --- rules, on passes built by hand ---

  private static PassResult pass(Instant finishedAt, Duration duration, double ratio, long keys, long vanished,
      double redisTime, Thresholds thresholds, List<TopKey> top, List<PassResult.PrefixGroup> prefixes,
      List<PassResult.FindingGroup> findings, PassResult.Estimation estimation, List<ThresholdWhatIf> whatIfs) {
    Histogram.Snapshot none = Histogram.Snapshot.empty(Histogram.STRING_LENGTH_BOUNDS);
    return new PassResult(finishedAt, duration, ratio, keys, vanished, redisTime, thresholds, List.of(), Map.of(),
        Map.of(), none, top, prefixes, List.of(), findings, estimation, whatIfs);
  }

  private static PassResult pass(List<TopKey> top, List<PassResult.PrefixGroup> prefixes,
      List<PassResult.FindingGroup> findings, List<ThresholdWhatIf> whatIfs) {
    return pass(T, Duration.ofSeconds(1), 1, 10, 0, 0.01, Passes.THRESHOLDS_7_2, top, prefixes, findings,
        PassResult.Estimation.EXACT, whatIfs);
  }

  private static TopKey key(String name, long bytes) {
    return new TopKey(0, name, DataType.STRING, "raw", bytes, bytes - 50, -1);
  }

  @Test
  void topKeysInterleaveBiggestFirstEachWithItsNodeCutToTheLimit() {
    PassResult a = pass(List.of(key("a1", 1_000), key("a2", 600), key("a3", 200)), List.of(), List.of(), List.of());
    PassResult b = pass(List.of(key("b1", 800), key("b2", 500), key("b3", 100)), List.of(), List.of(), List.of());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 4, 50);
    assertThat(merged.topKeys()).containsExactly(key("a1", 1_000).withNode(A), key("b1", 800).withNode(B),
        key("a2", 600).withNode(A), key("b2", 500).withNode(B));
  }

  @Test
  void prefixesBeyondTheCapOnceAddedFoldIntoTheirDatabasesOther() {
    PassResult a = pass(List.of(), List.of(
        new PassResult.PrefixGroup(0, "user:", 10, 1_000, 4, new Bounds(900, 1_100)),
        new PassResult.PrefixGroup(0, "rank:", 7, 700, 7, new Bounds(650, 760)),
        new PassResult.PrefixGroup(0, "other", 3, 40, 1, new Bounds(30, 55)),
        new PassResult.PrefixGroup(1, "job:", 2, 100, 2, new Bounds(100, 100))), List.of(), List.of());
    PassResult b = pass(List.of(), List.of(
        new PassResult.PrefixGroup(0, "tag:", 9, 900, 0, new Bounds(850, 980)),
        new PassResult.PrefixGroup(0, "rank:", 1, 100, 1, new Bounds(80, 120)),
        new PassResult.PrefixGroup(0, "feed:", 5, 500, 5, new Bounds(400, 600)),
        new PassResult.PrefixGroup(0, "other", 2, 25, 2, new Bounds(20, 30)),
        new PassResult.PrefixGroup(1, "job:", 3, 150, 0, new Bounds(140, 160))), List.of(), List.of());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 10, 2);
    // db 0 summed: user 1000, tag 900, rank 800, feed 500, other 65: rank and feed beyond 2 go to other
    assertThat(merged.prefixes()).containsExactly(
        new PassResult.PrefixGroup(0, "user:", 10, 1_000, 4, new Bounds(900, 1_100)),
        new PassResult.PrefixGroup(0, "tag:", 9, 900, 0, new Bounds(850, 980)),
        new PassResult.PrefixGroup(0, "other", 3 + 2 + 8 + 5, 40 + 25 + 800 + 500, 1 + 2 + 8 + 5,
            new Bounds(30 + 20 + 730 + 400, 55 + 30 + 880 + 600)),
        new PassResult.PrefixGroup(1, "job:", 5, 250, 2, new Bounds(240, 260)));
  }

  @Test
  void equalPrefixBytesAreCutByNameAsOneNodesPassCutsThem() {
    PassResult a = pass(List.of(), List.of(new PassResult.PrefixGroup(0, "b:", 1, 100, 0),
        new PassResult.PrefixGroup(0, "c:", 1, 100, 0)), List.of(), List.of());
    PassResult b = pass(List.of(), List.of(new PassResult.PrefixGroup(0, "a:", 1, 100, 0)), List.of(), List.of());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 10, 2);
    assertThat(merged.prefixes()).extracting(PassResult.PrefixGroup::prefix).containsExactly("a:", "b:", "other");
  }

  @Test
  void findingsAddUpAndKeepTheFiveBiggestExamplesWithTheirNodes() {
    PassResult a = pass(List.of(), List.of(), List.of(new PassResult.FindingGroup(0, Finding.NO_TTL, 40, 4_000, 0,
        List.of(key("a1", 900), key("a2", 700), key("a3", 500), key("a4", 300)), new Bounds(35, 46),
        new Bounds(3_500, 4_600))), List.of());
    PassResult b = pass(List.of(), List.of(), List.of(
        new PassResult.FindingGroup(0, Finding.NO_TTL, 20, 2_000, 0, List.of(key("b1", 800), key("b2", 600),
            key("b3", 400)), new Bounds(18, 23), new Bounds(1_800, 2_300)),
        new PassResult.FindingGroup(0, Finding.STRING_JSON_BLOB, 2, 5_000, 2_000, List.of(key("b9", 2_600)))),
        List.of());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 10, 50);
    assertThat(merged.findings()).containsExactly(
        new PassResult.FindingGroup(0, Finding.STRING_JSON_BLOB, 2, 5_000, 2_000, List.of(key("b9", 2_600)
            .withNode(B))),
        new PassResult.FindingGroup(0, Finding.NO_TTL, 60, 6_000, 0, List.of(key("a1", 900).withNode(A),
            key("b1", 800).withNode(B), key("a2", 700).withNode(A), key("b2", 600).withNode(B),
            key("a3", 500).withNode(A)), new Bounds(53, 69), new Bounds(5_300, 6_900)));
  }

  @Test
  void theMergedPassIsAsOldAsItsOldestPartAsLongAsItsLongestAndSampledIfAnyPartWas() {
    Thresholds other = new Thresholds(128, 64, 128, 64, 512, 128, 64, true);
    PassResult.Estimation calibrated = new PassResult.Estimation(true, 65_536, true, 1e6, 2e5, 3e4);
    PassResult.Estimation uncalibrated = new PassResult.Estimation(true, 16_384, false, 5e5, 1e5, 1e4);
    PassResult a = pass(T, Duration.ofSeconds(5), 1, 100, 1, 0.008, Passes.THRESHOLDS_7_2, List.of(), List.of(),
        List.of(), PassResult.Estimation.EXACT, List.of());
    PassResult b = pass(T.minusSeconds(30), Duration.ofSeconds(2), 0.1, 40, 2, 0.02, other, List.of(), List.of(),
        List.of(), calibrated, List.of());
    PassResult c = pass(T.plusSeconds(9), Duration.ofSeconds(7), 0.1, 30, 0, 0.01, other, List.of(), List.of(),
        List.of(), uncalibrated, List.of());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b),
        new NodePass("10.0.0.3:7002", c)), 10, 50);
    assertThat(merged.finishedAt()).isEqualTo(T.minusSeconds(30));
    assertThat(merged.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(merged.sampleRatio()).isEqualTo(0.1);
    assertThat(merged.keysInspected()).isEqualTo(170);
    assertThat(merged.keysVanished()).isEqualTo(3);
    assertThat(merged.redisTimeRatio()).isEqualTo(0.02);
    assertThat(merged.thresholds()).isEqualTo(Passes.THRESHOLDS_7_2);
    assertThat(merged.estimation()).isEqualTo(new PassResult.Estimation(true, 65_536, false, 1.5e6, 3e5, 4e4));

    PassResult bothCalibrated = PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, b)), 10, 50);
    assertThat(bothCalibrated.estimation().calibrated()).isTrue();
    assertThat(PassMerge.merge(List.of(new NodePass(A, a), new NodePass(B, a)), 10, 50).estimation())
        .isEqualTo(PassResult.Estimation.EXACT);
  }

  @Test
  void whatIfsAddPerSettingKeepingTheCandidatesAndBasesEveryNodeHas() {
    ThresholdWhatIf entriesA = new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 128, "skiplist",
        "listpack", 10, 10_000, 1, List.of(new ThresholdWhatIf.Candidate(150, "p90", 6, 3_000, 2_000),
            new ThresholdWhatIf.Candidate(256, "2x", 8, 4_000, 3_000),
            new ThresholdWhatIf.Candidate(512, "4x,p99", 9, 4_500, 6_000)), 0);
    ThresholdWhatIf entriesB = new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 128, "skiplist",
        "listpack", 4, 5_000, 0, List.of(new ThresholdWhatIf.Candidate(200, "p90", 2, 1_000, 3_000),
            new ThresholdWhatIf.Candidate(256, "2x,p99", 4, 2_000, 4_000),
            new ThresholdWhatIf.Candidate(512, "4x", 4, 2_000, 8_000)), 0);
    ThresholdWhatIf valueA = new ThresholdWhatIf(DataType.HASH, "hash-max-listpack-value", 64, "hashtable",
        "listpack", 3, 3_000, 0, List.of(), 1_200);
    ThresholdWhatIf valueB = new ThresholdWhatIf(DataType.HASH, "hash-max-listpack-value", 64, "hashtable",
        "listpack", 2, 2_500, 0, List.of(), 800);
    ThresholdWhatIf onlyB = new ThresholdWhatIf(DataType.SET, "set-max-intset-entries", 512, "hashtable", "intset",
        1, 900, 0, List.of(new ThresholdWhatIf.Candidate(1024, "2x", 1, 400, 100)), 0);
    PassResult merged = PassMerge.merge(List.of(
        new NodePass(A, pass(List.of(), List.of(), List.of(), List.of(entriesA, valueA))),
        new NodePass(B, pass(List.of(), List.of(), List.of(), List.of(entriesB, valueB, onlyB)))), 10, 50);
    assertThat(merged.whatIfs()).containsExactly(
        new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 128, "skiplist", "listpack", 14, 15_000, 1,
            List.of(new ThresholdWhatIf.Candidate(256, "2x", 12, 6_000, 4_000),
                new ThresholdWhatIf.Candidate(512, "4x", 13, 6_500, 8_000)), 0),
        new ThresholdWhatIf(DataType.HASH, "hash-max-listpack-value", 64, "hashtable", "listpack", 5, 5_500, 0,
            List.of(), 2_000),
        onlyB);
  }

  @Test
  void aCommonPercentileOfEveryNodeIsTheClustersAndKeepsItsBasis() {
    ThresholdWhatIf.Candidate p90 = new ThresholdWhatIf.Candidate(150, "p90,p99", 5, 500, 1_000);
    ThresholdWhatIf w = new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 128, "skiplist", "listpack",
        5, 5_000, 0, List.of(p90), 0);
    assertThat(w.plus(w).candidates()).containsExactly(new ThresholdWhatIf.Candidate(150, "p90,p99", 10, 1_000,
        1_000));
    ThresholdWhatIf at256 = new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 256, "skiplist",
        "listpack", 1, 1, 0, List.of(), 0);
    assertThatThrownBy(() -> w.plus(at256)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void histogramsAddBucketByBucketAndRefuseOtherBuckets() {
    Histogram.Snapshot a = new Histogram.Snapshot(new double[] {1, 2}, new long[] {1, 2, 3}, 10, 6);
    Histogram.Snapshot b = new Histogram.Snapshot(new double[] {1, 2}, new long[] {4, 0, 1}, 5, 5);
    Histogram.Snapshot sum = a.plus(b);
    assertThat(sum.counts()).containsExactly(5, 2, 4);
    assertThat(sum.sum()).isEqualTo(15);
    assertThat(sum.count()).isEqualTo(11);
    assertThat(a.counts()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> a.plus(Histogram.Snapshot.empty(new double[] {1, 4})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onePartIsThatPartWithItsNodeOnItsKeys() {
    PassResult one = exact(SamplePasses.keyspace());
    PassResult merged = PassMerge.merge(List.of(new NodePass(A, one)), 10, 50);
    assertThat(merged.topKeys()).isEqualTo(one.topKeys().stream().map(k -> k.withNode(A)).toList());
    assertThat(merged.findings()).allSatisfy(f -> assertThat(f.examples()).extracting(TopKey::node).containsOnly(A));
    assertThat(merged.findings()).extracting(PassResult.FindingGroup::keys)
        .isEqualTo(one.findings().stream().map(PassResult.FindingGroup::keys).toList());
    assertThat(List.of(merged.encodings(), merged.prefixes(), merged.ttls(), merged.whatIfs(), merged.estimation(),
        merged.finishedAt(), merged.keysInspected())).isEqualTo(List.of(one.encodings(), one.prefixes(), one.ttls(),
            one.whatIfs(), one.estimation(), one.finishedAt(), one.keysInspected()));
    assertThat(one.topKeys()).extracting(TopKey::node).containsOnly("");
  }

  @Test
  void noPartIsAnError() {
    assertThatThrownBy(() -> PassMerge.merge(List.of(), 10, 50)).isInstanceOf(IllegalArgumentException.class);
  }
}
