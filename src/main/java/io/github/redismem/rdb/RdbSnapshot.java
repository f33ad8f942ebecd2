package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.Configuration;
import com.moilioncircle.redis.replicator.RedisRdbReplicator;
import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.event.Event;
import com.moilioncircle.redis.replicator.event.PostRdbSyncEvent;
import com.moilioncircle.redis.replicator.rdb.datatype.AuxField;
import com.moilioncircle.redis.replicator.rdb.datatype.ExpiredType;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyValuePair;
import com.moilioncircle.redis.replicator.rdb.iterable.ValueIterableRdbVisitor;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads an RDB snapshot ({@code dump.rdb}, a backup) key by key with redis-replicator's parser, without a Redis:
 * each key becomes the {@link KeyFacts} a live pass would have read from the Redis that loads the file, handed to a
 * {@link KeySink} as soon as it is parsed. Elements are measured as they are read and dropped, so that memory grows
 * neither with the file nor with a key's element count (strings and streams are held whole, one at a time). The
 * loading Redis is the one that wrote the file (its {@code redis-ver} field), with the thresholds of
 * {@code thresholds.*} where set; TTLs are counted from the time the file was written, and keys already expired
 * then (loading a primary drops them) are counted, not handed on.
 */
public final class RdbSnapshot {
  /** Receives the keys of a snapshot, in file order. */
  @FunctionalInterface
  public interface KeySink {
    /** Called once before the first key: the version of the Redis whose loading the facts describe. */
    default void version(int major, int minor) {}

    void key(int db, KeyFacts facts);
  }

  /**
   * What the file said of itself, and how the read ended.
   *
   * @param redisVersion the {@code redis-ver} the file names, empty for files that do not (before 4.0)
   * @param writtenAt the file's {@code ctime}, else its modification time
   * @param complete whether the file was read to its end marker; false when it was cut short (or the read stopped)
   */
  public record Summary(String redisVersion, int major, int minor, Instant writtenAt, long keys, long expired,
      Map<Integer, Long> keysPerDb, long fileBytes, boolean complete) {}

  /** A file that is not an RDB snapshot, or one the parser could not read. */
  public static final class InvalidSnapshot extends Exception {
    InvalidSnapshot(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Ends a read the user stopped. The library lets only an {@link UncheckedIOException} out of an event listener
   * (it hands any other exception to its exception listeners and reads on, from the middle of the value the
   * listener left unread), so this is thrown inside one, and {@code open()} throws it again as itself.
   */
  private static final class Stopped extends IOException {
    Stopped() {
      super("stopped");
    }
  }

  /** The parser's read buffer: 64 KiB reads of the file rather than its default 8 KiB. */
  private static final int BUFFER = 64 * 1024;

  /** The version assumed for a file that does not name the Redis that wrote it. */
  public static final String ASSUMED_VERSION = "7.0";

  private RdbSnapshot() {}

  /**
   * Reads {@code file} to its end, or until {@code stop} is true (checked at every key).
   *
   * @param quantum the allocator's smallest step: 8 for the jemalloc Redis bundles, 16 for another
   */
  public static Summary read(Path file, ThresholdSettings thresholds, int quantum, KeySink sink,
      BooleanSupplier stop) throws InvalidSnapshot {
    long size;
    Instant modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toInstant();
    } catch (NoSuchFileException e) {
      throw new InvalidSnapshot("no such file", e);
    } catch (IOException e) {
      throw new InvalidSnapshot("cannot read it: " + e.getMessage(), e);
    }
    HandOff handOff = new HandOff(sink);
    Reading reading = new Reading(thresholds, quantum, modified, handOff, stop);
    Configuration configuration = Configuration.defaultSetting().setAsyncCachedBytes(0)
        .setUseDefaultExceptionListener(false).setBufferSize(BUFFER);
    try {
      try (Replicator replicator = new RedisRdbReplicator(file.toFile(), configuration)) {
        SnapshotValueVisitor values = new SnapshotValueVisitor(replicator);
        reading.values = values;
        replicator.setRdbVisitor(new ValueIterableRdbVisitor(replicator, values));
        replicator.addEventListener((r, event) -> {
          try {
            reading.on(event);
          } catch (UncheckedIOException e) {
            throw e;
          } catch (RuntimeException e) {
            // ends the read, as above, instead of reading on from the middle of a value
            throw new UncheckedIOException(new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e));
          }
        });
        replicator.open();
      } catch (Stopped e) {
        reading.complete = false;
      }
      handOff.finish(); // the keys read, also those of a read stopped or cut short
    } catch (IOException | RuntimeException | AssertionError e) {
      // the parser's own words ("can't read MAGIC STRING [REDIS]"), without its exception class
      String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
      throw new InvalidSnapshot("not a readable RDB file: " + why.strip(), e);
    } finally {
      handOff.close();
    }
    if (reading.keys == 0 && !reading.complete && reading.version == null) {
      throw new InvalidSnapshot("not an RDB file, or one cut short before its first key", null);
    }
    return reading.summary(size);
  }

