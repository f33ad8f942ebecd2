package io.github.redismem.analysis;

/**
 * The keys a database walk has already counted, so a key SCAN returns twice is counted once. A Bloom filter:
 * 16 bits per expected key, between 64 Kbit and 256 Mbit (32 MiB), so memory is bounded whatever the keyspace.
 */
final class SeenKeys {
  private static final int MIN_BITS_LOG2 = 16;
  private static final int MAX_BITS_LOG2 = 28;
  private static final int HASHES = 4;

  private final long[] words;
  private final long mask;

  SeenKeys(long expectedKeys) {
    int log2 = MIN_BITS_LOG2;
    while (log2 < MAX_BITS_LOG2 && (1L << log2) < expectedKeys * 16) {
      log2++;
    }
    this.words = new long[1 << (log2 - 6)];
    this.mask = (1L << log2) - 1;
  }

  /** Records the key; returns false if it was (probably) seen before. */
  boolean add(byte[] key) {
    long h = KeyHash.mix(KeyHash.fnv1a(key));
    long h2 = KeyHash.mix(h) | 1;
    boolean fresh = false;
    for (int i = 0; i < HASHES; i++) {
      long bit = (h + i * h2) & mask;
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
