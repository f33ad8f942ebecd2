package io.github.redismem.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How the daemon's reading of RDB snapshots goes ({@code sampling.source: rdb}): the snapshot whose keys the
 * sampler's figures now come from, and the counts of reads since start-up. Immutable; published whole after each
 * read, beside the {@link SamplerStatus} of the same moment.
 *
 * @param last the snapshot last read to its end, whose keys are published; empty until one has been
 * @param reads snapshots read to their end since start-up
 * @param errors snapshots that could not be read, by reason: {@code invalid} (not an RDB file the parser reads, or
 *     one the exporter may not open) or
 *     {@code truncated} (it ends before its end marker); each counted once, when it is first seen
 */
public record SnapshotStatus(Optional<Read> last, long reads, Map<String, Long> errors) {
  /** The reasons of {@link #errors}, a bounded set. */
  public static final String INVALID = "invalid";
  public static final String TRUNCATED = "truncated";

  public static final SnapshotStatus NONE = new SnapshotStatus(Optional.empty(), 0, Map.of());

  public SnapshotStatus {
    errors = Map.copyOf(errors);
  }

  /**
   * One snapshot read.
   *
   * @param file the path read ({@code sampling.rdbFile})
   * @param writtenAt when Redis wrote it (the file's {@code ctime} field, else its modification time)
   * @param redisVersion the Redis that wrote it ({@code redis-ver}), empty when the file does not say
   * @param keys the keys read and published (those already expired when it was written are left out)
   * @param took how long the read took
   */
  public record Read(String file, Instant writtenAt, String redisVersion, long fileBytes, long keys,
      long expiredKeys, Duration took) {}
}