  /** The state of one read, fed by the parser's events on the reading thread. */
  private static final class Reading {
    private final ThresholdSettings thresholds;
    private final int quantum;
    private final KeySink sink;
    private final BooleanSupplier stop;
    private final Map<Integer, Long> keysPerDb = new TreeMap<>();
    private Instant writtenAt;
    private String version;
    private SnapshotKeys keysOf;
    private SnapshotValueVisitor values;
    private long keys;
    private long expired;
    private boolean complete;

    Reading(ThresholdSettings thresholds, int quantum, Instant modified, KeySink sink, BooleanSupplier stop) {
      this.thresholds = thresholds;
      this.quantum = quantum;
      this.writtenAt = modified;
      this.sink = sink;
      this.stop = stop;
    }

    void on(Event event) {
      if (event instanceof AuxField aux) {
        if ("redis-ver".equals(aux.getAuxKey())) {
          version = aux.getAuxValue();
        } else if ("ctime".equals(aux.getAuxKey()) && aux.getAuxValue().matches("\\d{1,12}")) {
          writtenAt = Instant.ofEpochSecond(Long.parseLong(aux.getAuxValue()));
        }
      } else if (event instanceof KeyValuePair<?, ?> kv) {
        if (stop.getAsBoolean()) {
          throw new UncheckedIOException(new Stopped());
        }
        key(kv);
      } else if (event instanceof PostRdbSyncEvent) {
        complete = true;
      }
    }

    private void key(KeyValuePair<?, ?> kv) {
      if (keysOf == null) {
        int[] v = majorMinor(version == null ? ASSUMED_VERSION : version);
        keysOf = new SnapshotKeys(LoadRules.of(v[0], v[1], thresholds), new MemoryModel(v[0], quantum));
        sink.version(v[0], v[1]);
      }
      long ttl = -1;
      if (kv.getExpiredType() != ExpiredType.NONE && kv.getExpiredValue() != null) {
        long at = kv.getExpiredType() == ExpiredType.SECOND ? kv.getExpiredValue() * 1000 : kv.getExpiredValue();
        ttl = at - writtenAt.toEpochMilli();
      }
      // measured even when expired: a collection's elements are read from the file as they are measured
      KeyFacts facts = keysOf.facts(kv, ttl, values.stringLength());
      if (ttl != -1 && ttl <= 0) {
        expired++;
        return;
      }
      int db = (int) kv.getDb().getDbNumber();
      keys++;
      keysPerDb.merge(db, 1L, Long::sum);
      sink.key(db, facts);
    }

    Summary summary(long size) {
      int[] v = majorMinor(version == null ? ASSUMED_VERSION : version);
      return new Summary(version == null ? "" : version, v[0], v[1], writtenAt, keys, expired,
          Map.copyOf(keysPerDb), size, complete);
    }
  }

  /** {@code 7.0.15} as 7, 0; a version that does not parse as the assumed one. */
  static int[] majorMinor(String version) {
    String[] parts = version.split("\\.");
    try {
      return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    } catch (NumberFormatException e) {
      return majorMinor(ASSUMED_VERSION);
    }
  }
}
