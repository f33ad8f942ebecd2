package io.github.redismem.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the sampler's keys come from ({@code sampling.source}): a live SCAN of Redis, or the RDB snapshot Redis
 * writes at every BGSAVE ({@code sampling.rdbFile}), read from a shared volume so that Redis is asked nothing per
 * key. The file need not exist at start-up: a sidecar may start before Redis writes its first snapshot.
 */
public record SampleSource(Kind kind, Optional<Path> rdbFile) {
  /** The two sources. */
  public enum Kind {
    SCAN, RDB;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static final ValueKind<Kind> KIND =
        raw -> Kind.valueOf(Scalars.oneOf(raw, "scan", "rdb").toUpperCase(Locale.ROOT));
  }

  /** A path that is read later, when it exists; empty for none. */
  static final ValueKind<Optional<Path>> PATH = raw -> {
    String text = Scalars.scalar(raw, "a file path").strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
  };

  public static final SampleSource SCAN = new SampleSource(Kind.SCAN, Optional.empty());

  public SampleSource withKind(Kind value) {
    return new SampleSource(value, rdbFile);
  }

  public SampleSource withRdbFile(Optional<Path> value) {
    return new SampleSource(kind, value);
  }

  public boolean rdb() {
    return kind == Kind.RDB;
  }

  /**
   * The settings that only make sense together; {@code blame} names the setting at fault.
   *
   * @param cluster whether redis.addr is a cluster seed: a cluster has one snapshot per node, not one file
   */
  void check(boolean cluster, ConfigLoader.Blame blame) throws ConfigException {
    if (rdb() && rdbFile.isEmpty()) {
      throw blame.at("sampling.source", "is rdb, but sampling.rdbFile is not set: give the path of the snapshot "
          + "Redis writes (its dir and dbfilename, e.g. /data/dump.rdb)");
    }
    if (!rdb() && rdbFile.isPresent()) {
      // a path with the scan source would be ignored: the user meant one of the two
      throw blame.at("sampling.rdbFile", "is set, but sampling.source is scan: set sampling.source to rdb to read "
          + "the snapshot instead of scanning Redis");
    }
    if (rdb() && cluster) {
      throw blame.at("sampling.source", "rdb reads the snapshot of one Redis; redis.cluster samples each shard "
          + "with SCAN (run one sidecar per node instead)");
    }
  }
}
