package io.github.redismem.analysis;

/**
 * Estimates how many bytes fixing a memory anti-pattern would free, from what the sampler knows of a key: its
 * {@code MEMORY USAGE key SAMPLES 5}, its element count or length, its name's length and, for a string, its first
 * bytes. It never needs the value itself.
 *
 * <p>{@code MEMORY USAGE} of a hashtable, skiplist or hashtable set is a sum of fixed structures (the key's dictEntry
 * and name, the robj, the dict, a power-of-two bucket array, per element a dictEntry and for a zset a skiplist node)
 * plus the allocator sizes of the element strings. Taking the structures away leaves the strings, whose average
 * allocation gives their average length, from which follows the listpack (ziplist before 7.0) or intset that the
 * same elements would take. The estimate is the bytes allocated now minus the bytes the compact form would allocate,
 * both as the allocator rounds them (jemalloc as Redis builds it, {@code --with-lg-quantum=3}).
 *
 * <p>Calibrated on Redis 6.2.11 and 7.0.15 with realistic populations (see {@code SavingsModelIT}): the summed
 * estimates came within 5% of the measured savings for hashes, sets and small strings and within 10% for sorted sets
 * and JSON documents. Known errors, accepted: a build with a coarser allocator (Debian's system jemalloc rounds small
 * allocations to 16 bytes) frees 9-20% more than estimated, because {@code MEMORY USAGE} counts a dictEntry as 24
 * bytes where it takes 32; one key's estimate inherits the error of its 5-element sample (80% of keys within 15%);
 * a hash or set that shrank keeps a bigger bucket array than its size implies, which the estimate leaves out; and
 * the main keyspace's bucket slots (8 bytes or so per key) are freed too but counted by neither. Versions from 7.2 on
 * reuse the 7.0 structure sizes without having been measured.
 *
 * <p>Longer than our other classes on purpose: every estimate works on the same structure sizes and allocator
 * rounding; split by data type, each part would have to restate them.
 */
public final class SavingsModel {
  private static final int ROBJ = 16;
  private static final int DICT_ENTRY = 24;
  private static final int BUCKET = 8;
  /** sizeof(dict): 6.2 keeps two 32-byte dictht and a privdata pointer; 7.0 packs the tables into the dict. */
  private static final int DICT_BEFORE_7 = 96;
  private static final int DICT_SINCE_7 = 56;
  /** zset and zskiplist structs, and the skiplist's 32-level header node as allocated. */
  private static final int SKIPLIST_FIXED = 16 + 32 + 640;
  /** A skiplist node as allocated, averaged over its random level (p = 1/4): 46 to 53 bytes with the build. */
  private static final double SKIPLIST_NODE = 50;
  /** A score in a listpack: an integer up to 32 bits takes 6 bytes, a decimal written out 7-20; assumed 8. */
  private static final double SCORE_ENTRY = 8;
  /**
   * Average bytes by which an element string's allocation exceeds its header and text: allocator rounding, plus what
   * a listpack saves by storing numeric strings as integers. Fitted on both versions (5 to 7 all fit within 10%).
   */
  private static final double SMALL_STRING_SLACK = 6;
  /** Fields per grouping hash when ids are dense: the hash's own overhead is shared by this many keys. */
  private static final int GROUP_FIELDS = 100;
  private static final int INTSET_HEADER = 8;

  private final boolean listpack;
  private final boolean setListpack;
  private final boolean embstrRounded;
  private final int dict;
  private final int compactHeader;

  /** For the server version {@code major.minor}, e.g. 7, 0. */
  public SavingsModel(int major, int minor) {
    listpack = major >= 7;
    setListpack = major > 7 || major == 7 && minor >= 2;
    // 6.2 reports an embstr as its text + 18 bytes, unrounded; 7.0 reports the allocation.
    embstrRounded = major >= 7;
    dict = major >= 7 ? DICT_SINCE_7 : DICT_BEFORE_7;
    compactHeader = listpack ? 7 : 11;
  }

