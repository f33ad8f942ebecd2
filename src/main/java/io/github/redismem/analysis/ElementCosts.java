package io.github.redismem.analysis;

import io.github.redismem.redis.ElementSample;

/**
 * What one element of a container costs in each of its encodings, averaged over the few elements the sampler read
 * where MEMORY USAGE is not permitted (as MEMORY USAGE itself averages 5), or, without a sample (the sampling
 * command refused too), of an assumed {@link #ASSUMED_LENGTH}-byte text. {@code sds} is the allocation of the
 * element as a string of a hashtable or skiplist; {@code entry} its listpack (ziplist before 7.0) entry, where an
 * integer takes 2 to 10 bytes whatever its digits; {@code intsetWidth} the bytes per member of an intset holding
 * the widest sampled integer; {@code scoreEntry} a sorted set's score as a listpack entry. A hash's fields and
 * values are averaged together, a sorted set's members apart from its scores.
 *
 * <p>Integers are known by the bit length of their magnitude only (the sampler keeps lengths, never values), which
 * is all a listpack or intset needs but for ziplist's 0..12, taken as the largest of the bit length (13..15).
 */
record ElementCosts(double sds, double entry, int intsetWidth, double scoreEntry, int longest, boolean integers) {
  /** The text length assumed for every field, value and member where no sample was read: short ids and values. */
  static final int ASSUMED_LENGTH = 10;
  /** A score where no sample was read: an integer up to 32 bits (a timestamp in seconds) takes 6 bytes. */
  private static final int ASSUMED_SCORE_ENTRY = 6;

  /** The costs of {@code type}'s elements from {@code sample}, or of assumed ones where it is null or empty. */
  static ElementCosts of(String type, ElementSample sample, boolean listpack, int quantum) {
    if (sample == null || sample.size() == 0 || "zset".equals(type) && sample.size() < 2) {
      return new ElementCosts(SavingsModel.sdsAllocation(ASSUMED_LENGTH, quantum),
          entry(ASSUMED_LENGTH, (byte) 0, listpack), 4, ASSUMED_SCORE_ENTRY, ASSUMED_LENGTH, false);
    }
    boolean scores = "zset".equals(type);
    int step = scores ? 2 : 1;
    double sds = 0;
    double entry = 0;
    double score = 0;
    int width = 2;
    int longest = 0;
    boolean integers = true;
    int count = 0;
    for (int i = 0; i + step - 1 < sample.size(); i += step) {
      int length = sample.lengths()[i];
      byte integer = sample.integers()[i];
      sds += SavingsModel.sdsAllocation(length, quantum);
      entry += entry(length, integer, listpack);
      width = Math.max(width, integer != 0 ? intsetWidth(integer) : 8);
      longest = Math.max(longest, length);
      integers &= integer != 0;
      if (scores) {
        score += entry(sample.lengths()[i + 1], sample.integers()[i + 1], listpack);
      }
      count++;
    }
    return new ElementCosts(sds / count, entry / count, width, scores ? score / count : ASSUMED_SCORE_ENTRY, longest,
        integers);
  }

  /** Bytes an element takes as a listpack or (listpack false) ziplist entry; integer as in {@link ElementSample}. */
  static double entry(int length, byte integer, boolean listpack) {
    if (integer != 0) {
      return SavingsModel.intEntry(value(integer), listpack);
    }
    if (listpack) {
      return SavingsModel.stringEntry(length, true);
    }
    double entry = (length < 64 ? 1 : length < 16384 ? 2 : 5) + length; // encoding, text
    return entry + (entry < 254 ? 1 : 5); // the next entry's prevlen, taken as the same size as this one
  }

  private static int intsetWidth(byte integer) {
    long value = value(integer);
    return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? 2
        : value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 4 : 8;
  }

  /** The integer of largest magnitude of its bit length: every integer of that length is stored as this one. */
  private static long value(byte integer) {
    int bits = Math.abs(integer) - 1;
    long magnitude = bits >= 63 ? Long.MAX_VALUE : (1L << bits) - 1;
    return integer < 0 ? -magnitude : magnitude;
  }
}
