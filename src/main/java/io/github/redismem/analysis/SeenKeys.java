package io.github.redismem.analysis;

/**
 * The keys a database walk has already counted, so that a key SCAN returns twice (it does when the table shrinks
 * mid-walk) is counted once. A Bloom filter of 64 bits per expected key with 8 hashes: at that size a wrongly
 * "seen" key is about one in ten million. It is capped at 64 Mbit (8 MiB), so it fits the small heap the
 * exporter is meant to run in; past about a million sampled keys per database the error rate rises (a few keys
 * per thousand at 5 million, where a lower sample ratio is the better choice).
 */
final class SeenKeys {
  private static final long MIN_BITS = 1L << 16;
  private static final long MAX_BITS = 1L << 26;
  private static final int BITS_PER_KEY = 64;
  private static final int HASHES = 8;

  private final long[] words;
  private final long bits;

  SeenKeys(long expectedKeys) {
    long wanted = Math.max(MIN_BITS, Math.min(MAX_BITS, expectedKeys * BITS_PER_KEY));
    this.words = new long[(int) ((wanted + 63) / 64)];
    this.bits = words.length * 64L;
  }

  /** Records the key; returns false if it was (probably) seen before. */
  boolean add(byte[] key) {
    long h1 = KeyHash.filter(key);
    long h2 = KeyHash.mix(h1) | 1;
    boolean fresh = false;
    for (int i = 0; i < HASHES; i++) {
      long bit = Math.floorMod(h1 + i * h2, bits);
      int word = (int) (bit >>> 6);
      long m = 1L << (bit & 63);
      if ((words[word] & m) == 0) {
        fresh = true;
        words[word] |= m;
      }
    }
    return fresh;
  }

  long bytes() {
    return words.length * 8L;
  }
}
