package io.github.redismem.analysis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups a key under a prefix: the first user regex's {@code prefix} group that matches, else the key up to and
 * including its {@code depth}-th delimiter (or its last one), with digit runs turned into {@code *} so ids fall
 * together. A key without any delimiter belongs to {@value #NONE}. Not thread-safe: one per pass.
 */
public final class Prefixer {
  public static final String NONE = "(none)";
  private static final int CACHE_CAP = 10_000;
  private final java.util.Map<java.nio.ByteBuffer, String> cache = new java.util.HashMap<>();

  private final boolean[] delimiter = new boolean[256];
  private final int depth;
  private final List<Pattern> patterns;

  public Prefixer(String delimiters, int depth, List<Pattern> patterns) {
    for (byte b : delimiters.getBytes(StandardCharsets.UTF_8)) {
      delimiter[b & 0xff] = true;
    }
    this.depth = depth;
    this.patterns = List.copyOf(patterns);
  }

  public String prefixOf(byte[] key) {
    if (!patterns.isEmpty()) {
      String text = KeyText.of(key, Integer.MAX_VALUE);
      for (Pattern p : patterns) {
        Matcher m = p.matcher(text);
        if (m.find() && m.group("prefix") != null) {
          return m.group("prefix");
        }
      }
    }
    int end = -1;
    int seen = 0;
    for (int i = 0; i < key.length && seen < depth; i++) {
      if (delimiter[key[i] & 0xff]) {
        end = i;
        seen++;
      }
    }
    if (end < 0) {
      return NONE;
    }
    return display(normalise(key, end + 1));
  }

  /** The prefix bytes with each run of ASCII digits as one '*'. */
  private static byte[] normalise(byte[] key, int length) {
    byte[] out = new byte[length];
    int n = 0;
    boolean inDigits = false;
    for (int i = 0; i < length; i++) {
      byte b = key[i];
      boolean digit = b >= '0' && b <= '9';
      if (!digit) {
        out[n++] = b;
      } else if (!inDigits) {
        out[n++] = '*';
      }
      inDigits = digit;
    }
    return n == length ? out : java.util.Arrays.copyOf(out, n);
  }

  /**
   * The text of a normalised prefix. A pass meets few distinct prefixes many times, so their text is cached
   * (bounded: past the cap, text is built each time).
   */
  private String display(byte[] prefix) {
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(prefix);
    String text = cache.get(key);
    if (text == null) {
      text = KeyText.of(prefix);
      if (cache.size() < CACHE_CAP) {
        cache.put(key, text);
      }
    }
    return text;
  }
}