  /** hash in hashtable -> listpack (6.2: ziplist) after DUMP/RESTORE with raised value limit. */
  public long hashToListpack(long memoryUsage, long fields, long keyLength) {
    if (fields <= 0 || memoryUsage <= 0) {
      return 0;
    }
    long body = memoryUsage - keyEntry(keyLength) - ROBJ;
    double strings = body - dict - (double) BUCKET * buckets(fields) - (double) DICT_ENTRY * fields;
    if (strings <= 0) {
      return 0;
    }
    double length = textLength(strings / (2.0 * fields));
    double compact = compactHeader + 2.0 * fields * stringEntry(length);
    return bounded(body - allocation(Math.round(compact)), memoryUsage);
  }

  /** zset in skiplist -> listpack/ziplist. */
  public long zsetToListpack(long memoryUsage, long members, long keyLength) {
    if (members <= 0 || memoryUsage <= 0) {
      return 0;
    }
    long body = memoryUsage - keyEntry(keyLength) - ROBJ;
    double strings = body - SKIPLIST_FIXED - dict - (double) BUCKET * buckets(members)
        - members * (DICT_ENTRY + SKIPLIST_NODE);
    if (strings <= 0) {
      return 0;
    }
    double length = textLength(strings / members);
    double compact = compactHeader + members * (stringEntry(length) + SCORE_ENTRY);
    return bounded(body - allocation(Math.round(compact)), memoryUsage);
  }

  /** set in hashtable -> intset (integers == true) or listpack (7.2+). */
  public long setToCompact(long memoryUsage, long members, boolean integers, long keyLength) {
    if (members <= 0 || memoryUsage <= 0 || !integers && !setListpack) {
      return 0;
    }
    long body = memoryUsage - keyEntry(keyLength) - ROBJ;
    double strings = body - dict - (double) BUCKET * buckets(members) - (double) DICT_ENTRY * members;
    if (strings <= 0) {
      return 0;
    }
    double perMember = strings / members;
    double compact;
    if (integers) {
      // Up to 14 digits fit a 16-byte sds, so the allocation only tells 64-bit ids apart; most ids fit 32 bits.
      compact = INTSET_HEADER + (perMember > 16 ? 8 : 4) * (double) members;
    } else {
      compact = compactHeader + members * stringEntry(textLength(perMember));
    }
    return bounded(body - allocation(Math.round(compact)), memoryUsage);
  }

  /** raw string holding a JSON object -> a hash with one field per attribute; head = first <= 64 bytes of the value. */
  public long jsonToHash(long memoryUsage, long strlen, byte[] head, long keyLength) {
    if (memoryUsage <= 0 || strlen < 2 || head == null) {
      return 0;
    }
    JsonHead scan = JsonHead.scan(head, listpack);
    if (scan == null) {
      return 0;
    }
    // The value's allocation: exact from its length, or more where APPEND left spare room (which the fix frees too).
    long body = Math.max(sdsAllocation(strlen),
        memoryUsage - DICT_ENTRY - allocation(sdsHeader(keyLength) + keyLength + 1, 16) - ROBJ);
    double compact;
    if (scan.complete() && head.length >= strlen) {
      compact = compactHeader + scan.compactBytes();
    } else if (scan.attributes() == 0) {
      // Not one whole attribute in the head: long ones, whose syntax is a small share; assume none saved.
      compact = compactHeader + strlen - 2;
    } else {
      // Counting attributes over the window, the incomplete last one included, does not favour short attributes.
      double attributes = (strlen - 2.0) * scan.attributes() / scan.window();
      double savedPerAttribute = (double) (scan.jsonBytes() - scan.compactBytes()) / scan.attributes();
      compact = compactHeader + strlen - 2.0 - attributes * savedPerAttribute;
    }
    return bounded(body - averageAllocation(compact), memoryUsage);
  }

