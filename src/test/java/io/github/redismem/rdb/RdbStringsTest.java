package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.moilioncircle.redis.replicator.io.RedisInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The RDB string reader on values laid out as {@code rdb.c} writes them: each length encoding, the integer
 * encodings, LZF, and heads read without the rest of the value, the next value then read from the right place.
 */
class RdbStringsTest {
  /** An LZF stream of "abcd" then a back reference copying it nine times more: "abcd" x 10. */
  private static final byte[] LZF = {3, 'a', 'b', 'c', 'd', (byte) (7 << 5), 27, 3};

  @Test
  void lengthsInEachEncoding() throws IOException {
    RdbStrings s = reader(new byte[] {5, 0x41, 0x2C, (byte) 0x80, 0, 1, 0x11, 0x70,
        (byte) 0x81, 0, 0, 0, 1, 0, 0, 0, 0});
    assertThat(s.length()).isEqualTo(5);
    assertThat(s.length()).isEqualTo(300);
    assertThat(s.length()).isEqualTo(70000);
    assertThat(s.length()).isEqualTo(1L << 32);
  }

  @Test
  void integerEncodedStringsAreTheirDecimalText() throws IOException {
    RdbStrings s = reader(new byte[] {(byte) 0xC0, (byte) 0x85, (byte) 0xC1, 0x18, (byte) 0xFC,
        (byte) 0xC2, 0, 0, 0, (byte) 0x80});
    assertThat(text(s.string())).isEqualTo("-123");
    assertThat(text(s.string())).isEqualTo("-1000");
    assertThat(text(s.string())).isEqualTo("-2147483648");
  }

  @Test
  void headsSkipTheRestOfAPlainString() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x40 | 1); // 14-bit length: 300
    out.write(44);
    out.writeBytes("h".repeat(300).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {2, 'o', 'k'});
    RdbStrings s = reader(out.toByteArray());
    RdbStrings.Head head = s.head(64);
    assertThat(text(head.bytes())).isEqualTo("h".repeat(64));
    assertThat(head.length()).isEqualTo(300);
    assertThat(text(s.string())).isEqualTo("ok");
  }

  @Test
  void lzfStringsWholeOrOnlyAsFarAsTheirHead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 2; i++) {
      out.write(0xC3);
      out.write(LZF.length);
      out.write(40);
      out.writeBytes(LZF);
    }
    out.writeBytes(new byte[] {2, 'o', 'k'});
    RdbStrings s = reader(out.toByteArray());
    assertThat(text(s.string())).isEqualTo("abcd".repeat(10));
    RdbStrings.Head head = s.head(6);
    assertThat(text(head.bytes())).isEqualTo("abcdab");
    assertThat(head.length()).isEqualTo(40);
    assertThat(text(s.string())).isEqualTo("ok");
  }

  @Test
  void malformedLzfIsAnError() {
    byte[] backBeforeStart = {(byte) (1 << 5), 9};
    assertThatThrownBy(() -> RdbStrings.decode(backBeforeStart, new byte[3]))
        .isInstanceOf(IOException.class).hasMessageContaining("before the start");
    assertThatThrownBy(() -> RdbStrings.decode(new byte[] {3, 'a'}, new byte[4]))
        .isInstanceOf(IOException.class).hasMessageContaining("beyond the input");
    assertThatThrownBy(() -> RdbStrings.decode(new byte[] {0, 'a'}, new byte[4]))
        .isInstanceOf(IOException.class).hasMessageContaining("shorter than its length");
  }

  @Test
  void scoresInBothForms() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {3, '1', '.', '5', (byte) 253, (byte) 254, (byte) 255});
    long bits = Double.doubleToLongBits(-2.25);
    for (int i = 0; i < 8; i++) {
      out.write((int) (bits >>> (8 * i)) & 0xFF);
    }
    RdbStrings s = reader(out.toByteArray());
    assertThat(s.textScore()).isEqualTo(1.5);
    assertThat(s.textScore()).isNaN();
    assertThat(s.textScore()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.textScore()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.binaryScore()).isEqualTo(-2.25);
  }

  @Test
  void compactScoresAreIntegersOrTheTextRedisWrote() {
    assertThat(CompactValue.score("12".getBytes(StandardCharsets.US_ASCII))).isEqualTo(12.0);
    assertThat(CompactValue.score("0.1".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0.1);
    assertThat(CompactValue.score("inf".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(CompactValue.score("-inf".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  private static RdbStrings reader(byte[] bytes) {
    return new RdbStrings(new RedisInputStream(new ByteArrayInputStream(bytes)));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
