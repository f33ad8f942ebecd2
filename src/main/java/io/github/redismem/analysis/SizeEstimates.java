package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;

/**
 * Sizes and encodings for keys the server would not describe: where MEMORY USAGE is not permitted, a key's bytes
 * are estimated from its type, encoding, element count (or string length) and name; where OBJECT is not permitted,
 * its encoding is inferred from its type, count and the thresholds. The structures are those of
 * {@link SavingsModel} (Redis 7.0, jemalloc with an 8-byte quantum); the element strings, which the sampler does
 * not read, are assumed {@link #ELEMENT_LENGTH} bytes long. Strings are estimated from their exact length, and so
 * come close; containers inherit the error of the assumed element length (see docs/security.md for the measured
 * error). Used by a pass on its own thread.
 */
final class SizeEstimates {
  /** The text length assumed for every field, value and member: short ids and small values. */
  static final int ELEMENT_LENGTH = 10;
  private static final int ROBJ = 16;
  private static final int DICT = 56;
  private static final int DICT_ENTRY = 24;
  private static final int LISTPACK_HEADER = 7;
  private static final int SKIPLIST_FIXED = 16 + 32 + 640;
  private static final int SKIPLIST_NODE = 50;
  /** A score as a listpack entry: an integer up to 32 bits (a timestamp in seconds) takes 6 bytes. */
  private static final int SCORE_ENTRY = 6;
  private static final int QUICKLIST = 40;
  private static final int QUICKLIST_NODE = 32;
  private static final int QUICKLIST_NODE_BYTES = 8192;
  private static final int STREAM = 48;
  private static final int STREAM_NODE_ENTRIES = 100;
  private static final int RAX_NODE = 32;
  private static final int EMBSTR_MAX_LENGTH = 44;

  private final Thresholds thresholds;
  private final boolean listpack;
  private final boolean listpackLists;
  /** 6.2 reports an embstr as its text + 18 bytes, unrounded; 7.0 reports the allocation. */
  private final boolean embstrRounded;

  SizeEstimates(Thresholds thresholds, int major, int minor) {
    this.thresholds = thresholds;
    this.listpack = major >= 7;
    this.listpackLists = major > 7 || major == 7 && minor >= 2;
    this.embstrRounded = major >= 7;
  }

  /** The key as given where the server described it; else with its encoding inferred and its bytes estimated. */
  KeyFacts complete(KeyFacts k) {
    boolean inferEncoding = "unknown".equals(k.encoding());
    if (!inferEncoding && k.memoryBytes() >= 0) {
      return k;
    }
    String encoding = inferEncoding ? encoding(k.type(), k.length()) : k.encoding();
    long bytes = k.memoryBytes() >= 0 ? k.memoryBytes() : bytes(k.type(), encoding, k.length(), k.key().length);
    return new KeyFacts(k.key(), k.type(), encoding, bytes, k.ttlMillis(), k.length(), k.head(), k.integerMembers());
  }

  /** The encoding a key of {@code type} and {@code length} elements (bytes for a string) most likely has. */
  String encoding(String type, long length) {
    String compact = listpack ? "listpack" : "ziplist";
    return switch (type) {
      case "string" -> length <= EMBSTR_MAX_LENGTH ? "embstr" : "raw";
      case "hash" -> length <= thresholds.hashMaxEntries() ? compact : "hashtable";
      case "zset" -> length <= thresholds.zsetMaxEntries() ? compact : "skiplist";
      case "set" -> length <= thresholds.setMaxListpackEntries() ? "listpack" : "hashtable";
      case "list" -> listpackLists && length * SavingsModel.stringEntry(ELEMENT_LENGTH, true) < QUICKLIST_NODE_BYTES
          ? "listpack" : "quicklist";
      case "stream" -> "stream";
      default -> "unknown";
    };
  }

  /** MEMORY USAGE as Redis would report it, estimated: the value's structures plus the key's entry and name. */
  long bytes(String type, String encoding, long length, int keyLength) {
    long n = Math.max(0, length);
    double element = SavingsModel.sdsAllocation(ELEMENT_LENGTH);
    double entry = SavingsModel.stringEntry(ELEMENT_LENGTH, listpack);
    double value = switch (type) {
      case "string" -> switch (encoding) {
        case "int" -> ROBJ;
        case "embstr" -> embstrRounded ? SavingsModel.allocation(ROBJ + 3 + n + 1) : n + 18;
        default -> ROBJ + SavingsModel.sdsAllocation(n);
      };
      case "hash" -> compact(encoding)
          ? ROBJ + listpack(2.0 * n * entry)
          : ROBJ + table(n) + n * (DICT_ENTRY + 2 * element);
      case "zset" -> compact(encoding)
          ? ROBJ + listpack(n * (entry + SCORE_ENTRY))
          : ROBJ + SKIPLIST_FIXED + table(n) + n * (DICT_ENTRY + SKIPLIST_NODE + element);
      case "set" -> switch (encoding) {
        case "intset" -> ROBJ + SavingsModel.allocation(8 + 4 * n);
        case "listpack" -> ROBJ + listpack(n * entry);
        default -> ROBJ + table(n) + n * (DICT_ENTRY + element);
      };
      case "list" -> "listpack".equals(encoding) || "ziplist".equals(encoding)
          ? ROBJ + listpack(n * entry)
          : ROBJ + QUICKLIST + quicklistNodes(n * entry);
      // one field and value per entry, its id and flags as deltas, a node per 100 entries in the radix tree
      case "stream" -> ROBJ + STREAM + Math.ceil(n / (double) STREAM_NODE_ENTRIES) * (RAX_NODE
          + SavingsModel.allocation(Math.round(LISTPACK_HEADER + Math.min(n, STREAM_NODE_ENTRIES) * (2 * entry + 6))));
      default -> ROBJ;
    };
    return Math.round(value) + SavingsModel.keyEntry(keyLength);
  }

  private static boolean compact(String encoding) {
    return "listpack".equals(encoding) || "ziplist".equals(encoding) || "listpackex".equals(encoding);
  }

  private static double listpack(double entries) {
    return SavingsModel.allocation(Math.round(LISTPACK_HEADER + entries));
  }

  private static double table(long elements) {
    return DICT + 8.0 * SavingsModel.buckets(elements);
  }

  /** Quicklist nodes of about 8 KiB of listpack each (list-max-listpack-size -2), the last one partly filled. */
  private static double quicklistNodes(double entries) {
    long full = (long) (entries / QUICKLIST_NODE_BYTES);
    double rest = entries - full * (double) QUICKLIST_NODE_BYTES;
    double bytes = full * (QUICKLIST_NODE + (double) SavingsModel.allocation(QUICKLIST_NODE_BYTES));
    return rest > 0 ? bytes + QUICKLIST_NODE + listpack(rest) : bytes;
  }
}
