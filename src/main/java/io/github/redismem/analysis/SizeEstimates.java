package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;

/**
 * Sizes and encodings for keys the server would not describe: where MEMORY USAGE is not permitted, a key's bytes
 * are estimated from its type, encoding, element count (or string length), name and the lengths of a few of its
 * elements (read for this, see {@link ElementCosts}); where OBJECT is not permitted, its encoding is inferred from its
 * type, count, sampled element lengths and the thresholds. The structures are those of {@link SavingsModel} and of
 * {@code MEMORY USAGE} itself (Redis 6.2 and 7.0): it counts compact encodings as allocated from 7.0 on and as
 * their blob length before, and a hashtable, skiplist or quicklist as its first 5 elements or nodes times their
 * count. Allocations are rounded as jemalloc does, with the 8-byte quantum of the jemalloc Redis bundles, or 16
 * bytes where INFO's {@code mem_allocator} names another (a distribution's system jemalloc, as Debian builds Redis,
 * or libc). See docs/security.md for the error measured against MEMORY USAGE. Used by a pass on its own thread.
 */
final class SizeEstimates {
  private static final int ROBJ = 16;
  /** sizeof(dict): 6.2 keeps two 32-byte dictht and a privdata pointer; 7.0 packs the tables into the dict. */
  private static final int DICT_BEFORE_7 = 96;
  private static final int DICT_SINCE_7 = 56;
  private static final int DICT_ENTRY = 24;
  private static final int SKIPLIST_FIXED = 16 + 32 + 640;
  /** A skiplist node (24 + 16 bytes a level) as allocated, averaged over its random level (p = 1/4), by quantum. */
  private static final double SKIPLIST_NODE_Q8 = 45.8;
  private static final double SKIPLIST_NODE_Q16 = 53.3;
  private static final int QUICKLIST = 40;
  private static final int QUICKLIST_NODE = 32;
  /** list-max-listpack-size -2: a quicklist node's listpack is filled up to 8 KiB. */
  private static final int QUICKLIST_NODE_BYTES = 8192;
  private static final int EMBSTR_MAX_LENGTH = 44;
  private static final int INTSET_HEADER = 8;
  /** Relative errors of a size estimated from a sample, over which its allocation is averaged. */
  private static final double[] SAMPLE_ERRORS = {-0.03, -0.015, 0, 0.015, 0.03};
  /** How many elements or nodes MEMORY USAGE averages over (its default SAMPLES). */
  private static final int MEMORY_USAGE_SAMPLES = 5;

  private final Thresholds thresholds;
  private final boolean listpack;
  private final boolean listpackLists;
  /** 6.2 reports an embstr as its text + 18 bytes, unrounded; 7.0 reports the allocation. */
  private final boolean embstrRounded;
  /** 6.2 reports a ziplist or intset as its blob length; 7.0 a listpack or intset as its allocation. */
  private final boolean compactRounded;
  private final int dict;
  private final int compactHeader;
  private final int quantum;
  private final boolean setsPresized;
  private final double skiplistNode;

  SizeEstimates(Thresholds thresholds, int major, int minor) {
    this(thresholds, major, minor, "");
  }

  /** For the server version {@code major.minor} whose INFO gives {@code allocator} as mem_allocator. */
  SizeEstimates(Thresholds thresholds, int major, int minor, String allocator) {
    this.thresholds = thresholds;
    this.listpack = major >= 7;
    this.listpackLists = major > 7 || major == 7 && minor >= 2;
    this.embstrRounded = major >= 7;
    this.compactRounded = major >= 7;
    this.dict = major >= 7 ? DICT_SINCE_7 : DICT_BEFORE_7;
    this.compactHeader = listpack ? 7 : 11;
    this.quantum = quantum(allocator, major, minor);
    this.setsPresized = major > 7 || major == 7 && minor >= 2;
    this.skiplistNode = quantum == 8 ? SKIPLIST_NODE_Q8 : SKIPLIST_NODE_Q16;
  }

