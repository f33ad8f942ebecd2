package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Inspects with pipelined commands, where scripts are off or refused. It asks what inspect.lua asks, in rounds:
 * <ol>
 *   <li>OBJECT ENCODING (TYPE where OBJECT is refused) of every key, with INFO keyspace;
 *   <li>MEMORY USAGE (but a short string's where it follows: {@link StringSizes}); PTTL where the db has keys with a
 *       TTL; the length where the encoding says the type, a raw string's first 4 KiB instead (its length where that
 *       is all of it), TYPE where the encoding does not say the type;
 *   <li>the lengths of the keys typed in round 2, STRLEN of strings longer than their 4 KiB read, MEMORY USAGE of an
 *       embstr whose length did not say it;
 *   <li>only where needed ({@link PipelinedSamples}): a member probe of small hashtable sets, and where MEMORY USAGE
 *       is not permitted a few elements of every container.
 * </ol>
 * Each round is one write of Lettuce commands (not one event-loop task per command). The facts are the script's
 * (InspectionScriptIT compares them). OBJECT refused for good is remembered in the {@link Capabilities}; encodings
 * are then unknown. Each command is checked against the user's ACL key pattern on its own: a key outside it is
 * counted as forbidden, not inspected. A key a cluster node redirects (MOVED, ASK), deleted or retyped between
 * rounds counts as vanished, never as a failure.
 */
final class PipelineInspector implements Inspector {
  private static final Logger LOG = Logger.getLogger(PipelineInspector.class.getName());
  private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;
  private static final int HEAD_BYTES = InspectionScript.HEAD_BYTES;
  private static final int READ_BYTES = InspectionScript.SAMPLE_BYTES;
  /** The longest string Redis embeds in its object (embstr); longer ones are raw. */
  private static final int EMBSTR_MAX_LENGTH = 44;
  /** INFO keyspace costs a few PTTLs: read for batches of more keys only, as the script does. */
  private static final int INFO_FROM_KEYS = 9;
  /** The types that an encoding implies, as inspect.lua's typeOf; raw is a string's or a module value's. */
  private static final Map<String, String> TYPE_OF = Map.of("int", "string", "embstr", "string", "intset", "set",
      "skiplist", "zset", "quicklist", "list", "linkedlist", "list", "stream", "stream", "listpackex", "hash");
  private static final Map<String, CommandType> LENGTH_OF = Map.of("string", CommandType.STRLEN,
      "hash", CommandType.HLEN, "list", CommandType.LLEN, "set", CommandType.SCARD, "zset", CommandType.ZCARD,
      "stream", CommandType.XLEN);

  private final SamplerConnection connection;
  private final AtomicReference<Capabilities> capabilities;
  /**
   * The dbs whose last batch found a key with a TTL: PTTL is asked of every key there without reading INFO keyspace
   * first; elsewhere INFO is read with round 1 and PTTL skipped where the db has no key with a TTL (as ScriptInspector).
   */
  private final BitSet ttlsSeen = new BitSet();
  /** INFO was refused: PTTL is asked everywhere, INFO never again (each refusal counts in the user's errorstats). */
  private boolean infoRefused;
  /** Where a short string's MEMORY USAGE follows, learned on this connection (as ScriptInspector's). */
  private final StringSizes sizes = new StringSizes();

  PipelineInspector(SamplerConnection connection, AtomicReference<Capabilities> capabilities) {
    this.connection = connection;
    this.capabilities = capabilities;
  }

