package io.github.redismem.rdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/**
 * The iterators {@link SnapshotValueVisitor} hands a collection's elements over in: read from the file as they are
 * taken, so that a key of millions of elements is never held. A read that fails ends the snapshot's read with an
 * {@link UncheckedIOException}, as the library's own iterators do.
 */
final class ValueIterators {
  private ValueIterators() {}

  /** Reads one element from the file. */
  @FunctionalInterface
  interface Read<E> {
    E next() throws IOException;
  }

  /** {@code count} elements read from the file as they are taken. */
  static <E> Iterator<E> elements(long count, Read<E> read) {
    return new Iterator<>() {
      private long left = count;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public E next() {
        if (left <= 0) {
          throw new NoSuchElementException();
        }
        left--;
        try {
          return read.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** The elements of {@code count} nodes, each node read from the file when the one before is used up. */
  static Iterator<byte[]> nodes(long count, Read<Iterator<byte[]>> node) {
    Iterator<Iterator<byte[]>> each = elements(count, node);
    return new Iterator<>() {
      private Iterator<byte[]> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && each.hasNext()) {
          current = each.next();
        }
        return current.hasNext();
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** Entries taken two at a time; an odd count is a malformed blob. */
  static <E> Iterator<E> paired(Iterator<byte[]> entries, BiFunction<byte[], byte[], E> pair) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public E next() {
        byte[] first = entries.next();
        if (!entries.hasNext()) {
          throw new UncheckedIOException(new IOException("malformed blob: an odd number of entries"));
        }
        return pair.apply(first, entries.next());
      }
    };
  }
}
