package io.github.redismem.analysis;

/** 64-bit hashes of key bytes: FNV-1a for the sample selection, and a mixed variant for the duplicate filter. */
final class KeyHash {
  private KeyHash() {}

  static long fnv1a(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** splitmix64's finaliser: decorrelates the filter's bits from the selection, which keeps low hashes only. */
  static long mix(long h) {
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /** True for the keys a sample ratio selects: the same keys every pass. */
  static boolean selected(byte[] key, double ratio) {
    if (ratio >= 1.0) {
      return true;
    }
    double unit = (fnv1a(key) >>> 11) * 0x1.0p-53;
    return unit < ratio;
  }
}
