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
 * client far fewer replies to decode; inside the script every key is read atomically.
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

  static byte[][] args(KeyspaceReader.InspectOptions options) {
    return new byte[][] {bytes(options.memoryUsageSamples()), bytes(HEAD_BYTES),
        bytes(options.setProbeMaxMembers()), bytes(SET_PROBE_MEMBERS)};
  }

  private static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** Turns the flat reply (six values per key, in key order) into facts; keys reported as gone are counted. */
  static KeyspaceReader.Inspection decode(List<byte[]> keys, List<Object> reply) {
    if (reply == null || reply.size() != keys.size() * VALUES_PER_KEY) {
      throw new IllegalStateException("inspect.lua returned " + (reply == null ? "nothing" : reply.size() + " values")
          + " for " + keys.size() + " keys");
    }
    List<KeyFacts> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      int at = i * VALUES_PER_KEY;
      String type = text(reply.get(at));
      Object memory = reply.get(at + 2);
      Object ttl = reply.get(at + 3);
      if ("none".equals(type) || !(memory instanceof Long) || !(ttl instanceof Long) || (Long) ttl == -2) {
        continue;
      }
      String encoding = text(reply.get(at + 1));
      long length = reply.get(at + 4) instanceof Long l ? l : -1;
      Object extra = reply.get(at + 5);
      byte[] head = extra instanceof byte[] b ? b : null;
      Boolean integers = null;
      if (extra instanceof List<?> members) {
        integers = !members.isEmpty() && members.stream().allMatch(m -> m instanceof byte[] b && isInteger(b));
      }
      out.add(new KeyFacts(keys.get(i), type, encoding == null ? "unknown" : encoding, (Long) memory, (Long) ttl,
          length, head, integers));
    }
    return new KeyspaceReader.Inspection(out, keys.size() - out.size());
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
