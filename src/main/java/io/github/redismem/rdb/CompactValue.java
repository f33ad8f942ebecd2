package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * A value the file holds as one compact blob (a hash's or sorted set's listpack or ziplist, a set's intset or
 * listpack, a list of one listpack node), handed over as the iterator over its elements the parser's value-iterable
 * mode expects, with the blob itself. Loading keeps such a blob as it is when the loading server's encoding and
 * thresholds allow it, and {@link LoadedValues} then sizes the blob, reading no more of it than its entry count and
 * longest element, each decoded in place; otherwise the elements are taken one by one as new arrays.
 *
 * @param <E> the elements: a hash's field and value pairs, a sorted set's members, a set's or list's elements
 */
final class CompactValue<E> implements Iterator<E> {
  /** The blob's layout. */
  enum Kind { LISTPACK, ZIPLIST, INTSET }

  private final byte[] blob;
  private final Kind kind;
  private final Function<CompactValue<E>, Iterator<E>> read;
  private Iterator<E> elements;

  private CompactValue(byte[] blob, Kind kind, Function<CompactValue<E>, Iterator<E>> read) {
    this.blob = blob;
    this.kind = kind;
    this.read = read;
  }

  /** A hash's blob: its field and value entries as pairs. */
  static CompactValue<Map.Entry<byte[], byte[]>> hash(byte[] blob, Kind kind) {
    return new CompactValue<>(blob, kind,
        v -> ValueIterators.paired(v.entries(), AbstractMap.SimpleImmutableEntry::new));
  }

  /** A sorted set's blob: its member and score entries as pairs, each score with the entry the blob holds. */
  static CompactValue<ZSetEntry> zset(byte[] blob, Kind kind) {
    return new CompactValue<>(blob, kind,
        v -> ValueIterators.paired(v.entries(), (member, score) -> new CompactScore(member, score(score), score)));
  }

  /** A set's or list's blob: its elements, an integer as its decimal text. */
  static CompactValue<byte[]> elements(byte[] blob, Kind kind) {
    return new CompactValue<>(blob, kind, v -> kind == Kind.INTSET ? CompactBlobs.intset(blob) : v.entries());
  }

  byte[] blob() {
    return blob;
  }

  Kind kind() {
    return kind;
  }

  /** The blob's entries, decoded in place; not for an intset, which has no entry headers. */
  CompactBlobs.Cursor entries() {
    return switch (kind) {
      case LISTPACK -> CompactBlobs.listpack(blob);
      case ZIPLIST -> CompactBlobs.ziplist(blob);
      case INTSET -> throw new IllegalStateException("an intset has no entry headers");
    };
  }

  @Override
  public boolean hasNext() {
    return elements().hasNext();
  }

  @Override
  public E next() {
    return elements().next();
  }

  private Iterator<E> elements() {
    if (elements == null) {
      elements = read.apply(this);
    }
    return elements;
  }

  /** A score as a compact sorted set holds it: an integer entry, or the text {@code d2string} wrote. */
  static double score(byte[] text) {
    if (Compact.isInteger(text)) {
      return Compact.parse(text);
    }
    String s = new String(text, StandardCharsets.US_ASCII);
    return switch (s) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
