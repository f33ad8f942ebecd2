package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.io.RedisInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the RDB format's lengths, strings and scores from the parser's stream straight into plain byte arrays
 * ({@code rdb.c}'s {@code rdbLoadLen}, {@code rdbGenericLoadStringObject}, {@code lzf_d.c}). The library's own
 * readers wrap every value in a growable array and every compact blob in a new buffered stream of 8 KiB, and decode
 * LZF through a bounds-checked accessor per byte: a profile of {@code analyze --rdb} on bench/run.sh's 1M keys put
 * about a third of the read there. A string's head can be read without the rest: the bytes after it are skipped,
 * and a compressed string is decompressed only as far as the head reaches.
 */
final class RdbStrings {
  private static final int ENC_INT8 = 0;
  private static final int ENC_INT16 = 1;
  private static final int ENC_INT32 = 2;
  private static final int ENC_LZF = 3;

  private final RedisInputStream in;
  /** Whether the last {@link #length} was a special encoding (an integer or LZF) rather than a length. */
  private boolean encoded;

  RdbStrings(RedisInputStream in) {
    this.in = in;
  }

  /** A length ({@code rdbLoadLen}); for a string's special encodings, its code with {@link #encoded} set. */
  long length() throws IOException {
    int b = in.read();
    encoded = false;
    switch (b >> 6) {
      case 0:
        return b & 0x3F;
      case 1:
        return ((b & 0x3F) << 8) | in.read();
      case 2:
        if (b == 0x80) {
          return in.readUInt(4, false);
        }
        if (b == 0x81) {
          return in.readLong(8, false);
        }
        throw new IOException("unknown length encoding " + b);
      default:
        encoded = true;
        return b & 0x3F;
    }
  }

  /** A whole string: an element, a compact blob. */
  byte[] string() throws IOException {
    return head(Integer.MAX_VALUE).bytes();
  }

  /** A string whose first {@code limit} bytes are read and the rest skipped, with its whole length. */
  Head head(int limit) throws IOException {
    long n = length();
    if (encoded) {
      switch ((int) n) {
        case ENC_INT8:
          return Head.whole(CompactBlobs.text((byte) in.read()));
        case ENC_INT16:
          return Head.whole(CompactBlobs.text((short) in.readInt(2)));
        case ENC_INT32:
          return Head.whole(CompactBlobs.text(in.readInt(4)));
        case ENC_LZF:
          return lzf(limit);
        default:
          throw new IOException("unknown string encoding " + n);
      }
    }
    byte[] bytes = bytes((int) Math.min(n, limit));
    skip(n - bytes.length);
    return new Head(bytes, n);
  }

  /** A sorted set's score in the old text form ({@code rdbLoadDoubleValue}). */
  double textScore() throws IOException {
    int n = in.read();
    return switch (n) {
      case 253 -> Double.NaN;
      case 254 -> Double.POSITIVE_INFINITY;
      case 255 -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(new String(bytes(n), StandardCharsets.US_ASCII));
    };
  }

  /** A sorted set's score as 8 little-endian bytes ({@code rdbLoadBinaryDoubleValue}). */
  double binaryScore() throws IOException {
    return Double.longBitsToDouble(in.readLong(8, true));
  }

  private byte[] bytes(int n) throws IOException {
    byte[] b = new byte[n];
    int done = 0;
    while (done < n) {
      int r = in.read(b, done, n - done);
      if (r <= 0) {
        throw new EOFException("end of file within a value");
      }
      done += r;
    }
    return b;
  }

  private void skip(long n) throws IOException {
    if (n > 0) {
      in.skip(n, false);
    }
  }

  /**
   * An LZF string: its compressed bytes are read only as far as the first {@code limit} decompressed bytes need
   * (a literal run or a back reference produces at least one byte per 1.03 bytes read), the rest skipped.
   */
  private Head lzf(int limit) throws IOException {
    long compressed = length();
    long length = length();
    if (length <= limit) {
      byte[] out = new byte[(int) length];
      decode(bytes((int) compressed), out);
      return new Head(out, length);
    }
    long need = Math.min(compressed, limit + limit / 32 + 3);
    byte[] out = new byte[limit];
    decode(bytes((int) need), out);
    skip(compressed - need);
    return new Head(out, length);
  }

  /** LZF's decompression ({@code lzf_decompress}) into {@code out}, stopping when it is full. */
  static void decode(byte[] in, byte[] out) throws IOException {
    int ip = 0;
    int op = 0;
    while (ip < in.length && op < out.length) {
      int ctrl = in[ip++] & 0xFF;
      if (ctrl < 32) {
        int run = Math.min(ctrl + 1, out.length - op);
        if (ip + run > in.length) {
          throw new IOException("LZF literal run beyond the input");
        }
        System.arraycopy(in, ip, out, op, run);
        ip += ctrl + 1;
        op += run;
      } else {
        int len = ctrl >> 5;
        if (len == 7) {
          len += in[ip++] & 0xFF;
        }
        int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
        if (ref < 0) {
          throw new IOException("LZF back reference before the start");
        }
        int end = Math.min(op + len + 2, out.length);
        while (op < end) {
          out[op++] = out[ref++];
        }
      }
    }
    if (op < out.length) {
      throw new IOException("LZF string shorter than its length");
    }
  }

  /**
   * The first bytes of a string and its whole length.
   *
   * @param bytes the string, or its first bytes when {@code length} is greater
   */
  record Head(byte[] bytes, long length) {
    static Head whole(byte[] bytes) {
      return new Head(bytes, bytes.length);
    }
  }
}
