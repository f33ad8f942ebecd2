package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.io.RawByteListener;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.rdb.BaseRdbParser;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import com.moilioncircle.redis.replicator.rdb.iterable.ValueIterableRdbValueVisitor;
import com.moilioncircle.redis.replicator.rdb.skip.SkipRdbParser;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collections;

/**
 * The parser's value decoding in its value-iterable mode (a hash, set, sorted set or list is an iterator over the
 * file rather than a collection), with two changes. The values are decoded by {@link RdbStrings} and
 * {@link CompactBlobs} instead of the library's readers, which cost about a third of a snapshot's read (a new
 * buffered stream per compact blob, LZF through a per-byte accessor); a string is read only as far as its head, the
 * first {@value #HEAD} bytes the findings look at, its length kept in {@link #stringLength}. And a module's value
 * (RDB_TYPE_MODULE_2, self-describing) is skipped and counted rather than handed to a module parser we do not have:
 * the library would drop it with a warning and lose the module's name.
 */
final class SnapshotValueVisitor extends ValueIterableRdbValueVisitor {
  /** The most of a string's bytes a key's facts use (the live pass's {@code GETRANGE key 0 4095}). */
  static final int HEAD = SnapshotKeys.LONG_HEAD;
  private static final int QUICKLIST_PLAIN = 1;

  private long stringLength;

  SnapshotValueVisitor(Replicator replicator) {
    super(replicator);
  }

  /** The whole length of the string last read, whose first bytes {@link #applyString} returned. */
  long stringLength() {
    return stringLength;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyString(RedisInputStream in, int version) throws IOException {
    RdbStrings.Head head = new RdbStrings(in).head(HEAD);
    stringLength = head.length();
    return (T) head.bytes();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyList(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    return (T) ValueIterators.elements(s.length(), s::string);
  }

  @Override
  public <T> T applySet(RedisInputStream in, int version) throws IOException {
    return applyList(in, version);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyZSet(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    return (T) ValueIterators.elements(s.length(), () -> new ZSetEntry(s.string(), s.textScore()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyZSet2(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    return (T) ValueIterators.elements(s.length(), () -> new ZSetEntry(s.string(), s.binaryScore()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyHash(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    return (T) ValueIterators.elements(s.length(), () -> new AbstractMap.SimpleImmutableEntry<>(s.string(), s.string()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applySetListPack(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.elements(new RdbStrings(in).string(), CompactValue.Kind.LISTPACK);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applySetIntSet(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.elements(new RdbStrings(in).string(), CompactValue.Kind.INTSET);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyListZipList(RedisInputStream in, int version) throws IOException {
    return (T) CompactBlobs.ziplist(new RdbStrings(in).string());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyZSetZipList(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.zset(new RdbStrings(in).string(), CompactValue.Kind.ZIPLIST);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyZSetListPack(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.zset(new RdbStrings(in).string(), CompactValue.Kind.LISTPACK);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyHashZipList(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.hash(new RdbStrings(in).string(), CompactValue.Kind.ZIPLIST);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyHashListPack(RedisInputStream in, int version) throws IOException {
    return (T) CompactValue.hash(new RdbStrings(in).string(), CompactValue.Kind.LISTPACK);
  }

  /** A quicklist of 3.2 to 6.2: its nodes are ziplists, read one at a time as the elements are taken. */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyListQuickList(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    return (T) ValueIterators.nodes(s.length(), () -> CompactBlobs.ziplist(s.string()));
  }

  /**
   * A quicklist of 7.0 on: a node is a listpack, or a plain node holding one big element. A list of one listpack
   * node (most small lists) is handed over as that blob.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyListQuickList2(RedisInputStream in, int version) throws IOException {
    RdbStrings s = new RdbStrings(in);
    long nodes = s.length();
    if (nodes == 1) {
      boolean plain = s.length() == QUICKLIST_PLAIN;
      byte[] node = s.string();
      return plain ? (T) Collections.singletonList(node).iterator()
          : (T) CompactValue.elements(node, CompactValue.Kind.LISTPACK);
    }
    return (T) ValueIterators.nodes(nodes, () -> s.length() == QUICKLIST_PLAIN
        ? Collections.singletonList(s.string()).iterator() : CompactBlobs.listpack(s.string()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyModule2(RedisInputStream in, int version) throws IOException {
    long id = new BaseRdbParser(in).rdbLoadLen().len;
    // the stream's position counts what it buffered, not what was consumed: count the bytes the skip reads
    long[] read = {0};
    RawByteListener counter = bytes -> read[0] += bytes.length;
    replicator.addRawByteListener(counter);
    try {
      new SkipRdbParser(in).rdbLoadCheckModuleValue();
    } finally {
      replicator.removeRawByteListener(counter);
    }
    return (T) new ModuleValue(ModuleValue.typeName(id), read[0]);
  }
}
