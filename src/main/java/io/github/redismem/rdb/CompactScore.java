package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;

/**
 * A member of a sorted set read from a compact blob (listpack or ziplist), which holds its score as the entry Redis
 * wrote: an integer, or the text of {@code d2string}. Loading keeps the entry as it is, so the blob's size is that of
 * the entry itself, not of the text a double would be formatted to again.
 */
final class CompactScore extends ZSetEntry {
  private static final long serialVersionUID = 1L;
  private final transient byte[] text;

  CompactScore(byte[] element, double score, byte[] text) {
    super(element, score);
    this.text = text;
  }

  /** The score's entry: an integer's decimal text, or the text Redis wrote. */
  byte[] text() {
    return text;
  }
}
