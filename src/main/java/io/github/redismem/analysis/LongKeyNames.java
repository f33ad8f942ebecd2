package io.github.redismem.analysis;

/**
 * The {@code long_key_names} finding: under one prefix, the keys' names take a large share of their memory, and
 * the prefix they share is long enough that shortening it frees bytes in every key. Redis stores each key's name
 * once, as an sds string (header, text, terminating zero) rounded up by the allocator, so a name shortened by n bytes
 * frees n bytes only where it crosses an allocation size class or an sds header size: the saving is worked out
 * with those effects, key by key.
 */
final class LongKeyNames {
  /** Names must take at least this share of the prefix's memory. */
  static final double MIN_SHARE = 0.20;
  /** The shortened prefix, e.g. {@code sup:} for {@code session:user:profile:}. */
  static final int SHORT_PREFIX = 4;
  /** The prefix's literal bytes (without its digit runs) must be at least this long to be worth shortening. */
  static final int MIN_PREFIX = 10;
  /** Keys (estimated, for a sampled pass) a prefix needs before it is judged. */
  static final double MIN_KEYS = 100;

  private LongKeyNames() {}

  /**
   * The bytes of the key's shared prefix: up to and including the last delimiter before its first digit (where ids
   * usually start), or its last delimiter if it has no digit; 0 without a delimiter there. It is judged per key,
   * whatever {@code sampling.prefixDepth} groups by: {@code session:user:profile:42} shares
   * {@code session:user:profile:} even where the report groups it under {@code session:}.
   */
  static int sharedPrefixBytes(byte[] key, String delimiters) {
    int end = 0;
    for (int i = 0; i < key.length; i++) {
      byte b = key[i];
      if (b >= '0' && b <= '9') {
        break;
      }
      if (b >= 0 && delimiters.indexOf(b) >= 0) {
        end = i + 1;
      }
    }
    return end;
  }

  /** The name's allocation, which {@code MEMORY USAGE} counts in the key's memory. */
  static long nameBytes(int keyLength) {
    return SavingsModel.sdsAllocation(keyLength);
  }

  /** Bytes freed in one key whose name starts with a prefix of {@code prefixBytes}, shortened to {@link #SHORT_PREFIX}. */
  static long saving(int keyLength, int prefixBytes) {
    if (prefixBytes < MIN_PREFIX || prefixBytes > keyLength) {
      return 0;
    }
    return SavingsModel.sdsAllocation(keyLength) - SavingsModel.sdsAllocation(keyLength - prefixBytes + SHORT_PREFIX);
  }

  /**
   * Whether a prefix shows the finding.
   *
   * @param keys its keys (estimated)
   * @param nameBytes the summed name allocations of its inspected keys
   * @param memory the summed memory of the same keys
   * @param saving the summed savings of the same keys
   */
  static boolean fires(double keys, double nameBytes, double memory, double saving) {
    return keys >= MIN_KEYS && memory > 0 && nameBytes / memory >= MIN_SHARE && saving > 0;
  }
}
