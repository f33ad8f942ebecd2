package io.github.redismem.redis;

import io.github.redismem.config.RenamedCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Lua script that inspects a whole batch of keys in one call (inspect.lua), and the decoding of its reply.
 * One EVALSHA per batch instead of five or six pipelined commands per key costs Redis less protocol work and the
 * client far fewer replies to decode; inside the script every key is read atomically. Where the script scans too
 * (SCAN mode), the keys make one trip instead of three (SCAN reply, EVALSHA arguments, reply).
 */
final class InspectionScript {
  static final String SOURCE = load();
  static final int HEAD_BYTES = 64;
  /**
   * Members a probe of a small hashtable set reads (the intset finding), and elements of each container read where
   * MEMORY USAGE is not permitted (their lengths size the estimates; MEMORY USAGE itself samples 5).
   */
  static final int SET_PROBE_MEMBERS = 5;
  /**
   * Raw strings of at least {@link #SAMPLE_FROM_LENGTH} bytes are read further, their first {@link #SAMPLE_BYTES}:
   * a sample big enough to measure how well they compress (compressible_strings). One bounded GETRANGE of strings
   * that are already big, counted by the throttle like the rest of the script's time.
   */
  static final int SAMPLE_BYTES = 4096;
  static final int SAMPLE_FROM_LENGTH = 1024;
  /** Redis's default sample count of MEMORY USAGE: where it is the one asked, SAMPLES is not sent. */
  static final int DEFAULT_SAMPLES = 5;

  private static final byte[] NO_MEMORY_USAGE = "none".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_DB = new byte[0];
  /** The memory usage the script reports where it did not ask (MEMORY USAGE not permitted). */
  private static final double MEMORY_NOT_ASKED = -3;

  private InspectionScript() {}

  /**
   * The script calling each command by the server's name for it: a rename applies inside scripts too. The script
   * writes every command name as a quoted upper-case literal and nothing else that way; a disabled command keeps
   * its name (the probes find it refused, and the script is then not asked to run it).
   */
  static String source(RenamedCommands renamed) {
    String out = SOURCE;
    for (Map.Entry<String, String> e : renamed.names().entrySet()) {
      if (!e.getValue().isEmpty()) {
        out = out.replace("'" + e.getKey() + "'", "'" + e.getValue() + "'");
      }
    }
    return out;
  }

