package io.github.redismem.analysis;

/**
 * The keys a database walk has already counted, so that a key SCAN returns twice (it does when the table shrinks
 * mid-walk) is counted once. A blocked Bloom filter of 64 bits per expected key: a key's 12 bits all fall in one
 * block of 512 bits (one or two cache lines, where a plain Bloom filter's 8 bits touched 8 lines of a filter
 * far larger than the caches: a sixth to a third of the sampler thread's time at full speed), and at that size a
 * wrongly "seen" key is about one in thirty million (3.1e-8, as the plain filter's 8 hashes had it). It is capped
 * at 64 Mbit (8 MiB), so it fits the small heap the exporter is meant to run in; past about a million sampled
 * keys per database the error rate rises (a few keys per thousand at 5 million, where a lower sample ratio is the
 * better choice).
 */
final class SeenKeys {
  private static final long MIN_BITS = 1L << 16;
  private static final long MAX_BITS = 1L << 26;
  private static final int BITS_PER_KEY = 64;
  /** Bits per key, in its block: 12 positions of 9 bits each, 7 from one hash and 5 from the next. */
  private static final int HASHES = 12;
  private static final int WORDS_PER_BLOCK = 8;

  private final long[] words;
  private final int blocks;

  SeenKeys(long expectedKeys) {
    long wanted = Math.max(MIN_BITS, Math.min(MAX_BITS, expectedKeys * BITS_PER_KEY));
    this.blocks = (int) ((wanted + 511) / 512);
    this.words = new long[blocks * WORDS_PER_BLOCK];
  }

  /** Records the key; returns false if it was (probably) seen before. */
  boolean add(byte[] key) {
    return look(key, true);
  }

  /** Whether the key was (probably) recorded, recording nothing. */
  boolean seen(byte[] key) {
    return !look(key, false);
  }

  /** True for a key not recorded before; records it where asked. */
  private boolean look(byte[] key, boolean record) {
    long h1 = KeyHash.filter(key);
    int base = (int) Math.floorMod(h1, (long) blocks) * WORDS_PER_BLOCK;
    long h2 = KeyHash.mix(h1);
    long h = h2;
    boolean fresh = false;
    for (int i = 0; i < HASHES; i++) {
      if (i == 7) {
        h = KeyHash.mix(h2 + 1);
      }
      int bit = (int) (h & 511);
      h >>>= 9;
      int word = base + (bit >>> 6);
      long m = 1L << bit; // the shift takes the low 6 bits: the bit within its word
      if ((words[word] & m) == 0) {
        fresh = true;
        if (!record) {
          return true;
        }
        words[word] |= m;
      }
    }
    return fresh;
  }

  long bytes() {
    return words.length * 8L;
  }
}
