package io.github.redismem.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One completed pass over the keyspace, immutable. Counts and bytes are extrapolated by the sample ratio (exact
 * when it is 1), so they are doubles.
 */
public record PassResult(Instant finishedAt, Duration duration, double sampleRatio, long keysInspected,
    long keysVanished, double redisTimeRatio, Thresholds thresholds, List<EncodingGroup> encodings,
    Map<DataType, Histogram.Snapshot> memoryHistograms, Map<DataType, Histogram.Snapshot> elementHistograms,
    List<TopKey> topKeys, List<PrefixGroup> prefixes, List<TtlGroup> ttls, List<FindingGroup> findings) {

  /** Keys and bytes of one database, data type and encoding. */
  public record EncodingGroup(int db, DataType dataType, String encoding, double keys, double bytes) {}

  /** One prefix of a database ({@code other} sums the prefixes beyond the cap). */
  public record PrefixGroup(int db, String prefix, double keys, double bytes, double keysWithoutTtl) {}

  /** Bytes and keys of one database by remaining-TTL bucket. */
  public record TtlGroup(int db, TtlBucket bucket, double keys, double bytes) {}

  /** One finding in one database: how many keys, their bytes, what fixing them would free, and examples. */
  public record FindingGroup(int db, Finding finding, double keys, double bytes, double reclaimableBytes,
      List<TopKey> examples) {}
}
