package io.github.redismem.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One completed pass over the keyspace, immutable. Counts and bytes are estimates when the sample ratio is below 1
 * (docs/sampling.md), with 99% bounds; exact, with bounds equal to the value, when it is 1. They are doubles.
 *
 * @param memoryHistograms key sizes ({@code MEMORY USAGE}) per data type
 * @param elementHistograms element counts per data type: hashes, lists, sets, sorted sets and streams, never
 *     strings, whose lengths are bytes ({@code stringLengths})
 * @param stringLengths the strings' lengths in bytes ({@code STRLEN}); empty (all buckets 0) without strings
 * @param estimation how the estimates were made; {@link Estimation#EXACT} for an exact pass
 * @param whatIfs what raising each encoding threshold that keys are over would free (empty when none is)
 */
public record PassResult(Instant finishedAt, Duration duration, double sampleRatio, long keysInspected,
    long keysVanished, double redisTimeRatio, Thresholds thresholds, List<EncodingGroup> encodings,
    Map<DataType, Histogram.Snapshot> memoryHistograms, Map<DataType, Histogram.Snapshot> elementHistograms,
    Histogram.Snapshot stringLengths, List<TopKey> topKeys, List<PrefixGroup> prefixes, List<TtlGroup> ttls,
    List<FindingGroup> findings, Estimation estimation, List<ThresholdWhatIf> whatIfs) {

  /** A pass's result without threshold what-ifs. */
  public PassResult(Instant finishedAt, Duration duration, double sampleRatio, long keysInspected,
      long keysVanished, double redisTimeRatio, Thresholds thresholds, List<EncodingGroup> encodings,
      Map<DataType, Histogram.Snapshot> memoryHistograms, Map<DataType, Histogram.Snapshot> elementHistograms,
      Histogram.Snapshot stringLengths, List<TopKey> topKeys, List<PrefixGroup> prefixes, List<TtlGroup> ttls,
      List<FindingGroup> findings, Estimation estimation) {
    this(finishedAt, duration, sampleRatio, keysInspected, keysVanished, redisTimeRatio, thresholds, encodings,
        memoryHistograms, elementHistograms, stringLengths, topKeys, prefixes, ttls, findings, estimation, List.of());
  }

  /** An exact pass's result. */
  public PassResult(Instant finishedAt, Duration duration, double sampleRatio, long keysInspected,
      long keysVanished, double redisTimeRatio, Thresholds thresholds, List<EncodingGroup> encodings,
      Map<DataType, Histogram.Snapshot> memoryHistograms, Map<DataType, Histogram.Snapshot> elementHistograms,
      Histogram.Snapshot stringLengths, List<TopKey> topKeys, List<PrefixGroup> prefixes, List<TtlGroup> ttls,
      List<FindingGroup> findings) {
    this(finishedAt, duration, sampleRatio, keysInspected, keysVanished, redisTimeRatio, thresholds, encodings,
        memoryHistograms, elementHistograms, stringLengths, topKeys, prefixes, ttls, findings, Estimation.EXACT);
  }

  /** A value with its 99% bounds. */
  public record Estimate(double value, Bounds bounds) {}

  /**
   * How a sampled pass's figures were estimated.
   *
   * @param sampled false for an exact pass (every key inspected), when the rest is 0
   * @param bigKeyBytes keys at least this big were counted once at their size, not multiplied
   * @param calibrated whether the sample was compared with Redis's {@code used_memory_dataset} (not for a pass
   *     cut short)
   * @param datasetBytes {@code used_memory_dataset} at the end of the pass
   * @param allocatedBytes bytes that the seen big keys stand for (their unseen siblings), shared among their
   *     categories
   * @param unattributedBytes dataset bytes the sample does not explain and no category was given: keys too big
   *     and too rare to be sampled, memory no key reports (modules), or writes during the pass
   */
  public record Estimation(boolean sampled, long bigKeyBytes, boolean calibrated, double datasetBytes,
      double allocatedBytes, double unattributedBytes) {
    public static final Estimation EXACT = new Estimation(false, 0, false, 0, 0, 0);
  }

  /** Keys and bytes of one database, data type and encoding. */
  public record EncodingGroup(int db, DataType dataType, String encoding, double keys, double bytes,
      Bounds keysBounds, Bounds bytesBounds) {
    public EncodingGroup(int db, DataType dataType, String encoding, double keys, double bytes) {
      this(db, dataType, encoding, keys, bytes, Bounds.exact(keys), Bounds.exact(bytes));
    }
  }

  /**
   * One prefix of a database ({@code other} sums the prefixes beyond the cap). Its keys are counted from the names
   * SCAN returns, so they are exact in a sampled pass too; its bytes and keys without TTL are estimated.
   */
  public record PrefixGroup(int db, String prefix, double keys, double bytes, double keysWithoutTtl,
      Bounds bytesBounds) {
    public PrefixGroup(int db, String prefix, double keys, double bytes, double keysWithoutTtl) {
      this(db, prefix, keys, bytes, keysWithoutTtl, Bounds.exact(bytes));
    }
  }

  /** Bytes and keys of one database by remaining-TTL bucket. */
  public record TtlGroup(int db, TtlBucket bucket, double keys, double bytes, Bounds keysBounds,
      Bounds bytesBounds) {
    public TtlGroup(int db, TtlBucket bucket, double keys, double bytes) {
      this(db, bucket, keys, bytes, Bounds.exact(keys), Bounds.exact(bytes));
    }
  }

  /** One finding in one database: how many keys, their bytes, what fixing them would free, and examples. */
  public record FindingGroup(int db, Finding finding, double keys, double bytes, double reclaimableBytes,
      List<TopKey> examples, Bounds keysBounds, Bounds bytesBounds) {
    public FindingGroup(int db, Finding finding, double keys, double bytes, double reclaimableBytes,
        List<TopKey> examples) {
      this(db, finding, keys, bytes, reclaimableBytes, examples, Bounds.exact(keys), Bounds.exact(bytes));
    }
  }
}
