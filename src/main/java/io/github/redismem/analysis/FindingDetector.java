package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;

/**
 * Decides which findings a key belongs to and what fixing it would free, per docs/sampling.md. Small strings are
 * judged per prefix at the end of the pass ({@link PrefixTable}); everything else key by key.
 */
final class FindingDetector {
  private static final int JSON_HEAD_BYTES = 64;
  private final Thresholds thresholds;
  private final SavingsModel savings;
  private final long bigKeyBytes;
  private final Compressibility compressibility = new Compressibility();

  FindingDetector(Thresholds thresholds, SavingsModel savings, long bigKeyBytes) {
    this.thresholds = thresholds;
    this.savings = savings;
    this.bigKeyBytes = bigKeyBytes;
  }

  /** Receives each finding of a key with its estimated saving (0 for no_ttl and big_key: see docs/sampling.md). */
  interface Sink {
    void add(Finding finding, long saving);
  }

  void detect(KeyFacts k, DataType type, Sink sink) {
    long mem = k.memoryBytes();
    int keyLength = k.key().length;
    if (k.ttlMillis() == -1) {
      // a TTL frees nothing on a key meant to live forever: its memory is reported, not a saving
      sink.add(Finding.NO_TTL, 0);
    }
    if (mem > bigKeyBytes) {
      sink.add(Finding.BIG_KEY, 0);
    }
    String enc = k.encoding();
    switch (type) {
      case HASH -> {
        if ("hashtable".equals(enc) && k.length() <= thresholds.hashMaxEntries()) {
          sink.add(Finding.HASH_HASHTABLE_UNDER_LIMIT, savings.hashToListpack(mem, k.length(), keyLength));
        }
      }
      case ZSET -> {
        if ("skiplist".equals(enc) && k.length() <= 2 * thresholds.zsetMaxEntries()) {
          sink.add(Finding.ZSET_SKIPLIST_NEAR_LIMIT, savings.zsetToListpack(mem, k.length(), keyLength));
        }
      }
      case SET -> {
        if ("hashtable".equals(enc)) {
          boolean intset = Boolean.TRUE.equals(k.integerMembers()) && k.length() <= thresholds.setMaxIntsetEntries();
          boolean listpack = k.length() <= thresholds.setMaxListpackEntries();
          if (intset || listpack) {
            sink.add(Finding.SET_HASHTABLE_UNDER_LIMIT, savings.setToCompact(mem, k.length(), intset, keyLength));
          }
        }
      }
      case STRING -> {
        if ("raw".equals(enc) && looksLikeJson(k.head())) {
          // the JSON estimate was calibrated on the first 64 bytes: a longer compressibility sample is cut back
          sink.add(Finding.STRING_JSON_BLOB, savings.jsonToHash(mem, k.length(), jsonHead(k.head()), keyLength));
        }
        if ("raw".equals(enc)) {
          long compressed = compressibility.saving(k.length(), k.head());
          if (compressed > 0) {
            sink.add(Finding.COMPRESSIBLE_STRINGS, Math.min(compressed, mem));
          }
        }
      }
      default -> { }
    }
  }

  /** A small string: would fit a listpack hash as one field's value. */
  boolean smallString(KeyFacts k, DataType type) {
    return type == DataType.STRING && k.length() >= 0 && k.length() <= thresholds.hashMaxValue();
  }

  long smallStringSaving(KeyFacts k) {
    return savings.stringToHashField(k.memoryBytes(), k.key().length, k.length());
  }

  private static byte[] jsonHead(byte[] head) {
    return head.length > JSON_HEAD_BYTES ? java.util.Arrays.copyOf(head, JSON_HEAD_BYTES) : head;
  }

  static boolean looksLikeJson(byte[] head) {
    if (head == null) {
      return false;
    }
    for (byte b : head) {
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }
}
