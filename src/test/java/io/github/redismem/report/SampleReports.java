package io.github.redismem.report;

import io.github.redismem.analysis.Bounds;
import io.github.redismem.analysis.ClusterMember;
import io.github.redismem.analysis.ClusterSampling;
import io.github.redismem.analysis.ClusterView;
import io.github.redismem.analysis.DataType;
import io.github.redismem.analysis.Finding;
import io.github.redismem.analysis.Histogram;
import io.github.redismem.analysis.PassMerge;
import io.github.redismem.analysis.PassEstimate;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SampledNode;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.analysis.ThresholdWhatIf;
import io.github.redismem.analysis.Thresholds;
import io.github.redismem.analysis.TopKey;
import io.github.redismem.analysis.TtlBucket;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports for renderer tests, built the way the exporter builds them: from a recorded Redis 7.0 INFO and a pass
 * holding every finding and hostile key names (markup, quotes, a control character shown as {@code \x0a}).
 */
public final class SampleReports {
  public static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  public static final String HOSTILE_KEY = "<script>alert(1)</script>";

  /** The reports show no histogram: the passes here carry none. */
  private static final Histogram.Snapshot NO_STRING_LENGTHS =
      Histogram.Snapshot.empty(Histogram.STRING_LENGTH_BOUNDS);

  private SampleReports() {}

  /** The recorded "loaded" Redis 7.0 (about 102,000 keys, no maxmemory). */
  public static MemoryState memoryState() {
    InfoReply info = InfoReply.parse(Fixtures.text("redis-7.0/loaded/info.txt"));
    MemoryStats stats = MemoryStats.parse(Fixtures.memoryStats("redis-7.0/loaded/memory-stats.txt"));
    DoctorText doctor = DoctorText.parse(Fixtures.text("redis-7.0/loaded/memory-doctor.txt"));
    return new MemoryState(true, Duration.ofMillis(3), Optional.of(info), Optional.of(stats), Optional.of(doctor),
        Map.of(), List.of(), Map.of());
  }

  public static PassResult pass() {
    Thresholds t = new Thresholds(512, 64, 128, 64, 512, 0, 0, true);
    TopKey hostile = new TopKey(0, HOSTILE_KEY, DataType.STRING, "raw", 500_000, 500_000, -1);
    TopKey quoted = new TopKey(0, "q\"uo\\\\te:1 & 'x'", DataType.HASH, "hashtable", 40_000, 100, 7_200_000);
    TopKey newline = new TopKey(2, "line1\\x0aline2", DataType.ZSET, "skiplist", 30_000, 200, 90_000);
    TopKey user = new TopKey(0, "user:12345", DataType.STRING, "embstr", 80, 10, -1);
    List<PassResult.FindingGroup> findings = List.of(
        new PassResult.FindingGroup(0, Finding.NO_TTL, 4000, 900_000, 0, List.of(hostile, user)),
        new PassResult.FindingGroup(0, Finding.HASH_HASHTABLE_UNDER_LIMIT, 3, 120_000, 80_000, List.of(quoted)),
        new PassResult.FindingGroup(2, Finding.ZSET_SKIPLIST_NEAR_LIMIT, 2, 60_000, 35_000, List.of(newline)),
        new PassResult.FindingGroup(0, Finding.SET_HASHTABLE_UNDER_LIMIT, 1, 9_000, 6_000, List.of()),
        new PassResult.FindingGroup(0, Finding.STRING_JSON_BLOB, 5, 50_000, 20_000, List.of()),
        new PassResult.FindingGroup(0, Finding.SMALL_STRINGS_GROUPABLE, 2000, 160_000, 120_000, List.of(user)),
        new PassResult.FindingGroup(0, Finding.BIG_KEY, 1, 500_000, 0, List.of(hostile)));
    return new PassResult(NOW.minusSeconds(42), Duration.ofSeconds(4), 1.0, 4008, 3, 0.04, t,
        List.of(new PassResult.EncodingGroup(0, DataType.STRING, "raw", 6, 550_000),
            new PassResult.EncodingGroup(0, DataType.STRING, "embstr", 2000, 160_000),
            new PassResult.EncodingGroup(0, DataType.HASH, "hashtable", 3, 120_000),
            new PassResult.EncodingGroup(2, DataType.ZSET, "skiplist", 2, 60_000)),
        Map.of(), Map.of(), NO_STRING_LENGTHS, List.of(hostile, quoted, newline, user),
        List.of(new PassResult.PrefixGroup(0, "user:", 2000, 160_000, 2000),
            new PassResult.PrefixGroup(0, "(none)", 6, 550_000, 6),
            new PassResult.PrefixGroup(0, "q\"uo\\\\te:", 3, 120_000, 0),
            new PassResult.PrefixGroup(2, "line1\\x0aline2", 2, 60_000, 0)),
        List.of(new PassResult.TtlGroup(0, TtlBucket.NONE, 2006, 710_000),
            new PassResult.TtlGroup(0, TtlBucket.H4, 3, 120_000),
            new PassResult.TtlGroup(2, TtlBucket.D1, 2, 60_000)),
        findings, PassResult.Estimation.EXACT, WHAT_IFS);
  }