  /**
   * The allocator's smallest step: 8 bytes for the jemalloc Redis bundles (built {@code --with-lg-quantum=3}: 5.1.0
   * in 6.x, 5.2.1 in 7.0, 5.3.0 from 7.2 on), 16 for any other jemalloc (a distribution's, as Debian's 7.0 reports
   * jemalloc-5.3.0) and libc. A system jemalloc of the bundled version is not told apart: taken as 8.
   */
  static int quantum(String allocator, int major, int minor) {
    if (allocator == null || allocator.isEmpty()) {
      return 8;
    }
    if (!allocator.startsWith("jemalloc-")) {
      return 16;
    }
    String bundled = major < 7 ? "jemalloc-5.1.0" : major == 7 && minor < 2 ? "jemalloc-5.2.1" : "jemalloc-5.3.0";
    return allocator.equals(bundled) ? 8 : 16;
  }

  /** The key as given where the server described it; else with its encoding inferred and its bytes estimated. */
  KeyFacts complete(KeyFacts k) {
    boolean inferEncoding = "unknown".equals(k.encoding());
    if (!inferEncoding && k.memoryBytes() >= 0) {
      return k;
    }
    ElementCosts costs = ElementCosts.of(k.type(), k.elements(), listpack, quantum);
    String encoding = inferEncoding ? encoding(k.type(), k.length(), costs, k.elements() != null) : k.encoding();
    long bytes = k.memoryBytes() >= 0 ? k.memoryBytes()
        : bytes(k.type(), encoding, k.length(), k.key().length, costs, covers(k),
            StreamCosts.of(k.elements(), k.length(), listpack));
    return new KeyFacts(k.key(), k.type(), encoding, bytes, k.ttlMillis(), k.length(), k.head(), k.integerMembers(),
        k.elements());
  }

  /** The encoding a key of {@code type} and {@code length} elements (bytes for a string) most likely has. */
  String encoding(String type, long length) {
    return encoding(type, length, ElementCosts.of(type, null, listpack, quantum), false);
  }

  /** As {@link #encoding(String, long)}, also judging the element lengths where they were sampled. */
  private String encoding(String type, long length, ElementCosts costs, boolean sampled) {
    String compact = listpack ? "listpack" : "ziplist";
    return switch (type) {
      case "string" -> length <= EMBSTR_MAX_LENGTH ? "embstr" : "raw";
      case "hash" -> length <= thresholds.hashMaxEntries() && costs.longest() <= thresholds.hashMaxValue()
          ? compact : "hashtable";
      case "zset" -> length <= thresholds.zsetMaxEntries() && costs.longest() <= thresholds.zsetMaxValue()
          ? compact : "skiplist";
      case "set" -> sampled && costs.integers() && length <= thresholds.setMaxIntsetEntries() ? "intset"
          : length <= thresholds.setMaxListpackEntries() && costs.longest() <= thresholds.setMaxListpackValue()
              ? "listpack" : "hashtable";
      case "list" -> listpackLists && length * costs.entry() < QUICKLIST_NODE_BYTES ? "listpack" : "quicklist";
      case "stream" -> "stream";
      default -> "unknown";
    };
  }

  /** MEMORY USAGE as Redis would report it, estimated with elements of the assumed length. */
  long bytes(String type, String encoding, long length, int keyLength) {
    return bytes(type, encoding, length, keyLength, ElementCosts.of(type, null, listpack, quantum), false,
        StreamCosts.of(null, length, listpack));
  }

  /** Whether the key's sample holds all its elements, so that a compact encoding's size is known to the byte. */
  private static boolean covers(KeyFacts k) {
    long elements = "hash".equals(k.type()) || "zset".equals(k.type()) ? 2 * k.length() : k.length();
    return k.elements() != null && k.elements().size() >= elements;
  }

