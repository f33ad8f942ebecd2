package io.github.redismem.rdb;

import io.github.redismem.config.ThresholdSettings;

/**
 * How the Redis that loads a snapshot encodes what it reads: its version and its encoding thresholds, each from the
 * settings ({@code thresholds.*}) where given, else the version's default. A snapshot keeps the encoding a value had
 * when it was written, but loading re-encodes: a hashtable that fits the thresholds becomes a listpack (ziplist
 * before 7.0), a compact value over them a hashtable or skiplist, 6.2's ziplists become 7.0's listpacks, and from 7.2
 * on a small list is a listpack and a small set of strings a listpack too.
 *
 * @param listMaxBytes {@code list-max-listpack-size -2}: a quicklist node (from 7.2: a listpack list) of up to 8 KiB
 */
record LoadRules(int major, int minor, long hashMaxEntries, long hashMaxValue, long zsetMaxEntries,
    long zsetMaxValue, long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue,
    long listMaxBytes) {
  static final long LIST_MAX_BYTES = 8192;
  /** stream-node-max-bytes and stream-node-max-entries, the defaults of every version. */
  static final long STREAM_NODE_BYTES = 4096;
  static final long STREAM_NODE_ENTRIES = 100;

  static LoadRules of(int major, int minor, ThresholdSettings settings) {
    boolean listpackSets = major > 7 || major == 7 && minor >= 2;
    return new LoadRules(major, minor, pick(settings.hashMaxListpackEntries(), 512),
        pick(settings.hashMaxListpackValue(), 64), pick(settings.zsetMaxListpackEntries(), 128),
        pick(settings.zsetMaxListpackValue(), 64), pick(settings.setMaxIntsetEntries(), 512),
        listpackSets ? pick(settings.setMaxListpackEntries(), 128) : 0,
        listpackSets ? pick(settings.setMaxListpackValue(), 64) : 0, LIST_MAX_BYTES);
  }

  private static long pick(long configured, long versionDefault) {
    return configured >= 0 ? configured : versionDefault;
  }

  /** Whether hashes, sorted sets and quicklist nodes are listpacks (7.0 on) rather than ziplists. */
  boolean listpack() {
    return major >= 7;
  }

  /** The name of the compact encoding of hashes and sorted sets. */
  String compact() {
    return listpack() ? "listpack" : "ziplist";
  }

  /** Whether a small list is one listpack rather than a quicklist (7.2 on). */
  boolean listpackLists() {
    return major > 7 || major == 7 && minor >= 2;
  }

  /** Whether small sets of strings are listpacks (7.2 on). */
  boolean listpackSets() {
    return setMaxListpackEntries > 0;
  }
}
