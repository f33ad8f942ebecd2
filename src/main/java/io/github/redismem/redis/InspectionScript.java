package io.github.redismem.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lua script that inspects a whole batch of keys in one call (inspect.lua), and the decoding of its reply.
 * One EVALSHA per batch instead of five or six pipelined commands per key costs Redis less protocol work and the
 * client far fewer replies to decode; inside the script every key is read atomically. Where the script scans too
 * (SCAN mode), the keys make one trip instead of three (SCAN reply, EVALSHA arguments, reply).
 */
final class InspectionScript {
  static final String SOURCE = load();
  private static final int VALUES_PER_KEY = 6;
  static final int HEAD_BYTES = 64;
  static final int SET_PROBE_MEMBERS = 5;

  private InspectionScript() {}

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

  /** ARGV of the KEYS mode. */
  static byte[][] args(KeyspaceReader.InspectOptions options) {
    return new byte[][] {bytes(options.memoryUsageSamples()), bytes(HEAD_BYTES),
        bytes(options.setProbeMaxMembers()), bytes(SET_PROBE_MEMBERS)};
  }

  /** ARGV of the SCAN mode: the script scans from {@code cursor} itself. */
  static byte[][] scanArgs(KeyspaceReader.InspectOptions options, String cursor, int count) {
    return new byte[][] {bytes(options.memoryUsageSamples()), bytes(HEAD_BYTES),
        bytes(options.setProbeMaxMembers()), bytes(SET_PROBE_MEMBERS),
        cursor.getBytes(StandardCharsets.US_ASCII), bytes(count)};
  }

  private static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The KEYS mode's reply (server microseconds, then six values per key in key order) as facts; keys reported as
   * gone are counted as vanished.
   */
  static KeyspaceReader.Inspection decode(List<byte[]> keys, List<Object> reply) {
    if (reply == null || reply.size() != 1 + keys.size() * VALUES_PER_KEY) {
      throw new IllegalStateException("inspect.lua returned " + (reply == null ? "nothing" : reply.size() + " values")
          + " for " + keys.size() + " keys");
    }
    List<KeyFacts> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      KeyFacts facts = facts(keys.get(i), reply, 1 + i * VALUES_PER_KEY);
      if (facts != null) {
        out.add(facts);
      }
    }
    return new KeyspaceReader.Inspection(out, keys.size() - out.size(), serverNanos(reply.get(0)));
  }

  /** The SCAN mode's reply: server microseconds, the next cursor, then the key and its six values, per key. */
  static KeyspaceReader.ScanInspection decodeScan(List<Object> reply) {
    int perKey = VALUES_PER_KEY + 1;
    if (reply == null || reply.size() < 2 || (reply.size() - 2) % perKey != 0
        || !(reply.get(1) instanceof byte[] cursor)) {
      throw new IllegalStateException("inspect.lua (scan) returned " + (reply == null ? "nothing" : reply.size()
          + " values"));
    }
    int scanned = (reply.size() - 2) / perKey;
    List<KeyFacts> out = new ArrayList<>(scanned);
    for (int i = 0; i < scanned; i++) {
      int at = 2 + i * perKey;
      if (!(reply.get(at) instanceof byte[] key)) {
        throw new IllegalStateException("inspect.lua (scan) returned a key that is not a string");
      }
      KeyFacts facts = facts(key, reply, at + 1);
      if (facts != null) {
        out.add(facts);
      }
    }
    return new KeyspaceReader.ScanInspection(new String(cursor, StandardCharsets.US_ASCII), scanned,
        new KeyspaceReader.Inspection(out, scanned - out.size(), serverNanos(reply.get(0))));
  }

  private static long serverNanos(Object micros) {
    return micros instanceof Long us && us >= 0 ? us * 1000 : -1;
  }

  /** One key's six values from {@code at}, or null when the key was gone. */
  private static KeyFacts facts(byte[] key, List<Object> reply, int at) {
    String type = text(reply.get(at));
    Object memory = reply.get(at + 2);
    Object ttl = reply.get(at + 3);
    if ("none".equals(type) || !(memory instanceof Long) || !(ttl instanceof Long) || (Long) ttl == -2) {
      return null;
    }
    String encoding = text(reply.get(at + 1));
    long length = reply.get(at + 4) instanceof Long l ? l : -1;
    Object extra = reply.get(at + 5);
    byte[] head = extra instanceof byte[] b ? b : null;
    Boolean integers = null;
    if (extra instanceof List<?> members) {
      integers = !members.isEmpty() && members.stream().allMatch(m -> m instanceof byte[] b && isInteger(b));
    }
    return new KeyFacts(key, type, encoding == null ? "unknown" : encoding, (Long) memory, (Long) ttl, length, head,
        integers);
  }

  /** Types and encodings come from small fixed sets: reuse their strings rather than decode each reply. */
  private static final String[] KNOWN = {"string", "hash", "list", "set", "zset", "stream", "none", "int", "embstr",
      "raw", "listpack", "listpackex", "ziplist", "quicklist", "hashtable", "intset", "skiplist"};
  private static final byte[][] KNOWN_BYTES = java.util.Arrays.stream(KNOWN)
      .map(k -> k.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  private static String text(Object value) {
    if (value instanceof byte[] b) {
      for (int i = 0; i < KNOWN_BYTES.length; i++) {
        if (java.util.Arrays.equals(KNOWN_BYTES[i], b)) {
          return KNOWN[i];
        }
      }
      return new String(b, StandardCharsets.UTF_8);
    }
    return value instanceof String s ? s : null;
  }

  /** What an intset accepts: a 64-bit integer written canonically. */
  static boolean isInteger(byte[] member) {
    if (member.length == 0 || member.length > 20) {
      return false;
    }
    int start = member[0] == '-' ? 1 : 0;
    if (start == member.length || (member[start] == '0' && member.length > start + 1)) {
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
