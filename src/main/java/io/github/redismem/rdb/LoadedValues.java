package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.Constants;
import com.moilioncircle.redis.replicator.rdb.datatype.Stream;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One decoded value of a snapshot as the loading Redis would hold it: its encoding ({@link LoadRules}), its element
 * count (bytes for a string) and its size as {@link MemoryModel} counts it, without the key's share. Each method
 * takes the value as the parser decoded it and the RDB type it had in the file, which decides what loading does:
 * a value stored compact is re-checked against the thresholds and converted whole (its dict sized at once), a
 * value stored as a hashtable is read element by element (a set or hash converted part way grows its dict).
 */
final class LoadedValues {
  /**
   * What one value is once loaded.
   *
   * @param integerMembers for a hashtable set, whether its members are all integers; else null
   */
  record Loaded(String type, String encoding, long length, long bytes, Boolean integerMembers) {
    Loaded(String type, String encoding, long length, long bytes) {
      this(type, encoding, length, bytes, null);
    }
  }

  /** The bytes {@link #list(Iterator)} reserves for a listpack entry's encoding and back length beyond its text. */
  private static final int ENTRY_RESERVE = 8;
  /**
   * How much longer an element's text can be than its listpack entry: 20 digits of a 64-bit integer in a 10-byte
   * entry (a text entry is always longer than its text).
   */
  private static final int WIDER = 10;

  private final LoadRules rules;
  private final MemoryModel model;

  LoadedValues(LoadRules rules, MemoryModel model) {
    this.rules = rules;
    this.model = model;
  }

  /** A string of {@code length} bytes, {@code head} its first (all of it up to 20 bytes and beyond). */
  Loaded string(byte[] head, long length) {
    String encoding = length <= 20 && Compact.isInteger(head) ? "int" : length <= 44 ? "embstr" : "raw";
    return new Loaded("string", encoding, length, model.string(encoding, length));
  }

  /**
   * A hash, its fields and values read once, in file order. A compact blob that the server keeps as it is (a
   * listpack from 7.0, a ziplist before) is sized as it is (the bytes Redis loads), its entries only counted and
   * their longest measured.
   */
  Loaded hash(Iterator<Map.Entry<byte[], byte[]>> fields, int rdbType) {
    Loaded kept = keptPairs(fields, "hash", 1, rules.hashMaxEntries(), rules.hashMaxValue());
    if (kept != null) {
      return kept;
    }
    long n = 0;
    long longest = 0;
    long strings = 0;
    Compact blob = new Compact(rules.listpack());
    while (fields.hasNext()) {
      Map.Entry<byte[], byte[]> e = fields.next();
      n++;
      longest = Math.max(longest, Math.max(e.getKey().length, e.getValue().length));
      if (n <= rules.hashMaxEntries()) { // past it the hash is no listpack: its size is not needed
        blob.add(e.getKey()).add(e.getValue());
      }
      strings += model.sds(e.getKey().length) + model.sds(e.getValue().length);
    }
    boolean tooMany = n > rules.hashMaxEntries();
    if (!tooMany && longest <= rules.hashMaxValue()) {
      return new Loaded("hash", rules.compact(), n, model.blob(blob.bytes()), null);
    }
    // a plain hash under the count threshold starts compact and is converted at its first long element
    boolean presized = rdbType != Constants.RDB_TYPE_HASH || tooMany;
    return new Loaded("hash", "hashtable", n, model.hashtable(n, strings, presized), null);
  }

  /**
   * A set, its members read once; a hashtable set says whether its members are all integers (what the live pass's
   * intset probe asks). An intset blob within set-max-intset-entries is what loading keeps, at its own width (an
   * intset never narrows).
   */
  Loaded set(Iterator<byte[]> members, int rdbType) {
    if (members instanceof CompactValue<?> value && value.kind() == CompactValue.Kind.INTSET) {
      long n = CompactBlobs.intsetCount(value.blob());
      if (n <= rules.setMaxIntsetEntries()) {
        return new Loaded("set", "intset", n, model.blob(8 + CompactBlobs.intsetWidth(value.blob()) * n), null);
      }
    }
    long n = 0;
    boolean integers = true;
    long longest = 0;
    int width = 2;
    long strings = 0;
    Compact blob = new Compact(true);
    while (members.hasNext()) {
      byte[] m = members.next();
      n++;
      longest = Math.max(longest, m.length);
      if (integers && Compact.isInteger(m)) {
        width = Math.max(width, Compact.intsetWidth(Compact.parse(m)));
      } else {
        integers = false;
      }
      strings += model.sds(m.length);
      if (rules.listpackSets() && n <= rules.setMaxListpackEntries()) {
        blob.add(m);
      }
    }
    if (n <= rules.setMaxIntsetEntries() && integers && rdbType != Constants.RDB_TYPE_SET_LISTPACK) {
      return new Loaded("set", "intset", n, model.blob(8 + width * n), null);
    }
    if (rules.listpackSets() && n <= rules.setMaxListpackEntries() && longest <= rules.setMaxListpackValue()) {
      return new Loaded("set", "listpack", n, model.blob(blob.bytes()), null);
    }
    boolean presized = rdbType != Constants.RDB_TYPE_SET
        || n > Math.max(rules.setMaxIntsetEntries(), rules.setMaxListpackEntries());
    return new Loaded("set", "hashtable", n, model.hashtable(n, strings, presized), integers && n > 0);
  }

