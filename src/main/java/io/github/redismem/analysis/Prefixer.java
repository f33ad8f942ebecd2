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
  private final java.util.Map<PrefixBytes, String> cache = new java.util.HashMap<>();
  /** Reused for every lookup: a sampled pass asks for the prefix of every name SCAN returns. */
  private final PrefixBytes probe = new PrefixBytes();

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
    probe.set(key, end + 1);
    String text = cache.get(probe);
    if (text == null) {
      byte[] normalised = normalise(key, end + 1);
      text = KeyText.of(normalised);
      if (cache.size() < CACHE_CAP) {
        PrefixBytes stored = new PrefixBytes();
        stored.set(normalised, normalised.length);
        cache.put(stored, text);
      }
    }
    return text;
  }

  /** The prefix bytes with each run of ASCII digits as one '*'. */
  private static byte[] normalise(byte[] key, int length) {
    byte[] out = new byte[length];
    int n = 0;
    for (int i = 0; i < length; i = next(key, length, i)) {
      out[n++] = token(key, i);
    }
    return n == length ? out : java.util.Arrays.copyOf(out, n);
  }

  /** The normalised byte for the token starting at {@code i}: {@code *} for a run of digits, else the byte. */
  private static byte token(byte[] key, int i) {
    return isDigit(key[i]) ? (byte) '*' : key[i];
  }

  /** Where the token after the one at {@code i} starts: past the whole run of digits, or past one byte. */
  private static int next(byte[] key, int length, int i) {
    if (!isDigit(key[i])) {
      return i + 1;
    }
    while (i < length && isDigit(key[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * The first {@code length} bytes of a key, compared and hashed as their normalised form (digit runs as one
   * {@code *}) without building it, so that a prefix already cached costs no allocation. Normalising is idempotent,
   * so cached (normalised) bytes compare the same way.
   */
  private static final class PrefixBytes {
    private byte[] bytes;
    private int length;
    private int hash;

    void set(byte[] key, int prefixLength) {
      bytes = key;
      length = prefixLength;
      int h = 1;
      for (int i = 0; i < length; i = next(bytes, length, i)) {
        h = 31 * h + token(bytes, i);
      }
      hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof PrefixBytes other) || other.hash != hash) {
        return false;
      }
      int i = 0;
      int j = 0;
      while (i < length && j < other.length) {
        if (token(bytes, i) != token(other.bytes, j)) {
          return false;
        }
        i = next(bytes, length, i);
        j = next(other.bytes, other.length, j);
      }
      return i == length && j == other.length;
    }
  }
}
