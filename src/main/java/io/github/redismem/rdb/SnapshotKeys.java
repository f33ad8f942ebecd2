package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.Constants;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyValuePair;
import com.moilioncircle.redis.replicator.rdb.datatype.Stream;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import io.github.redismem.redis.KeyFacts;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns one parsed key into the {@link KeyFacts} of a live pass: type, encoding once loaded, length, TTL and size
 * ({@link LoadedValues}), the first bytes of a raw string (as the live pass reads them, for the JSON and
 * compressibility findings) and, for a hashtable set, whether its members are all integers. Hashes, sets, sorted
 * sets and lists arrive as iterators over the file (the parser's value-iterable mode): each element is measured as
 * it is read and dropped, so that a key of millions of elements needs no more memory than a small one. A string
 * arrives as its first {@link #LONG_HEAD} bytes and its length; streams and module values arrive whole.
 */
final class SnapshotKeys {
  /** The live pass's string heads: 64 bytes, 4096 of a string of at least 1024. */
  private static final int HEAD = 64;
  static final int LONG_HEAD = 4096;
  private static final int LONG_FROM = 1024;

  private final MemoryModel model;
  private final LoadedValues values;

  SnapshotKeys(LoadRules rules, MemoryModel model) {
    this.model = model;
    this.values = new LoadedValues(rules, model);
  }

  /**
   * The facts of one key.
   *
   * @param stringLength a string's whole length, its value being only its first bytes
   *     ({@link SnapshotValueVisitor#HEAD})
   */
  @SuppressWarnings("unchecked")
  KeyFacts facts(KeyValuePair<?, ?> kv, long ttlMillis, long stringLength) {
    byte[] key = (byte[]) kv.getKey();
    Object value = kv.getValue();
    int rdbType = kv.getValueRdbType();
    byte[] head = null;
    LoadedValues.Loaded loaded;
    switch (rdbType) {
      case Constants.RDB_TYPE_STRING -> {
        byte[] v = (byte[]) value;
        loaded = values.string(v, stringLength);
        if ("raw".equals(loaded.encoding())) {
          head = Arrays.copyOf(v, (int) Math.min(v.length, stringLength >= LONG_FROM ? LONG_HEAD : HEAD));
        }
      }
      case Constants.RDB_TYPE_HASH, Constants.RDB_TYPE_HASH_ZIPMAP, Constants.RDB_TYPE_HASH_ZIPLIST,
          Constants.RDB_TYPE_HASH_LISTPACK ->
          loaded = values.hash((Iterator<Map.Entry<byte[], byte[]>>) value, rdbType);
      case Constants.RDB_TYPE_SET, Constants.RDB_TYPE_SET_INTSET, Constants.RDB_TYPE_SET_LISTPACK ->
          loaded = values.set((Iterator<byte[]>) value, rdbType);
      case Constants.RDB_TYPE_ZSET, Constants.RDB_TYPE_ZSET_2, Constants.RDB_TYPE_ZSET_ZIPLIST,
          Constants.RDB_TYPE_ZSET_LISTPACK -> loaded = values.zset((Iterator<ZSetEntry>) value);
      case Constants.RDB_TYPE_LIST, Constants.RDB_TYPE_LIST_ZIPLIST, Constants.RDB_TYPE_LIST_QUICKLIST,
          Constants.RDB_TYPE_LIST_QUICKLIST_2 -> loaded = values.list((Iterator<byte[]>) value);
      case Constants.RDB_TYPE_STREAM_LISTPACKS, Constants.RDB_TYPE_STREAM_LISTPACKS_2,
          Constants.RDB_TYPE_STREAM_LISTPACKS_3 -> loaded = values.stream((Stream) value);
      default -> loaded = value instanceof ModuleValue m ? values.module(m)
          : new LoadedValues.Loaded("unknown", "unknown", -1, MemoryModel.ROBJ);
    }
    return new KeyFacts(key, loaded.type(), loaded.encoding(), model.key(key.length) + loaded.bytes(), ttlMillis,
        loaded.length(), head, loaded.integerMembers());
  }
}