  private static String load() {
    try (InputStream in = InspectionScript.class.getResourceAsStream("inspect.lua")) {
      if (in == null) {
        throw new IllegalStateException("inspect.lua missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * ARGV of the KEYS mode in {@code db}, the connection's: where INFO keyspace says it holds no key with a TTL, the
   * script asks no PTTL (-1: it does not look, and asks PTTL of every key); without MEMORY USAGE where
   * {@code memoryUsage} is false (it is not permitted); {@code known} says where a short string's MEMORY USAGE
   * follows ({@link StringSizes#known()}: two arrays, empty for nowhere).
   */
  static byte[][] args(KeyspaceReader.InspectOptions options, boolean memoryUsage, int db, byte[][] known) {
    return scanArgs(options, memoryUsage, db, "", 0, List.of(), known);
  }

  /**
   * ARGV of the SCAN mode: the script scans from {@code cursor} itself ("": the KEYS mode); the call's time budget
   * and the size of a collection inspected alone follow; keys an earlier call of the walk left ({@code carried})
   * are inspected first, in the same call.
   */
  static byte[][] scanArgs(KeyspaceReader.InspectOptions options, boolean memoryUsage, int db, String cursor,
      int count, List<byte[]> carried, byte[][] known) {
    byte[][] args = new byte[FIXED_ARGS + carried.size()][];
    byte[][] fixed = {memoryUsage ? bytes(options.memoryUsageSamples()) : NO_MEMORY_USAGE, bytes(HEAD_BYTES),
        bytes(options.setProbeMaxMembers()), bytes(SET_PROBE_MEMBERS), bytes(SAMPLE_BYTES),
        bytes(SAMPLE_FROM_LENGTH), cursor.getBytes(StandardCharsets.US_ASCII), bytes(count),
        bytes(options.callBudgetMicros()), bytes(options.bigFromElements()), db < 0 ? NO_DB : bytes(db), known[0],
        known[1]};
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    for (int i = 0; i < carried.size(); i++) {
      args[FIXED_ARGS + i] = carried.get(i);
    }
    return args;
  }

  /** The arguments before the keys carried (inspect.lua's ARGV[1] to ARGV[13]). */
  static final int FIXED_ARGS = 13;

  private static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The KEYS mode's reply: the facts of the keys the call reached (those reported gone counted as vanished), and
   * the keys it left for another call.
   */
  static KeyspaceReader.ScanInspection decode(List<byte[]> keys, List<Object> reply, StringSizes sizes) {
    KeyspaceReader.ScanInspection step = decodeScan(reply, OwnedSlots.ALL, sizes);
    if (step.scanned() + step.left().size() != keys.size() || (step.scanned() == 0 && !keys.isEmpty())) {
      throw new IllegalStateException("inspect.lua returned " + step.scanned() + " records and "
          + step.left().size() + " keys left for " + keys.size() + " keys");
    }
    return step;
  }

  /**
   * The reply: server microseconds, the next cursor ('' in the KEYS mode), the records (see inspect.lua for
   * their layout), one per key in SCAN's or KEYS' order up to where the call stopped, and the keys it left. A key whose slot is not {@code owned} is counted as not
   * owned whatever its record says (the script inspects any key its node serves now, the pass counts those of the
   * slots owned at its start); a key of an owned slot that the node no longer serves moved away since: vanished.
   */
  static KeyspaceReader.ScanInspection decodeScan(List<Object> reply, OwnedSlots owned) {
    return decodeScan(reply, owned, new StringSizes());
  }

  /**
   * As {@link #decodeScan(List, OwnedSlots)}, the MEMORY USAGE of short strings that the call did not ask (it was
   * given {@code sizes.known()}) filled in from {@code sizes}, which learns from those it asked.
   */
  static KeyspaceReader.ScanInspection decodeScan(List<Object> reply, OwnedSlots owned, StringSizes sizes) {
    if (reply == null || reply.size() != 4 || !(reply.get(1) instanceof byte[] cursor)
        || !(reply.get(2) instanceof byte[] records) || !(reply.get(3) instanceof List<?> leftReply)) {
      throw new IllegalStateException("inspect.lua returned " + (reply == null ? "nothing" : reply.size()
          + " values") + " instead of time, cursor, records and keys left");
    }
    ByteBuffer in = ByteBuffer.wrap(records); // big-endian, as packed
    List<KeyFacts> out = new ArrayList<>();
    int scanned = 0;
    List<byte[]> forbidden = new ArrayList<>(0);
    int notOwned = 0;
    try {
      while (in.hasRemaining()) {
        scanned++;
        byte[] key = bytes(in, in.getInt());
        byte present = in.get();
        if (!owned.owns(key)) {
          notOwned++;
          if (present != 0 && present != FORBIDDEN && present != NOT_SERVED) {
            record(key, in); // read past its facts
          }
        } else if (present == FORBIDDEN) {
          forbidden.add(key);
        } else if (present != 0 && present != NOT_SERVED) { // not served: it moved away since, its shard counts it
          KeyFacts facts = record(key, in);
          if (facts != null) {
            out.add(sizes.complete(facts));
          }
        }
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalStateException("inspect.lua returned a truncated record", e);
    }
    // the keys the call did not reach: those of slots not owned are counted here, the rest left for another call
    List<byte[]> left = new ArrayList<>(leftReply.size());
    for (Object key : leftReply) {
      if (!(key instanceof byte[] name)) {
        throw new IllegalStateException("inspect.lua returned a key left that is not a string");
      }
      if (owned.owns(name)) {
        left.add(name);
      } else {
        scanned++;
        notOwned++;
      }
    }
    return new KeyspaceReader.ScanInspection(new String(cursor, StandardCharsets.US_ASCII), scanned,
        new KeyspaceReader.Inspection(out, scanned - notOwned - out.size() - forbidden.size(),
            serverNanos(reply.get(0)), forbidden), notOwned, left);
  }

  /** A record's "present" byte for a key outside the user's ACL key pattern. */
  private static final byte FORBIDDEN = 2;
  /** A record's "present" byte for a key of a slot the node does not serve (a cluster node: it redirects). */
  private static final byte NOT_SERVED = 3;

  private static long serverNanos(Object micros) {
    return micros instanceof Long us && us >= 0 ? us * 1000 : -1;
  }

  /** The rest of a present key's record, or null when the key was gone by its end. */
  private static KeyFacts record(byte[] key, ByteBuffer in) {
    String type = text(in, in.get() & 0xff);
    String encoding = text(in, in.get() & 0xff);
    double memoryReply = in.getDouble();
    boolean memoryUnknown = memoryReply == MEMORY_NOT_ASKED;
    long memory = memoryUnknown ? -1 : (long) memoryReply;
    long ttl = (long) in.getDouble();
    long length = (long) in.getDouble();
    byte[] head = null;
    Boolean integers = null;
    ElementSample elements = null;
    int extra = in.get();
    if (extra == 1) {
      head = bytes(in, in.getInt());
    } else if (extra == 2) {
      int count = in.getInt();
      boolean all = count > 0;
      for (int i = 0; i < count; i++) {
        all &= isInteger(bytes(in, in.getInt()));
      }
      integers = all;
    } else if (extra == 3) {
      boolean probe = in.get() == 1;
      int count = in.get() & 0xff;
      int[] lengths = new int[count];
      byte[] integerFlags = new byte[count];
      for (int i = 0; i < count; i++) {
        lengths[i] = in.getInt();
        integerFlags[i] = in.get();
      }
      elements = new ElementSample(lengths, integerFlags);
      integers = probe ? elements.allIntegers() : null;
    }
    if ((memory < 0 && !memoryUnknown && memory != StringSizes.DERIVED) || ttl == -2) {
      return null; // expired or deleted while it was looked at
    }
    return new KeyFacts(key, type, encoding, memory, ttl, length, head, integers, elements);
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    if (length < 0 || length > in.remaining()) {
      // a length that lies (a corrupt reply) must not allocate up to 2 GB nor escape as another exception
      throw new java.nio.BufferUnderflowException();
    }
    byte[] b = new byte[length];
    in.get(b);
    return b;
  }

  /** Types and encodings come from small fixed sets: reuse their strings rather than decode each reply. */
  private static final String[] KNOWN = {"string", "hash", "list", "set", "zset", "stream", "none", "int", "embstr",
      "raw", "listpack", "listpackex", "ziplist", "quicklist", "hashtable", "intset", "skiplist"};
  private static final byte[][] KNOWN_BYTES = java.util.Arrays.stream(KNOWN)
      .map(k -> k.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  private static String text(ByteBuffer in, int length) {
    if (length > in.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    int at = in.position();
    byte[] array = in.array();
    for (int i = 0; i < KNOWN_BYTES.length; i++) {
      byte[] known = KNOWN_BYTES[i];
      if (known.length == length && java.util.Arrays.equals(known, 0, length, array, at, at + length)) {
        in.position(at + length);
        return KNOWN[i];
      }
    }
    return new String(bytes(in, length), StandardCharsets.UTF_8);
  }

  /** What an intset accepts: a 64-bit integer written canonically. */
  static boolean isInteger(byte[] member) {
    if (member.length == 0 || member.length > 20) {
      return false;
    }
    int start = member[0] == '-' ? 1 : 0;
    // no leading zero, and no "-0" (Redis's string2ll refuses both)
    if (start == member.length || (member[start] == '0' && (member.length > start + 1 || start == 1))) {
      return false;
    }
    for (int i = start; i < member.length; i++) {
      if (member[i] < '0' || member[i] > '9') {
        return false;
      }
    }
    try {
      Long.parseLong(new String(member, StandardCharsets.US_ASCII));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