  /** small string key -> one field of a grouping hash (field = last 2 digits of the id, hash stays listpack). */
  public long stringToHashField(long memoryUsage, long keyLength, long strlen) {
    if (memoryUsage <= 0 || strlen < 0) {
      return 0;
    }
    long intObject = DICT_ENTRY + ROBJ;
    long sdsKey = sdsHeader(keyLength) + keyLength + 1;
    boolean looksInt = strlen <= 20 && (memoryUsage == intObject + allocation(sdsKey, 8)
        || memoryUsage == intObject + allocation(sdsKey, 16));
    boolean looksEmbstr = strlen <= 44 && (embstrRounded
        ? memoryUsage == DICT_ENTRY + allocation(sdsKey, 8) + allocation(strlen + 20, 8)
            || memoryUsage == DICT_ENTRY + allocation(sdsKey, 16) + allocation(strlen + 20, 16)
        : memoryUsage == DICT_ENTRY + allocation(sdsKey, 8) + strlen + 18);
    double value;
    if (looksInt && !looksEmbstr) {
      value = typicalIntEntry(strlen);
    } else if (looksInt) {
      // Both fit the reported size (it depends on the allocator build): halve the difference.
      value = (typicalIntEntry(strlen) + stringEntry(strlen)) / 2;
    } else {
      value = stringEntry(strlen);
    }
    double allocated = memoryUsage;
    if (!embstrRounded && !looksInt && strlen <= 44) {
      allocated += allocation(strlen + 20) - (strlen + 18);
    }
    // "10".."99" are stored as integers, "00".."09" as 2-byte strings.
    double field = listpack ? 0.9 * 2 + 0.1 * 4 : 0.9 * 3 + 0.1 * 4;
    long groupKey = Math.max(1, keyLength - 2);
    double groupHash = DICT_ENTRY + allocation(sdsHeader(groupKey) + groupKey + 1) + ROBJ + compactHeader
        + 64; // a grouping hash of ~1 KB wastes ~64 bytes to rounding
    double saving = allocated - field - value - groupHash / GROUP_FIELDS;
    return bounded(Math.round(saving), memoryUsage);
  }

  /**
   * The mean length of the element strings of a hash (fields and values together), sorted set (members) or set
   * (members) in its big encoding, as {@code MEMORY USAGE} implies them; -1 where the structures alone exceed it.
   * The threshold what-ifs compare it with the {@code *-value} limits: a key whose mean is over the limit has an
   * element over it, and converts at no {@code *-entries} value.
   */
  double meanElementLength(DataType type, long memoryUsage, long elements, long keyLength) {
    if (elements <= 0 || memoryUsage <= 0) {
      return -1;
    }
    long body = memoryUsage - keyEntry(keyLength) - ROBJ;
    double structures = dict + (double) BUCKET * buckets(elements) + (double) DICT_ENTRY * elements;
    double strings;
    double count = elements;
    switch (type) {
      case HASH -> {
        strings = body - structures;
        count = 2.0 * elements;
      }
      case ZSET -> strings = body - structures - SKIPLIST_FIXED - elements * SKIPLIST_NODE;
      case SET -> strings = body - structures;
      default -> {
        return -1;
      }
    }
    return strings <= 0 ? -1 : textLength(strings / count);
  }

  /** Bytes one element (a hash's field and value) takes in the compact encoding, for the what-ifs' cost figures. */
  double compactElementBytes(DataType type, double meanLength, boolean integers) {
    return switch (type) {
      case HASH -> 2 * stringEntry(meanLength);
      case ZSET -> stringEntry(meanLength) + SCORE_ENTRY;
      default -> integers ? (meanLength > 16 ? 8 : 4) : stringEntry(meanLength);
    };
  }

  /** Whether the compact encodings are listpacks (7.0+) rather than ziplists: the settings' names follow. */
  boolean listpack() {
    return listpack;
  }

  /** Whether sets of strings have a compact encoding (listpack, 7.2+). */
  boolean setListpack() {
    return setListpack;
  }

  // ---- sizes of the server's structures ----

  /** The allocation jemalloc makes for {@code bytes}, built as Redis builds it (8-byte quantum). */
  static long allocation(long bytes) {
    return allocation(bytes, 8);
  }