  /** An -entries what-if with candidates (2x and p99 coinciding) and a -value one held back. */
  public static final List<ThresholdWhatIf> WHAT_IFS = List.of(
      new ThresholdWhatIf(DataType.ZSET, "zset-max-listpack-entries", 128, "skiplist", "listpack", 2, 60_000, 0,
          List.of(new ThresholdWhatIf.Candidate(200, "p90", 1, 15_000, 4_000),
              new ThresholdWhatIf.Candidate(256, "2x,p99", 2, 35_000, 5_120),
              new ThresholdWhatIf.Candidate(512, "4x", 2, 35_000, 10_240)), 0),
      new ThresholdWhatIf(DataType.HASH, "hash-max-listpack-value", 64, "hashtable", "listpack", 3, 120_000, 0,
          List.of(), 80_000));

  /** Bytes of the recorded instance's {@code used_memory_dataset}, which the sampled pass was calibrated against. */
  public static final long DATASET_BYTES = 14_196_376;
  /** What the sampled pass does not explain: 3.20 MiB. */
  public static final long UNATTRIBUTED_BYTES = 3_355_443;

  /**
   * A pass over a 10% sample of the same keyspace, as the estimator leaves it: fractional estimates with 99% bounds,
   * exact prefix key counts, a big key counted once (its finding exact), and 3.20 MiB of the dataset unattributed.
   * The encodings' bytes plus the unattributed bytes are {@link #DATASET_BYTES}.
   */
  public static PassResult sampledPass() {
    Thresholds t = new Thresholds(512, 64, 128, 64, 512, 0, 0, true);
    TopKey hostile = new TopKey(0, HOSTILE_KEY, DataType.STRING, "raw", 500_000, 500_000, -1);
    TopKey quoted = new TopKey(0, "q\"uo\\\\te:1 & 'x'", DataType.HASH, "hashtable", 40_000, 100, 7_200_000);
    TopKey user = new TopKey(0, "user:12345", DataType.STRING, "embstr", 80, 10, -1);
    List<PassResult.FindingGroup> findings = List.of(
        new PassResult.FindingGroup(0, Finding.NO_TTL, 20_060, 8_440_933, 0, List.of(hostile, user),
            new Bounds(19_300, 20_900), new Bounds(7_900_000, 9_300_000)),
        new PassResult.FindingGroup(0, Finding.HASH_HASHTABLE_UNDER_LIMIT, 30, 1_600_000, 1_000_000,
            List.of(quoted), new Bounds(18, 45), new Bounds(1_200_000, 2_100_000)),
        new PassResult.FindingGroup(0, Finding.BIG_KEY, 1, 500_000, 0, List.of(hostile)));
    PassResult.Estimation estimation = new PassResult.Estimation(true, 65_536, true, DATASET_BYTES, 1_200_000,
        UNATTRIBUTED_BYTES);
    return new PassResult(NOW.minusSeconds(42), Duration.ofSeconds(4), 0.1, 401, 0, 0.01, t,
        List.of(new PassResult.EncodingGroup(0, DataType.STRING, "raw", 60.4, 6_000_000.2, new Bounds(40.2, 85.5),
                new Bounds(5_500_000, 6_800_000)),
            new PassResult.EncodingGroup(0, DataType.STRING, "embstr", 20_000, 2_440_933, new Bounds(19_200.6, 20_800),
                new Bounds(2_300_000, 2_600_000)),
            new PassResult.EncodingGroup(0, DataType.HASH, "hashtable", 30, 1_600_000, new Bounds(18, 45),
                new Bounds(1_200_000, 2_100_000)),
            new PassResult.EncodingGroup(2, DataType.ZSET, "skiplist", 20, 800_000, new Bounds(10, 32),
                new Bounds(500_000, 1_250_000))),
        Map.of(), Map.of(), NO_STRING_LENGTHS, List.of(hostile, quoted, user),
        List.of(new PassResult.PrefixGroup(0, "user:", 20_000, 2_440_933, 20_000, new Bounds(2_300_000, 2_600_000)),
            new PassResult.PrefixGroup(0, "(none)", 60, 6_000_000, 60, new Bounds(5_500_000, 6_800_000)),
            new PassResult.PrefixGroup(0, "q\"uo\\\\te:", 30, 1_600_000, 0, new Bounds(1_200_000, 2_100_000)),
            new PassResult.PrefixGroup(2, "line1\\x0aline2", 20, 800_000, 0, new Bounds(500_000, 1_250_000))),
        List.of(new PassResult.TtlGroup(0, TtlBucket.NONE, 20_060, 8_440_933, new Bounds(19_300, 20_900),
                new Bounds(7_900_000, 9_300_000)),
            new PassResult.TtlGroup(0, TtlBucket.H4, 30, 1_600_000, new Bounds(18, 45),
                new Bounds(1_200_000, 2_100_000)),
            new PassResult.TtlGroup(2, TtlBucket.D1, 20, 800_000, new Bounds(10, 32), new Bounds(500_000, 1_250_000))),
        findings, estimation);
  }

