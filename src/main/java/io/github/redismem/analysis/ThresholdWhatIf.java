package io.github.redismem.analysis;

import java.util.List;

/**
 * What raising one encoding threshold would do, over all databases (the thresholds are the server's): for each candidate value, the keys now in the big encoding that
 * would fit the compact one and the bytes they would free once re-encoded ({@code DUMP}/{@code RESTORE} or a
 * restart from RDB: raising a threshold converts no existing key by itself). Estimated from each key's element
 * count and {@code MEMORY USAGE} with {@link SavingsModel}; scaled by 1 / sample ratio for a sampled pass.
 *
 * <p>The {@code *-value} limits get no candidates: the sampler does not read elements, so a key's longest one is
 * unknown. Their rows give the keys held back by the value limit (in the big encoding with few enough elements)
 * and what they would free at a value above their longest element.
 *
 * @param setting the CONFIG parameter, as the server version names it ({@code hash-max-ziplist-entries} on 6.2)
 * @param current its value in this pass
 * @param fromEncoding the big encoding the keys are in now
 * @param toEncoding the compact encoding they would get
 * @param keysOver keys in {@code fromEncoding} over {@code current} (for a {@code -value} limit: held back by it)
 * @param bytesOver their memory
 * @param keysBeyond of those, keys too big for any candidate (over 8 x {@code current}), or with elements longer
 *     than the {@code -value} limit on average, which no {@code -entries} value converts
 * @param candidates sorted by value; empty for a {@code -value} limit
 * @param reclaimableAboveLongest for a {@code -value} limit: what its held-back keys would free at a value above
 *     their longest element; 0 for an {@code -entries} limit
 */
public record ThresholdWhatIf(DataType dataType, String setting, long current, String fromEncoding,
    String toEncoding, double keysOver, double bytesOver, double keysBeyond, List<Candidate> candidates,
    double reclaimableAboveLongest) {
  public ThresholdWhatIf {
    candidates = List.copyOf(candidates);
  }

  /**
   * One value to try.
   *
   * @param basis why this value: {@code 2x}, {@code 4x}, {@code p90}, {@code p99} (of the keys over the current
   *     value; several joined by {@code ,} when they coincide)
   * @param keys keys that would convert
   * @param reclaimableBytes what they would free once re-encoded
   * @param maxCompactBytes about how big a compact key at this limit would be: every lookup or insert scans it
   *     (O(N)), every insert rewrites it
   */
  public record Candidate(long value, String basis, double keys, double reclaimableBytes, long maxCompactBytes) {}
}