  /**
   * {@inheritDoc} The sampler does not come here: {@link FallbackInspector} scans for this way itself (the slots a
   * cluster node owns, SCAN's time and count) and calls {@link #inspect}.
   */
  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    ScanPage page = connection.scan(db, cursor, count);
    Inspection inspection = page.keys().isEmpty() ? new Inspection(List.of(), 0) : inspect(db, page.keys(), options);
    return new ScanInspection(page.cursor(), page.keys().size(), inspection);
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    connection.commands(db); // connected, on the db
    Round one = new Round();
    AsyncCommand<byte[], byte[], String> info = db >= 0 && !ttlsSeen.get(db) && !infoRefused
        && keys.size() >= INFO_FROM_KEYS
        ? one.add(CommandType.INFO, new StatusOutput<>(CODEC), new CommandArgs<>(CODEC).add("keyspace")) : null;
    List<byte[]> forbidden = new ArrayList<>(0);
    List<Key> alive = roundOne(one, keys, forbidden);
    boolean expiring = info == null || expiring(info, db, one.deadline);
    Round two = new Round();
    Round three = new Round();
    List<Key> read = roundTwo(two, three, alive, expiring, memorySamples(options));
    Set<Integer> probe = new HashSet<>();
    List<KeyFacts> out = roundThree(three, read, options, probe);
    if (db >= 0 && expiring) {
      ttlsSeen.set(db, out.stream().anyMatch(f -> f.ttlMillis() >= 0));
    }
    long serverNanos = serverNanos(one, two, three);
    long probeStart = System.nanoTime();
    if (PipelinedSamples.read(connection, connection.commands(db), out, probe) && serverNanos >= 0) {
      serverNanos += System.nanoTime() - probeStart; // not timed by Redis: its round trip, an over-count
    }
    return new Inspection(out, keys.size() - out.size() - forbidden.size(), serverNanos, forbidden, -1, 4);
  }

  /** MEMORY USAGE's SAMPLES: 0 where it is Redis's default (not sent), -1 where MEMORY USAGE is not permitted. */
  private int memorySamples(InspectOptions options) {
    if (!capabilities.get().memoryUsage()) {
      return -1;
    }
    return options.memoryUsageSamples() == InspectionScript.DEFAULT_SAMPLES ? 0 : options.memoryUsageSamples();
  }

  /** MEMORY USAGE of one key, with {@code samples} where it is not 0. */
  private static CommandArgs<byte[], byte[]> memoryUsageArgs(int samples, byte[] name) {
    CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC).add("USAGE").addKey(name);
    return samples > 0 ? args.add("SAMPLES").add(samples) : args;
  }

  /**
   * Round one: OBJECT ENCODING (TYPE where OBJECT is refused) of every key, sent with what {@code one} holds
   * already. Returns the keys still there; those outside the user's key pattern go to {@code forbidden}.
   */
  private List<Key> roundOne(Round one, List<byte[]> keys, List<byte[]> forbidden) throws SamplingException {
    boolean withObject = capabilities.get().objectEncoding();
    List<Key> all = new ArrayList<>(keys.size());
    for (byte[] name : keys) {
      Key k = new Key(name);
      k.first = withObject
          ? one.add(CommandType.OBJECT, new StatusOutput<>(CODEC), new CommandArgs<>(CODEC).add("ENCODING").addKey(name))
          : one.add(CommandType.TYPE, new StatusOutput<>(CODEC), key(name));
      all.add(k);
    }
    long deadline = one.send();
    List<Key> alive = new ArrayList<>(keys.size());
    for (Key k : all) {
      String first;
      try {
        first = connection.await(k.first, deadline);
      } catch (SamplingException e) {
        if (e.redirected()) {
          continue; // MOVED or ASK: the key left this cluster node, the shard that owns it counts it; vanished here
        }
        if (e.keysRefused()) {
          forbidden.add(k.name); // outside the user's key pattern: its other commands are refused alike, left unread
          continue;
        }
        if (!withObject || e.reason() != Reason.REFUSED) {
          throw e;
        }
        objectRefused(e);
        first = "unknown"; // typed in round two
      }
      if (first == null || "none".equals(first)) {
        continue; // gone
      }
      k.encoding = withObject ? first : "unknown";
      k.type = withObject ? TYPE_OF.get(first) : first;
      alive.add(k);
    }
    return alive;
  }

  /**
   * Round two: MEMORY USAGE with {@code samples} (-1: not permitted) but an int string's that follows and an
   * embstr's that may (its length says: {@link StringSizes}); PTTL where the db has keys with a TTL; the length where
   * the type is known, a raw string's first 4 KiB instead, TYPE where the encoding does not say the type. Puts in
   * {@code three} what its replies call for: the lengths of the keys just typed, STRLEN of strings longer than their
   * read, TYPE of a module's value, MEMORY USAGE of an embstr whose length did not say it. Returns the keys still
   * there.
   */
  private List<Key> roundTwo(Round two, Round three, List<Key> alive, boolean expiring,
      int samples) throws SamplingException {
    boolean deriving = samples >= 0 && sizes.deriving(); // not in one batch of 16: every string asked, and checked
    for (Key k : alive) {
      if (samples < 0) {
        k.bytes = -1; // estimated later
      } else if (deriving && "int".equals(k.encoding) && sizes.nameFollows(k.name.length)) {
        k.bytes = StringSizes.DERIVED;
      } else if (deriving && "embstr".equals(k.encoding) && sizes.nameFollows(k.name.length)) {
        k.memoryByLength = true; // its length, in this round, says whether it follows
      } else {
        k.memory = two.add(CommandType.MEMORY, new IntegerOutput<>(CODEC), memoryUsageArgs(samples, k.name));
      }
      if (expiring) {
        k.ttl = two.add(CommandType.PTTL, new IntegerOutput<>(CODEC), key(k.name));
      }
      if ("raw".equals(k.encoding) || "string".equals(k.type) && "unknown".equals(k.encoding)) {
        k.read = read(two, k); // as far as the compressibility sample: shorter, it is all there, its length the reply's
      } else if (k.type != null) {
        k.length = length(two, k);
      } else {
        k.typed = two.add(CommandType.TYPE, new StatusOutput<>(CODEC), key(k.name));
      }
    }
    long deadline = two.send();
    List<Key> read = new ArrayList<>(alive.size());
    for (Key k : alive) {
      try {
        Long ttl = k.ttl == null ? Long.valueOf(-1) : connection.await(k.ttl, deadline);
        if (ttl == null || ttl == -2) {
          continue; // gone since round one
        }
        k.ttlMillis = ttl;
        if (k.memory != null) {
          Long bytes = memoryUsage(k.memory, deadline);
          if (bytes == null) {
            continue;
          }
          k.bytes = bytes;
          k.memory = null;
        } else if (k.memoryByLength) {
          Long length = connection.await(k.length, deadline);
          if (length == null) {
            continue;
          }
          k.elements = length;
          k.length = null;
          // STRLEN of a key deleted since round one is 0: an empty string's MEMORY USAGE is asked, which says gone
          if (length > 0 && sizes.follows("embstr", k.name.length, length)) {
            k.bytes = StringSizes.DERIVED;
          } else {
            k.memory = three.add(CommandType.MEMORY, new IntegerOutput<>(CODEC), memoryUsageArgs(samples, k.name));
          }
        }
        if (k.read != null) {
          if (!headRead(k, deadline)) {
            k.read = null;
            k.typed = three.add(CommandType.TYPE, new StatusOutput<>(CODEC), key(k.name)); // a module's value
          } else if (k.head.length >= READ_BYTES) {
            k.length = three.add(CommandType.STRLEN, new IntegerOutput<>(CODEC), key(k.name));
          }
        } else if (k.typed != null) {
          String type = connection.await(k.typed, deadline);
          if (type == null || "none".equals(type)) {
            continue;
          }
          k.type = type;
          k.typed = null;
          if ("string".equals(type) && "unknown".equals(k.encoding)) {
            k.read = read(three, k); // OBJECT was refused in this batch's round one: read as such strings are
          }
          k.length = length(three, k);
        }
      } catch (SamplingException e) {
        if (vanished(e)) {
          continue;
        }
        throw e;
      }
      read.add(k);
    }
    return read;
  }

  /**
   * Round three: what round two called for. Returns the facts of the keys still there, the indexes of small
   * hashtable sets (for the member probe) in {@code probe}.
   */
  private List<KeyFacts> roundThree(Round three, List<Key> read, InspectOptions options, Set<Integer> probe)
      throws SamplingException {
    long deadline = three.send();
    List<KeyFacts> out = new ArrayList<>(read.size());
    for (Key k : read) {
      try {
        if (k.typed != null) {
          String type = connection.await(k.typed, deadline);
          if (type == null || "none".equals(type)) {
            continue;
          }
          k.type = type;
        }
        if (k.read != null && k.head == null) {
          headRead(k, deadline);
        }
        if (k.memory != null) {
          Long bytes = memoryUsage(k.memory, deadline);
          if (bytes == null) {
            continue;
          }
          k.bytes = bytes;
        }
        if (k.length != null) {
          Long length = connection.await(k.length, deadline);
          if (length == null || (length == 0 && (!"string".equals(k.type) || k.bytes == StringSizes.DERIVED))) {
            continue; // deleted since round one (an int string, whose MEMORY USAGE followed, is never empty)
          }
          k.elements = length;
        }
      } catch (SamplingException e) {
        if (vanished(e)) {
          continue;
        }
        throw e;
      }
      byte[] head = k.head;
      if (head != null && "unknown".equals(k.encoding) && k.elements <= EMBSTR_MAX_LENGTH) {
        head = null; // an int or embstr string: the script reads no head of those either
      }
      if (head != null && head.length > HEAD_BYTES && k.elements < InspectionScript.SAMPLE_FROM_LENGTH) {
        head = Arrays.copyOf(head, HEAD_BYTES); // as the script keeps it
      }
      if ("set".equals(k.type) && "hashtable".equals(k.encoding) && k.elements <= options.setProbeMaxMembers()) {
        probe.add(out.size());
      }
      out.add(sizes.complete(new KeyFacts(k.name, k.type, k.encoding, k.bytes, k.ttlMillis, k.elements, head, null)));
    }
    return out;
  }

  /** GETRANGE of a string's first 4 KiB, in {@code round}. */
  private static AsyncCommand<byte[], byte[], byte[]> read(Round round, Key k) {
    return round.add(CommandType.GETRANGE, new ValueOutput<>(CODEC), key(k.name).add(0).add(READ_BYTES - 1));
  }

  /**
   * Takes the reply of a raw (or unknown-encoding) string's GETRANGE: its head, and its length where the reply is all
   * of it. False where the value has no string range (a module's value, whose OBJECT ENCODING also says raw): TYPE
   * then names its type, and it has no length.
   */
  private boolean headRead(Key k, long deadline) throws SamplingException {
    byte[] head;
    try {
      head = connection.await(k.read, deadline);
    } catch (SamplingException e) {
      if ("raw".equals(k.encoding) && k.type == null && String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
        return false;
      }
      throw e;
    }
    k.type = "string";
    k.head = head == null ? new byte[0] : head;
    if (k.head.length < READ_BYTES) {
      k.elements = k.head.length;
    }
    return true;
  }

  /** The length command of the key's type, in {@code round}; null (no length: -1) for a module's type. */
  private static AsyncCommand<byte[], byte[], Long> length(Round round, Key k) {
    CommandType command = LENGTH_OF.get(k.type);
    return command == null ? null : round.add(command, new IntegerOutput<>(CODEC), key(k.name));
  }

  /** Deleted, retyped or moved to another cluster node between rounds: counted as vanished. */
  private static boolean vanished(SamplingException e) {
    return String.valueOf(e.getMessage()).startsWith("WRONGTYPE") || e.redirected();
  }

  /** Whether INFO keyspace says db has keys with a TTL (where INFO is refused: assumed, and INFO not asked again). */
  private boolean expiring(AsyncCommand<byte[], byte[], String> info, int db, long deadline) throws SamplingException {
    String text;
    try {
      text = connection.await(info, deadline);
    } catch (SamplingException e) {
      if (e.reason() != Reason.REFUSED) {
        throw e;
      }
      infoRefused = true;
      LOG.info("sampler: INFO keyspace refused (" + e.getMessage() + "); PTTL is asked of every key");
      return true;
    }
    for (DbKeyspace keyspace : KeyspaceParser.parse(InfoReply.parse(text).section("keyspace"))) {
      if (keyspace.db() == db) {
        return keyspace.expires() != 0;
      }
    }
    return true; // not listed: the db is empty now, or the reply is not the one expected; PTTL says
  }

  private static CommandArgs<byte[], byte[]> key(byte[] name) {
    return new CommandArgs<>(CODEC).addKey(name);
  }


  /** MEMORY USAGE's reply; -1 (unknown, estimated later) where it is refused, which is then remembered. */
  private Long memoryUsage(AsyncCommand<byte[], byte[], Long> future, long deadline) throws SamplingException {
    try {
      return connection.await(future, deadline);
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        if (capabilities.get().memoryUsage()) {
          capabilities.updateAndGet(Capabilities::withoutMemoryUsage);
          LOG.warning("sampler: MEMORY USAGE refused (" + e.getMessage() + "); sizes are estimated from type, "
              + "encoding and length");
        }
        return -1L;
      }
      throw e;
    }
  }

  private void objectRefused(SamplingException e) {
    if (capabilities.get().objectEncoding()) {
      capabilities.updateAndGet(Capabilities::withoutObjectEncoding);
      LOG.warning("sampler: OBJECT ENCODING refused (" + e.getMessage() + "); encodings are inferred from "
          + "type, length and the thresholds");
    }
  }

  /** Redis's time over the rounds, -1 where one was not timed. */
  private static long serverNanos(Round... rounds) {
    long sum = 0;
    for (Round round : rounds) {
      if (round.serverNanos < 0) {
        return -1;
      }
      sum += round.serverNanos;
    }
    return sum;
  }

  /**
   * One round trip: the commands are written together, in one flush, between two TIMEs, so that the throttle
   * counts what the round cost Redis as it counts a script's own TIMEs ({@link SamplerConnection#timed}).
   */
  private final class Round {
    private final List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>();
    /** Redis's time from the round's first command to its last, by its own clock; -1 where not timed. */
    long serverNanos = -1;
    /** When its replies are due, once sent. */
    long deadline;

    <T> AsyncCommand<byte[], byte[], T> add(CommandType type, CommandOutput<byte[], byte[], T> output,
        CommandArgs<byte[], byte[]> args) {
      AsyncCommand<byte[], byte[], T> command = new AsyncCommand<>(new Command<>(type, output, args));
      commands.add(command);
      return command;
    }

    /**
     * Sends the round and waits for its last reply, so that every reply is read at once after (rather than the
     * sampler thread waking for each as the event loop completes them); returns the deadline of the round.
     */
    long send() throws SamplingException {
      deadline = connection.deadline();
      serverNanos = connection.timed(commands, deadline);
      return deadline;
    }
  }

  /** One key through the rounds: the commands in flight, then what they said. */
  private static final class Key {
    final byte[] name;
    AsyncCommand<byte[], byte[], String> first;
    AsyncCommand<byte[], byte[], Long> memory;
    /** An embstr whose length is to say whether its MEMORY USAGE follows, or is asked in round three. */
    boolean memoryByLength;
    AsyncCommand<byte[], byte[], Long> ttl;
    AsyncCommand<byte[], byte[], byte[]> read;
    AsyncCommand<byte[], byte[], String> typed;
    AsyncCommand<byte[], byte[], Long> length;
    String type;
    String encoding;
    long bytes;
    long ttlMillis = -1;
    long elements = -1;
    byte[] head;

    Key(byte[] name) {
      this.name = name;
    }
  }
}
