package io.github.redismem.analysis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Key bytes as text that any consumer can carry: valid UTF-8 stays as it is, every other byte and every control
 * character becomes {@code \xNN}, and a long key is cut with a marker saying how many bytes were left out.
 */
public final class KeyText {
  public static final int MAX_CHARS = 120;

  private KeyText() {}

  public static String of(byte[] key) {
    return of(key, MAX_CHARS);
  }

  public static String of(byte[] key, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(key.length, maxChars) + 16);
    int i = 0;
    while (i < key.length && out.length() < maxChars) {
      int b = key[i] & 0xff;
      if (b < 0x80) {
        append(out, (char) b);
        i++;
        continue;
      }
      int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      String decoded = len > 1 && i + len <= key.length ? decode(key, i, len) : null;
      if (decoded == null) {
        out.append(String.format("\\x%02x", b));
        i++;
      } else {
        out.append(decoded);
        i += len;
      }
    }
    if (i < key.length) {
      out.append("...(+").append(key.length - i).append(" bytes)");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, char c) {
    if (c < 0x20 || c == 0x7f) {
      out.append(String.format("\\x%02x", (int) c));
    } else if (c == '\\') {
      out.append("\\\\");
    } else {
      out.append(c);
    }
  }

  private static String decode(byte[] key, int at, int len) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(key, at, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