  /**
   * MEMORY USAGE as Redis would report it, estimated: the value's structures plus the key's entry and name;
   * {@code exact} where the element costs are those of every element (else a compact blob's allocation is averaged
   * over the error of a sample, as a size just over a size class costs a whole step more).
   */
  private long bytes(String type, String encoding, long length, int keyLength, ElementCosts costs, boolean exact,
      StreamCosts streamCosts) {
    long n = Math.max(0, length);
    double value = switch (type) {
      case "string" -> switch (encoding) {
        case "int" -> ROBJ;
        case "embstr" -> embstrRounded ? SavingsModel.allocation(ROBJ + 3 + n + 1, quantum) : n + 18;
        default -> ROBJ + SavingsModel.sdsAllocation(n, quantum);
      };
      case "hash" -> compact(encoding)
          ? ROBJ + compact(2.0 * n * costs.entry(), exact)
          : ROBJ + table(n) + n * (DICT_ENTRY + 2 * costs.sds());
      case "zset" -> compact(encoding)
          ? ROBJ + compact(n * (costs.entry() + costs.scoreEntry()), exact)
          : ROBJ + SKIPLIST_FIXED + table(n) + n * (DICT_ENTRY + skiplistNode + costs.sds());
      case "set" -> switch (encoding) {
        case "intset" -> ROBJ + blob(INTSET_HEADER + (double) costs.intsetWidth() * n, exact);
        case "listpack" -> ROBJ + compact(n * costs.entry(), exact);
        default -> ROBJ + (setsPresized ? table(n) : growingTable(n)) + n * (DICT_ENTRY + costs.sds());
      };
      case "list" -> "listpack".equals(encoding) || "ziplist".equals(encoding)
          ? ROBJ + compact(n * costs.entry(), exact)
          : ROBJ + QUICKLIST + quicklistNodes(n, costs.entry(), exact);
      case "stream" -> ROBJ + streamCosts.bytes(n, listpack, compactRounded, quantum);
      default -> ROBJ;
    };
    return Math.round(value) + DICT_ENTRY + SavingsModel.sdsAllocation(Math.max(0, keyLength), quantum);
  }

  private static boolean compact(String encoding) {
    return "listpack".equals(encoding) || "ziplist".equals(encoding) || "listpackex".equals(encoding);
  }

  /** A listpack (ziplist before 7.0) of {@code entries} bytes of entries, as MEMORY USAGE counts it. */
  private double compact(double entries, boolean exact) {
    return blob(compactHeader + entries, exact);
  }

  /**
   * A listpack's or intset's bytes as MEMORY USAGE counts them: its allocation from 7.0 on, averaged where its size
   * is itself an estimate over the few percent a 5-element sample errs by.
   */
  private double blob(double bytes, boolean exact) {
    if (!compactRounded) {
      return bytes;
    }
    if (exact) {
      return SavingsModel.allocation(Math.round(bytes), quantum);
    }
    double sum = 0;
    for (double error : SAMPLE_ERRORS) {
      sum += SavingsModel.allocation(Math.round(bytes * (1 + error)), quantum);
    }
    return sum / SAMPLE_ERRORS.length;
  }

  private double table(long elements) {
    return dict + 8.0 * SavingsModel.buckets(elements);
  }

  /**
   * The dict of a set grown one member at a time (SADD does not size it before 7.2): after it doubled at 2^k
   * members both tables are kept until each bucket of the old one has been moved, one per write, which takes about
   * 0.63 x 2^k more members (the old table's non-empty buckets); MEMORY USAGE counts both tables' buckets.
   */
  private double growingTable(long elements) {
    long old = SavingsModel.buckets(elements) / 2;
    boolean rehashing = elements > 4 && elements - old < 0.63 * old;
    return dict + 8.0 * (rehashing ? 3 * old : 2 * old);
  }

  /**
   * Quicklist nodes of up to 8 KiB of listpack each (list-max-listpack-size -2), as MEMORY USAGE counts them: the
   * mean of the first 5 nodes, which are full where there are more, times their number.
   */
  private double quicklistNodes(long elements, double entry, boolean exact) {
    if (elements == 0) {
      return 0;
    }
    long perNode = Math.max(1, (long) ((QUICKLIST_NODE_BYTES - compactHeader) / entry));
    long nodes = (elements + perNode - 1) / perNode;
    // a node's size is bounded by the limit, whatever the sample's error: no averaging over it
    double full = QUICKLIST_NODE + compact(Math.min(perNode * entry, QUICKLIST_NODE_BYTES - compactHeader), true);
    if (nodes > MEMORY_USAGE_SAMPLES) {
      return nodes * full;
    }
    double last = QUICKLIST_NODE + compact(Math.min((elements - (nodes - 1) * perNode) * entry,
        QUICKLIST_NODE_BYTES - compactHeader), exact);
    return (nodes - 1) * full + last;
  }
}