  /**
   * A sorted set, its members read once. A compact blob that the server keeps as it is (a listpack from 7.0, a
   * ziplist before) is sized as it is, its entries only counted and its members' longest measured.
   */
  Loaded zset(Iterator<ZSetEntry> members) {
    Loaded kept = keptPairs(members, "zset", 2, rules.zsetMaxEntries(), rules.zsetMaxValue());
    if (kept != null) {
      return kept;
    }
    long n = 0;
    long longest = 0;
    long strings = 0;
    Compact blob = new Compact(rules.listpack());
    while (members.hasNext()) {
      ZSetEntry e = members.next();
      n++;
      longest = Math.max(longest, e.getElement().length);
      if (n <= rules.zsetMaxEntries()) { // past it the sorted set is a skiplist
        blob.add(e.getElement());
        if (e instanceof CompactScore c) {
          blob.add(c.text()); // the text the blob already holds
        } else {
          blob.addScore(e.getScore());
        }
      }
      strings += model.sds(e.getElement().length);
    }
    if (n <= rules.zsetMaxEntries() && longest <= rules.zsetMaxValue()) {
      return new Loaded("zset", rules.compact(), n, model.blob(blob.bytes()), null);
    }
    return new Loaded("zset", "skiplist", n, model.skiplist(n, strings), null);
  }

  /**
   * A list, its quicklist nodes filled as pushing fills them: a node takes an element while its blob, the element
   * and an estimate of the entry's overhead stay within list-max-listpack-size (-2: 8 KiB).
   *
   * <p>A list of one listpack node is kept as it is by a listpack server when pushing its elements would not have
   * filled a second node, which the blob's size bounds: an element's text is at most {@value #WIDER} bytes longer
   * than its entry, and each element is given {@value #ENTRY_RESERVE} bytes of overhead here.
   */
  Loaded list(Iterator<byte[]> elements) {
    if (elements instanceof CompactValue<?> value && value.kind() == CompactValue.Kind.LISTPACK && rules.listpack()
        && value.blob().length + WIDER + ENTRY_RESERVE <= rules.listMaxBytes()) {
      long n = count(value.entries(), 1).entries;
      if (n > 0) { // an empty node (none Redis writes) is read as below
        return list(n, 1, value.blob().length, model.nodeBlob(value.blob().length));
      }
    }
    long n = 0;
    long nodes = 0;
    long nodeBytes = 0;
    long allocated = 0;
    Compact node = null;
    while (elements.hasNext()) {
      byte[] e = elements.next();
      n++;
      long overhead = rules.listpack() ? ENTRY_RESERVE
          : (e.length < 254 ? 1 : 5) + (e.length < 64 ? 1 : e.length < 16384 ? 2 : 5);
      if (node == null || node.bytes() + e.length + overhead > rules.listMaxBytes()) {
        if (node != null) {
          allocated += model.nodeBlob(node.bytes());
        }
        node = new Compact(rules.listpack());
        nodes++;
      }
      node.add(e);
      nodeBytes = node.bytes();
    }
    if (node != null) {
      allocated += model.nodeBlob(nodeBytes);
    }
    return list(n, nodes, nodeBytes, allocated);
  }

  /** A list of {@code n} elements in quicklist nodes, the last of {@code nodeBytes}, {@code allocated} in all. */
  private Loaded list(long n, long nodes, long nodeBytes, long allocated) {
    // 7.2 keeps a list of one node under half the limit as a plain listpack
    if (rules.listpackLists() && nodes <= 1 && nodeBytes * 2 <= rules.listMaxBytes()) {
      return new Loaded("list", "listpack", n, model.blob(nodeBytes));
    }
    return new Loaded("list", "quicklist", n, model.quicklist(nodes, allocated));
  }

