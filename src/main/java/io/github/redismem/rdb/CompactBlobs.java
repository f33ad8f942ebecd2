package io.github.redismem.rdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The elements of a compact blob as an RDB file holds it ({@code listpack.c}, {@code ziplist.c}, {@code intset.c}),
 * decoded from the blob's bytes: text elements as copies of their bytes, integers as their decimal text (what the
 * commands reply, and what {@link Compact} re-encodes), or, where only their lengths matter, in place without a
 * copy. A malformed blob ends the read with an {@link UncheckedIOException}, as the file is then not one Redis would
 * load.
 */
final class CompactBlobs {
  private CompactBlobs() {}

  /** A listpack: a 6-byte header, entries (encoding, content, back length), an end byte. */
  static Cursor listpack(byte[] blob) {
    return new Cursor(blob, 6) {
      @Override
      void decode() {
        int b = u8();
        int size;
        if (b < 0x80) {
          integerEntry(b);
          size = 1;
        } else if (b < 0xC0) {
          int n = b & 0x3F;
          textEntry(n);
          size = 1 + n;
        } else if (b < 0xE0) {
          integerEntry(((((b & 0x1F) << 8) | u8()) << 19) >> 19);
          size = 2;
        } else if (b < 0xF0) {
          int n = ((b & 0x0F) << 8) | u8();
          textEntry(n);
          size = 2 + n;
        } else {
          switch (b) {
            case 0xF0 -> {
              int n = (int) little(4);
              textEntry(n);
              size = 5 + n;
            }
            case 0xF1 -> {
              integerEntry((short) little(2));
              size = 3;
            }
            case 0xF2 -> {
              integerEntry((little(3) << 40) >> 40);
              size = 4;
            }
            case 0xF3 -> {
              integerEntry((int) little(4));
              size = 5;
            }
            case 0xF4 -> {
              integerEntry(little(8));
              size = 9;
            }
            default -> throw malformed("listpack entry encoding " + b);
          }
        }
        // the back length, 7 bits a byte, with lpEncodeBacklen's bounds
        pos += size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
      }
    };
  }

  /** A ziplist: a 10-byte header, entries (previous entry's length, encoding, content), an end byte. */
  static Cursor ziplist(byte[] blob) {
    return new Cursor(blob, 10) {
      @Override
      void decode() {
        if (u8() >= 254) { // the previous entry's length: 1 byte, or 254 and 4 bytes
          pos += 4;
        }
        int b = u8();
        switch (b >> 6) {
          case 0 -> textEntry(b & 0x3F);
          case 1 -> textEntry(((b & 0x3F) << 8) | u8());
          case 2 -> textEntry((int) big(4));
          default -> {
            switch (b) {
              case 0xC0 -> integerEntry((short) little(2));
              case 0xD0 -> integerEntry((int) little(4));
              case 0xE0 -> integerEntry(little(8));
              case 0xF0 -> integerEntry((little(3) << 40) >> 40);
              case 0xFE -> integerEntry((byte) u8());
              default -> {
                if (b > 0xF0 && b < 0xFE) {
                  integerEntry((b & 0x0F) - 1);
                } else {
                  throw malformed("ziplist entry encoding " + b);
                }
              }
            }
          }
        }
      }
    };
  }

  /** An intset: its width (2, 4 or 8 bytes), its count, the integers, all little-endian. */
  static Iterator<byte[]> intset(byte[] blob) {
    long count = intsetCount(blob);
    int width = intsetWidth(blob);
    return new Iterator<>() {
      private int pos = 8;

      @Override
      public boolean hasNext() {
        return pos < 8 + count * width;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long v = (little(blob, pos, width) << (64 - 8 * width)) >> (64 - 8 * width);
        pos += width;
        return text(v);
      }
    };
  }

  /** The bytes per integer (2, 4 or 8) of an intset whose header {@link #intsetCount} has checked. */
  static int intsetWidth(byte[] blob) {
    return (int) little(blob, 0, 4);
  }

  /** An intset's count of integers, its header checked against its size. */
  static long intsetCount(byte[] blob) {
    if (blob.length < 8) {
      throw malformed("intset of " + blob.length + " bytes");
    }
    int width = (int) little(blob, 0, 4);
    long count = little(blob, 4, 4);
    if (width != 2 && width != 4 && width != 8 || 8 + count * width > blob.length) {
      throw malformed("intset of width " + width + " and " + count + " integers in " + blob.length + " bytes");
    }
    return count;
  }

  /** {@code n} bytes of {@code blob} from {@code pos}, little-endian, unsigned. */
  private static long little(byte[] blob, int pos, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (blob[pos + i] & 0xFF);
    }
    return v;
  }

  /**
   * An integer's decimal text, as {@code Long.toString(v)} in ASCII, written straight into its array: the String
   * and the copy {@code getBytes} makes of it were 9% of a profile of {@code analyze --rdb} (the integer members of
   * hashtable sets, and integer string values, are stored as integers in the file).
   */
  static byte[] text(long v) {
    if (v == Long.MIN_VALUE) {
      return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
    byte[] out = new byte[digits(v)];
    long a = Math.abs(v);
    int i = out.length;
    do {
      out[--i] = (byte) ('0' + (int) (a % 10));
      a /= 10;
    } while (a != 0);
    if (v < 0) {
      out[0] = '-';
    }
    return out;
  }

  private static UncheckedIOException malformed(String what) {
    return new UncheckedIOException(new IOException("malformed " + what));
  }

  /** The length of an integer's decimal text. */
  static int digits(long v) {
    if (v == Long.MIN_VALUE) {
      return 20;
    }
    int n = v < 0 ? 2 : 1;
    for (long a = Math.abs(v); a >= 10; a /= 10) {
      n++;
    }
    return n;
  }

  /**
   * Walks a blob's entries up to its end byte (255). As an iterator it hands each entry over as a new array (text
   * copied, an integer as its decimal text); {@link #advance} decodes the next entry in place instead, for a reader
   * that needs only its {@link #length()}.
   */
  abstract static class Cursor implements Iterator<byte[]> {
    final byte[] blob;
    int pos;
    private boolean integer;
    private long value;
    private int start;
    private int length;

    Cursor(byte[] blob, int start) {
      this.blob = blob;
      this.pos = start;
    }

    /** Decodes the entry at {@link #pos} through {@link #textEntry} or {@link #integerEntry}, moving past it. */
    abstract void decode();

    @Override
    public boolean hasNext() {
      if (pos >= blob.length) {
        throw malformed("blob without its end byte");
      }
      return (blob[pos] & 0xFF) != 0xFF;
    }

    @Override
    public byte[] next() {
      advance();
      return integer ? CompactBlobs.text(value) : Arrays.copyOfRange(blob, start, start + length);
    }

    /** Decodes the next entry without copying it. */
    void advance() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        decode();
      } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
        throw malformed("blob: an entry beyond its end");
      }
    }

    /** The length of the entry last decoded as text: its bytes, or an integer's decimal digits. */
    int length() {
      return integer ? digits(value) : length;
    }

    void integerEntry(long v) {
      integer = true;
      value = v;
    }

    void textEntry(int n) {
      if (n < 0 || pos + n > blob.length) {
        throw malformed("blob: an entry beyond its end");
      }
      integer = false;
      start = pos;
      length = n;
      pos += n;
    }

    int u8() {
      return blob[pos++] & 0xFF;
    }

    long little(int n) {
      long v = CompactBlobs.little(blob, pos, n);
      pos += n;
      return v;
    }

    long big(int n) {
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (blob[pos + i] & 0xFF);
      }
      pos += n;
      return v;
    }
  }
}
