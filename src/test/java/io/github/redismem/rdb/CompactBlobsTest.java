package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoders of compact blobs, on blobs built here byte by byte as {@code listpack.c}, {@code ziplist.c} and
 * {@code intset.c} lay them out: every entry encoding, the back-length and previous-length boundaries, and blobs
 * that end early. (RdbSnapshotIT reads the blobs real servers write.)
 */
class CompactBlobsTest {
  @Test
  void integersAreWrittenAsLongToStringWrites() {
    java.util.Random random = new java.util.Random(9);
    java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 1L, -1L, 9L, 10L, -10L, 99L, 100L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE));
    for (int i = 0; i < 10_000; i++) {
      values.add(random.nextLong() >> random.nextInt(64));
    }
    for (long v : values) {
      assertThat(new String(CompactBlobs.text(v), java.nio.charset.StandardCharsets.US_ASCII)).as("%d", v)
          .isEqualTo(Long.toString(v));
      assertThat(CompactBlobs.digits(v)).isEqualTo(Long.toString(v).length());
    }
  }

  @Test
  void listpackEveryEncoding() {
    ByteArrayOutputStream lp = new ByteArrayOutputStream();
    lp.writeBytes(new byte[6]); // total bytes and count: not read
    lpEntry(lp, new byte[] {5}); // 7-bit uint
    lpEntry(lp, new byte[] {127});
    lpEntry(lp, concat(new byte[] {(byte) (0x80 | 3)}, text("abc"))); // 6-bit string
    lpEntry(lp, new byte[] {(byte) (0xC0 | 0x1F), (byte) 0xFF}); // 13-bit int: -1
    lpEntry(lp, new byte[] {(byte) 0xC0 | 0x10, 0}); // 13-bit int: -4096
    lpEntry(lp, new byte[] {(byte) 0xC0 | 0x0F, (byte) 0xFF}); // 13-bit int: 4095
    byte[] s200 = text("x".repeat(200));
    lpEntry(lp, concat(new byte[] {(byte) (0xE0 | (200 >> 8)), (byte) 200}, s200)); // 12-bit string
    byte[] s16381 = text("y".repeat(16381)); // entry 16386 bytes: a 3-byte back length
    lpEntry(lp, concat(new byte[] {(byte) 0xF0, (byte) (16381 & 0xFF), (byte) (16381 >> 8), 0, 0}, s16381));
    lpEntry(lp, new byte[] {(byte) 0xF1, (byte) 0x00, (byte) 0x80}); // int16: -32768
    lpEntry(lp, new byte[] {(byte) 0xF2, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}); // int24: 8388607
    lpEntry(lp, new byte[] {(byte) 0xF2, 0, 0, (byte) 0x80}); // int24: -8388608
    lpEntry(lp, new byte[] {(byte) 0xF3, 0, 0, 0, (byte) 0x80}); // int32: min
    lpEntry(lp, new byte[] {(byte) 0xF4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0x7F}); // int64: max
    lp.write(0xFF);
    assertThat(strings(CompactBlobs.listpack(lp.toByteArray()))).containsExactly("5", "127", "abc", "-1", "-4096",
        "4095", "x".repeat(200), "y".repeat(16381), "-32768", "8388607", "-8388608", "-2147483648",
        "9223372036854775807");
    assertThat(lengths(CompactBlobs.listpack(lp.toByteArray()))).as("decoded in place")
        .isEqualTo(strings(CompactBlobs.listpack(lp.toByteArray())).stream().map(String::length).toList());
  }

  @Test
  void listpackBackLengthBoundaries() {
    // entries of 127 and 128 bytes (1- and 2-byte back lengths), 16382 and 16383 (2 and 3 bytes): each followed by a
    // marker, which is read right only if the back length was skipped right
    for (int entry : new int[] {127, 128, 16382, 16383}) {
      ByteArrayOutputStream lp = new ByteArrayOutputStream();
      lp.writeBytes(new byte[6]);
      int n = entry - 5; // a 32-bit string entry: 5 bytes of header
      lpEntry(lp, concat(new byte[] {(byte) 0xF0, (byte) (n & 0xFF), (byte) (n >> 8), 0, 0}, text("z".repeat(n))));
      lpEntry(lp, new byte[] {42});
      lp.write(0xFF);
      assertThat(strings(CompactBlobs.listpack(lp.toByteArray()))).as("entry of %d bytes", entry)
          .containsExactly("z".repeat(n), "42");
    }
  }

  @Test
  void ziplistEveryEncodingAndBothPreviousLengths() {
    ByteArrayOutputStream zl = new ByteArrayOutputStream();
    zl.writeBytes(new byte[10]);
    zl.write(0);
    zl.writeBytes(concat(new byte[] {3}, text("abc"))); // 6-bit string
    zl.write(4);
    byte[] s300 = text("w".repeat(300));
    zl.writeBytes(concat(new byte[] {(byte) (0x40 | (300 >> 8)), (byte) (300 & 0xFF)}, s300)); // 14-bit string
    zl.writeBytes(new byte[] {(byte) 254, 0x2E, 0x01, 0, 0}); // previous entry of 302 bytes: 5-byte prevlen
    zl.writeBytes(new byte[] {(byte) 0xC0, (byte) 0x18, (byte) 0xFC}); // int16: -1000
    zl.write(3);
    zl.writeBytes(new byte[] {(byte) 0xD0, 0, 0, 0, (byte) 0x80}); // int32: min
    zl.write(5);
    zl.writeBytes(new byte[] {(byte) 0xE0, 1, 0, 0, 0, 0, 0, 0, 0}); // int64: 1
    zl.write(9);
    zl.writeBytes(new byte[] {(byte) 0xF0, 0, 0, (byte) 0x80}); // int24: -8388608
    zl.write(4);
    zl.writeBytes(new byte[] {(byte) 0xFE, (byte) 0x85}); // int8: -123
    zl.write(2);
    zl.write(0xF1); // immediate 0
    zl.write(1);
    zl.write(0xFD); // immediate 12
    zl.write(1);
    byte[] big = text("v".repeat(70000));
    zl.writeBytes(concat(new byte[] {(byte) 0x80, 0, 1, 0x11, 0x70}, big)); // 32-bit string, big-endian length
    zl.write(0xFF);
    assertThat(strings(CompactBlobs.ziplist(zl.toByteArray()))).containsExactly("abc", "w".repeat(300), "-1000",
        "-2147483648", "1", "-8388608", "-123", "0", "12", "v".repeat(70000));
    assertThat(lengths(CompactBlobs.ziplist(zl.toByteArray()))).as("decoded in place")
        .isEqualTo(strings(CompactBlobs.ziplist(zl.toByteArray())).stream().map(String::length).toList());
  }

  @Test
  void intsetsOfEachWidth() {
    assertThat(strings(CompactBlobs.intset(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 7, 0})))
        .containsExactly("-1", "7");
    assertThat(strings(CompactBlobs.intset(new byte[] {4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0x80})))
        .containsExactly("-2147483648");
    assertThat(strings(CompactBlobs.intset(new byte[] {8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80})))
        .containsExactly("-9223372036854775808");
  }

  @Test
  void blobsCutShortOrMalformedAreErrors() {
    assertThatThrownBy(() -> strings(CompactBlobs.listpack(new byte[] {0, 0, 0, 0, 0, 0, 5})))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("end byte");
    byte[] shortString = {0, 0, 0, 0, 0, 0, (byte) 0x85, 'a', (byte) 0xFF};
    assertThatThrownBy(() -> strings(CompactBlobs.listpack(shortString)))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("beyond its end");
    byte[] unknown = {0, 0, 0, 0, 0, 0, (byte) 0xF5, (byte) 0xFF};
    assertThatThrownBy(() -> strings(CompactBlobs.listpack(unknown)))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("encoding 245");
    assertThatThrownBy(() -> CompactBlobs.intset(new byte[] {3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("width 3");
    assertThatThrownBy(() -> CompactBlobs.intset(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1, 0}))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("2 integers in 10 bytes");
  }

  /** An entry and its back length, as lpEncodeBacklen writes it (only its size matters to a forward reader). */
  private static void lpEntry(ByteArrayOutputStream lp, byte[] entry) {
    lp.writeBytes(entry);
    int l = entry.length;
    int backlen = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    lp.writeBytes(new byte[backlen]);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Each entry's text length as the cursor gives it without copying the entry. */
  private static List<Integer> lengths(CompactBlobs.Cursor cursor) {
    List<Integer> out = new ArrayList<>();
    while (cursor.hasNext()) {
      cursor.advance();
      out.add(cursor.length());
    }
    return out;
  }

  private static List<String> strings(Iterator<byte[]> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(b -> out.add(new String(b, StandardCharsets.US_ASCII)));
    return out;
  }
}