  /**
   * A stream, its listpack nodes rebuilt as XADD builds them: a master entry holding the first entry's fields, then
   * per entry its flags, id deltas, values (fields too where they differ from the master's) and element count; a
   * new node past stream-node-max-bytes or -entries.
   */
  Loaded stream(Stream stream) {
    long nodes = 0;
    long allocated = 0;
    Compact node = null;
    long inNode = 0;
    Stream.ID master = null;
    List<long[]> masters = new ArrayList<>();
    List<byte[]> masterFields = List.of();
    for (Stream.Entry entry : stream.getEntries().values()) {
      Map<byte[], byte[]> fields = entry.getFields();
      long text = 0;
      for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
        text += f.getKey().length + f.getValue().length;
      }
      if (node == null || node.bytes() + text >= LoadRules.STREAM_NODE_BYTES
          || inNode >= LoadRules.STREAM_NODE_ENTRIES) {
        if (node != null) {
          allocated += model.nodeBlob(node.bytes());
        }
        node = new Compact(true); // streams are listpacks in every version
        nodes++;
        inNode = 0;
        master = entry.getId();
        masters.add(new long[] {master.getMs(), master.getSeq()});
        masterFields = List.copyOf(fields.keySet());
        node.addInteger(1).addInteger(0).addInteger(fields.size()); // count, deleted, master fields
        masterFields.forEach(node::add);
        node.addInteger(0); // the master entry's terminator
      }
      boolean same = sameFields(masterFields, fields);
      node.addInteger(same ? 2 : 0).addInteger(entry.getId().getMs() - master.getMs())
          .addInteger(entry.getId().getSeq() - master.getSeq());
      if (!same) {
        node.addInteger(fields.size());
      }
      for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
        if (!same) {
          node.add(f.getKey());
        }
        node.add(f.getValue());
      }
      node.addInteger(same ? fields.size() + 3 : 2L * fields.size() + 4);
      inNode++;
    }
    if (node != null) {
      allocated += model.nodeBlob(node.bytes());
    }
    long bytes = model.stream(nodes, RadixTrees.nodes(masters), allocated);
    for (Stream.Group g : stream.getGroups() == null ? List.<Stream.Group>of() : stream.getGroups()) {
      bytes += model.group(size(g.getPendingEntries()), RadixTrees.nodes(ids(g.getPendingEntries())));
      for (Stream.Consumer c : g.getConsumers() == null ? List.<Stream.Consumer>of() : g.getConsumers()) {
        bytes += model.consumer(c.getName().length, size(c.getPendingEntries()),
            RadixTrees.nodes(ids(c.getPendingEntries())));
      }
    }
    return new Loaded("stream", "stream", stream.getLength(), bytes);
  }

  /**
   * Whether the loading server keeps this blob's layout: a listpack loaded by 7.0 or later, a ziplist by 6.2 (which
   * loads it as the file has it, its entries' previous-length fields too).
   */
  private boolean keptAsItIs(CompactValue<?> value) {
    return value.kind() == (rules.listpack() ? CompactValue.Kind.LISTPACK : CompactValue.Kind.ZIPLIST);
  }

  /**
   * A hash's or sorted set's blob that the server keeps as it is, sized as the blob, when its pairs are within
   * {@code maxEntries} and the longest text of every {@code stride}-th entry from the first (a hash's fields and
   * values, a sorted set's members) within {@code maxValue}; null for any other value.
   */
  private Loaded keptPairs(Iterator<?> elements, String type, int stride, long maxEntries, long maxValue) {
    if (elements instanceof CompactValue<?> value && keptAsItIs(value)) {
      Counted c = count(value.entries(), stride);
      long n = c.entries / 2;
      if (c.entries % 2 == 0 && n <= maxEntries && c.longest <= maxValue) {
        return new Loaded(type, rules.compact(), n, model.blob(value.blob().length), null);
      }
    }
    return null;
  }

  /** A blob's entry count and the longest text of every {@code stride}-th entry from the first. */
  private record Counted(long entries, long longest) {}

  private static Counted count(CompactBlobs.Cursor entries, int stride) {
    long n = 0;
    long longest = 0;
    while (entries.hasNext()) {
      entries.advance();
      if (n++ % stride == 0) {
        longest = Math.max(longest, entries.length());
      }
    }
    return new Counted(n, longest);
  }

  private static long size(NavigableMap<Stream.ID, ?> pending) {
    return pending == null ? 0 : pending.size();
  }

  private static List<long[]> ids(NavigableMap<Stream.ID, ?> pending) {
    List<long[]> ids = new ArrayList<>();
    if (pending != null) {
      pending.keySet().forEach(id -> ids.add(new long[] {id.getMs(), id.getSeq()}));
    }
    return ids;
  }

  private static boolean sameFields(List<byte[]> master, Map<byte[], byte[]> fields) {
    if (master.size() != fields.size()) {
      return false;
    }
    int i = 0;
    for (byte[] f : fields.keySet()) {
      if (!Arrays.equals(master.get(i++), f)) {
        return false;
      }
    }
    return true;
  }

  /** A module's value: named by its type, its size taken as what it serialized to (modules report their own). */
  Loaded module(ModuleValue value) {
    return new Loaded(value.typeName(), "raw", -1, MemoryModel.ROBJ + value.serializedBytes());
  }
}