  /** A report after a completed sampled pass (ratio 0.1), with the sampler idle. */
  public static Report sampled() {
    SamplerStatus status = new SamplerStatus(401, 1, 0, Map.of(), 1.0, 0.01, 0.1, "idle",
        Optional.of(sampledPass()));
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(memoryState(), status, NOW, false);
  }

  /**
   * A report during a first pass, at 5% of it: no complete analysis yet, the early estimate (the figures of
   * {@link #sampledPass()}, as if extrapolated) beside it.
   */
  public static Report early() {
    SamplerStatus status = new SamplerStatus(401, 0, 0, Map.of(), 0.05, 0.01, 1.0, "running", Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), Map.of(), 0, Optional.empty(), 0, 100, Duration.ZERO,
        Optional.of(new PassEstimate(sampledPass(), 0.05, NOW.minusSeconds(1))));
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(memoryState(), status, NOW, false);
  }

  /** A report after a completed pass, with the sampler idle. */
  public static Report complete() {
    SamplerStatus status = new SamplerStatus(4008, 1, 3, Map.of("timeout", 0L), 1.0, 0.03, 1.0, "idle",
        Optional.of(pass()));
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(memoryState(), status, NOW,
        false);
  }

  /** The report of an RDB snapshot ({@code analyze --rdb}) holding the keys of {@link #pass()}. */
  public static Report snapshot() {
    SamplerStatus status = new SamplerStatus(4008, 1, 3, Map.of(), 1.0, 0, 1.0, "snapshot", Optional.of(pass()));
    return new ReportBuilder("1.2.3", "dump.rdb").snapshot(new Report.Snapshot("/data/dump.rdb", 1_234_567,
        NOW.minusSeconds(600), "7.0.15", 3, true), status, NOW, false);
  }

  /** The nodes of {@link #cluster()}. */
  public static final String NODE_A = "10.0.0.1:7000";
  public static final String NODE_B = "10.0.0.2:7001";
  /** The shards' primaries: the first answers, the second is down. */
  public static final String PRIMARY_A = "10.0.0.3:7002";
  public static final String PRIMARY_B = "10.0.0.4:7003";

  /**
   * A Redis Cluster's report: {@link #pass()} on {@link #NODE_A} merged with a one-key shard on {@link #NODE_B},
   * whose key (450,000 bytes, no TTL) is the second biggest and an example of {@code no_ttl}.
   */
  public static Report cluster() {
    Thresholds t = new Thresholds(512, 64, 128, 64, 512, 0, 0, true);
    TopKey feed = new TopKey(0, "feed:9", DataType.LIST, "quicklist", 450_000, 9_000, -1);
    PassResult shard = new PassResult(NOW.minusSeconds(50), Duration.ofSeconds(3), 1.0, 1, 0, 0.03, t,
        List.of(new PassResult.EncodingGroup(0, DataType.LIST, "quicklist", 1, 450_000)), Map.of(), Map.of(),
        NO_STRING_LENGTHS, List.of(feed), List.of(new PassResult.PrefixGroup(0, "feed:", 1, 450_000, 1)),
        List.of(new PassResult.TtlGroup(0, TtlBucket.NONE, 1, 450_000)),
        List.of(new PassResult.FindingGroup(0, Finding.NO_TTL, 1, 450_000, 0, List.of(feed))));
    // the shards' samplers: the first idle after its pass, the second running its next one
    SamplerStatus sampling = new ClusterSampling(10, 50).status(List.of(
        new ClusterSampling.Shard(Optional.of(new SamplerStatus(4008, 1, 3, Map.of(), 1.0, 0.03, 1.0, "idle",
            Optional.of(pass()))), Optional.of(new PassMerge.NodePass(NODE_A, pass()))),
        new ClusterSampling.Shard(Optional.of(new SamplerStatus(12, 1, 0, Map.of(), 0.5, 0.01, 1.0, "running",
            Optional.of(shard))), Optional.of(new PassMerge.NodePass(NODE_B, shard)))));
    MemoryState down = MemoryState.down(Duration.ofMillis(1), List.of(), Map.of());
    ClusterView view = new ClusterView(List.of(
        new ClusterMember(NODE_A, "replica", "0-8191", memoryState(), true, Optional.of(pass())),
        new ClusterMember(NODE_B, "replica", "8192-16383", memoryState(), true, Optional.of(shard)),
        new ClusterMember(PRIMARY_A, "primary", "0-8191", memoryState(), false, Optional.empty()),
        new ClusterMember(PRIMARY_B, "primary", "8192-16383", down, false, Optional.empty())), 2, sampling);
    return ClusterReport.build("1.2.3", "cluster of " + PRIMARY_A, InstanceFindingSettings.DEFAULTS, view, NOW,
        false);
  }

  /** A report during the first pass: nothing analysed yet. */
  public static Report firstPassRunning() {
    SamplerStatus status = new SamplerStatus(120, 0, 0, Map.of(), 0.37, 0.05, 1.0, "running", Optional.empty());
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(memoryState(), status, NOW, false);
  }

  /**
   * {@link #complete()} with the allocator section read 42 s before the report from the fragmented 7.0 sample
   * (slab slack of about 25 MiB, under the default active-defrag-ignore-bytes).
   */
  public static Report withAllocator() {
    AllocatorStats read = AllocatorStats.of(Fixtures.text("redis-7.0/malloc-stats-fragmented.txt"),
        NOW.minusSeconds(42), Duration.ofMillis(2));
    // the pass read a replica of redis.addr (sampling.readFrom=replica)
    SamplerStatus status = new SamplerStatus(4008, 1, 3, Map.of("timeout", 0L), 1.0, 0.03, 1.0, "idle",
        Optional.of(pass()), Optional.empty(), Optional.empty(), List.of(), Map.of(), 0,
        Optional.of(new SampledNode("10.0.0.2:6379", "replica")));
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(memoryState(), status, NOW, false,
        Optional.of(read));
  }
}