  /** The allocation for {@code bytes} with a quantum of 8 or 16 (Debian's system jemalloc) bytes. */
  static long allocation(long bytes, int quantum) {
    if (bytes <= 8) {
      return 8;
    }
    if (bytes <= 128) {
      int step = bytes <= 64 ? quantum : 16;
      return (bytes + step - 1) / step * step;
    }
    // Four size classes per doubling above 128.
    long step = Long.highestOneBit(bytes - 1) >> 2;
    return (bytes + step - 1) / step * step;
  }

  /** The allocation of an sds holding {@code length} bytes: header, text and terminating zero. */
  static long sdsAllocation(long length) {
    return sdsAllocation(length, 8);
  }

  /** As {@link #sdsAllocation(long)}, with an allocator quantum of 8 or 16 bytes. */
  static long sdsAllocation(long length, int quantum) {
    return allocation(sdsHeader(length) + length + 1, quantum);
  }

  private static long sdsHeader(long length) {
    return length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
  }

  /** The key's dictEntry and name, which MEMORY USAGE includes and the fix keeps. */
  static long keyEntry(long keyLength) {
    return DICT_ENTRY + sdsAllocation(Math.max(0, keyLength));
  }

  /** Buckets of a dict holding {@code elements}: the next power of two, at least 4. */
  static long buckets(long elements) {
    long size = 4;
    while (size < elements) {
      size <<= 1;
    }
    return size;
  }

  /** The expected allocation of a block whose size is itself an estimate: half a size class above it. */
  private static double averageAllocation(double bytes) {
    if (bytes <= 64) {
      return bytes + 4;
    }
    if (bytes <= 128) {
      return bytes + 8;
    }
    return bytes + (Long.highestOneBit((long) bytes - 1) >> 3);
  }

  /** The average text length of element strings whose sds allocations average {@code allocated} bytes. */
  private static double textLength(double allocated) {
    double slack;
    if (allocated <= 64) {
      slack = SMALL_STRING_SLACK;
    } else if (allocated <= 128) {
      slack = 7.5;
    } else {
      slack = (Long.highestOneBit((long) allocated - 1) >> 3) - 0.5;
    }
    double length = allocated - 2 - slack; // sdshdr5 and the terminating zero
    if (length >= 32) {
      length -= 2; // sdshdr8
    }
    if (length >= 256) {
      length -= 2; // sdshdr16
    }
    return Math.max(0, length);
  }

  private double stringEntry(double length) {
    return stringEntry(length, listpack);
  }

  /** Bytes a string of {@code length} takes as a listpack or (listpack false) ziplist entry. */
  static double stringEntry(double length, boolean listpack) {
    if (!listpack) {
      return 1 + (length < 64 ? 1 : length < 16384 ? 2 : 5) + length; // prevlen, encoding, text
    }
    if (length < 64) {
      return length + 2; // encoding, text, backlen
    }
    double body = length + (length < 4096 ? 2 : 5);
    return body + (body < 128 ? 1 : body < 16384 ? 2 : 3);
  }

  /** Bytes an integer takes as a listpack or ziplist entry. */
  static double intEntry(long value, boolean listpack) {
    if (listpack ? value >= 0 && value <= 127 : value >= 0 && value <= 12) {
      return 2;
    }
    if (listpack ? value >= -4096 && value <= 4095 : value >= -128 && value <= 127) {
      return 3;
    }
    if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      return 4;
    }
    if (value >= -(1 << 23) && value < 1 << 23) {
      return 5;
    }
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 6 : 10;
  }

  /** The entry of an integer written with {@code digits} digits, taken at the middle of their range. */
  private double typicalIntEntry(long digits) {
    return digits >= 19 ? 10 : intEntry(5 * (long) Math.pow(10, Math.max(0, digits - 1)), listpack);
  }

  private static long bounded(double estimate, long memoryUsage) {
    return Math.max(0, Math.min(memoryUsage, Math.round(estimate)));
  }
}
