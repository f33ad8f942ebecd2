package io.github.redismem.rdb;

/**
 * What a key takes in Redis once loaded, as {@code MEMORY USAGE key SAMPLES 0} reports it: the key's dictEntry and
 * name, the robj, and the value's structures (dict and buckets, skiplist nodes, quicklist nodes, listpacks, sds
 * strings), each allocation rounded to jemalloc's size classes. The structure sizes are those of Redis 6.2 and 7.0
 * (7.2 and later reuse 7.0's, unmeasured); where MEMORY USAGE itself differs by version it is followed, not the
 * allocator: 6.2 counts an embstr as its text + 18 bytes and a ziplist or intset as its length, 7.0 counts their
 * allocations.
 *
 * <p>Two things a snapshot cannot say are modelled on average: a skiplist node's random level (p = 1/4, so its
 * expected allocation), and how far the bucket array of a dict grown one element at a time (a set or hash that
 * loading converted from a compact encoding part way) was rehashed. Pure; shared by the keys of one snapshot.
 */
final class MemoryModel {
  static final int ROBJ = 16;
  static final int DICT_ENTRY = 24;
  private static final int BUCKET = 8;
  /** sizeof(dict): 6.2 keeps two 32-byte dictht and a privdata pointer; 7.0 packs the tables into the dict. */
  private static final int DICT_BEFORE_7 = 96;
  private static final int DICT_SINCE_7 = 56;
  /** sizeof(zset) + sizeof(zskiplist); the header node (32 levels, 536 bytes) is allocated apart. */
  private static final int ZSET_STRUCTS = 16 + 32;
  private static final int SKIPLIST_HEADER = 24 + 32 * 16;
  private static final int QUICKLIST = 40;
  private static final int QUICKLIST_NODE = 32;
  /** sizeof(stream): 7.0 adds the first id, the max deleted id and the entries added. */
  private static final int STREAM_BEFORE_7 = 40;
  private static final int STREAM_SINCE_7 = 80;

  private final boolean since7;
  private final int quantum;
  private final int dict;
  private final double skiplistNode;

  /**
   * @param major the Redis version that loads the snapshot
   * @param quantum jemalloc's smallest step: 8 as Redis bundles it, 16 for a distribution's jemalloc or libc
   */
  MemoryModel(int major, int quantum) {
    this.since7 = major >= 7;
    this.quantum = quantum;
    this.dict = since7 ? DICT_SINCE_7 : DICT_BEFORE_7;
    this.skiplistNode = expectedSkiplistNode();
  }

  /** The allocation jemalloc makes for {@code bytes}. */
  long allocation(long bytes) {
    if (bytes <= 8) {
      return 8;
    }
    if (bytes <= 128) {
      long step = bytes <= 64 ? quantum : 16;
      return (bytes + step - 1) / step * step;
    }
    long step = Long.highestOneBit(bytes - 1) >> 2; // four size classes per doubling above 128
    return (bytes + step - 1) / step * step;
  }

  /** An sds string of {@code length} bytes: header, text and terminating zero. */
  long sds(long length) {
    long header = length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
    return allocation(header + length + 1);
  }

  /** The key's share: its dictEntry in the keyspace and its name. */
  long key(int keyLength) {
    return DICT_ENTRY + sds(keyLength);
  }

  /** A string value in {@code encoding} (int, embstr or raw) of {@code length} bytes. */
  long string(String encoding, long length) {
    return switch (encoding) {
      case "int" -> ROBJ;
      case "embstr" -> since7 ? allocation(ROBJ + 3 + length + 1) : length + 2 + ROBJ;
      default -> ROBJ + sds(length);
    };
  }

  /** A value held as one listpack, ziplist or intset blob of {@code bytes}. */
  long blob(long bytes) {
    return ROBJ + blobBytes(bytes);
  }

  private long blobBytes(long bytes) {
    return since7 ? allocation(bytes) : bytes;
  }

  /**
   * A hash or set in a hashtable of {@code elements}, whose entries' strings take {@code strings} bytes as
   * allocated (field and value, or member).
   *
   * @param presized whether loading sized the table for all elements at once (else it grew element by element)
   */
  long hashtable(long elements, long strings, boolean presized) {
    return ROBJ + table(elements, presized) + elements * DICT_ENTRY + strings;
  }

  /** A sorted set in a skiplist, its members' sds strings taking {@code strings} bytes as allocated. */
  long skiplist(long members, long strings) {
    return ROBJ + ZSET_STRUCTS + allocation(SKIPLIST_HEADER) + table(members, true)
        + Math.round(members * (DICT_ENTRY + skiplistNode)) + strings;
  }

  /** A quicklist whose nodes' blobs take {@code nodeBytes} (summed over its {@code nodes}, each as allocated). */
  long quicklist(long nodes, long nodeBytes) {
    return ROBJ + QUICKLIST + nodes * QUICKLIST_NODE + nodeBytes;
  }

  /** One quicklist node's or stream node's blob of {@code bytes} as MEMORY USAGE counts it. */
  long nodeBlob(long bytes) {
    return blobBytes(bytes);
  }

  /**
   * A stream's struct, the radix tree of its listpack nodes ({@code nodes}, in {@code treeNodes} tree nodes, see
   * {@link RadixTrees}) and their listpacks ({@code nodeBytes}, each as {@link #nodeBlob}).
   */
  long stream(long nodes, long treeNodes, long nodeBytes) {
    return ROBJ + (since7 ? STREAM_SINCE_7 : STREAM_BEFORE_7) + rax(nodes, treeNodes) + nodeBytes;
  }

  /** A consumer group of a stream: its struct, and its pending entries' tree and 24-byte NACKs. */
  long group(long pending, long treeNodes) {
    return (since7 ? 40 : 32) + rax(pending, treeNodes) + 24 * pending;
  }

  /**
   * A consumer of a group: its struct, its name as MEMORY USAGE counts it (the text, not the allocation) and its
   * pending entries' tree (the NACKs are the group's). Its group's tree of consumers is not counted.
   */
  long consumer(long nameLength, long pending, long treeNodes) {
    return 24 + nameLength + rax(pending, treeNodes);
  }

  /** What MEMORY USAGE counts for a radix tree of 16-byte stream ids: 16 bytes an id, 244 a tree node. */
  static long rax(long elements, long treeNodes) {
    return 16 * elements + 244 * treeNodes;
  }

  /** sizeof(dict) and its bucket array (both tables' while rehashing). */
  private long table(long elements, boolean presized) {
    long buckets = buckets(elements);
    if (presized || elements <= 4) {
      return dict + BUCKET * buckets;
    }
    // grown one element at a time: after doubling at 2^k both tables stay until every bucket of the old one has
    // moved, one a write, which takes about 0.63 x 2^k more elements (the old table's non-empty buckets)
    long old = buckets / 2;
    boolean rehashing = elements - old < 0.63 * old;
    return dict + BUCKET * (rehashing ? 3 * old : 2 * old);
  }

  /** Buckets of a dict holding {@code elements}: the next power of two, at least 4. */
  static long buckets(long elements) {
    long size = 4;
    while (size < elements) {
      size <<= 1;
    }
    return size;
  }

  /** A skiplist node (24 bytes and 16 a level) as allocated, averaged over its random level (p = 1/4, up to 32). */
  private double expectedSkiplistNode() {
    double expected = 0;
    double p = 0.75;
    for (int level = 1; level <= 32; level++) {
      expected += p * allocation(24 + 16L * level);
      p *= 0.25;
    }
    return expected;
  }
}
