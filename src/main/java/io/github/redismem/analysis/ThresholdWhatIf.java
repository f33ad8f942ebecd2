package io.github.redismem.analysis;

import java.util.ArrayList;
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
   * The what-if over both parts' keys (two nodes of a cluster, {@link PassMerge}), which must be of the same
   * setting at the same current value. Keys and bytes are added. A candidate is kept where both parts have its
   * value, with keys and bytes added: the {@code 2x} and {@code 4x} values are always common, while a percentile
   * is a node's own. A basis is kept where both parts give it: if every node's p90 is the same value, so is the
   * cluster's; the basis of a value that is one node's percentile only would be untrue of the sum, and a value
   * that keeps no basis is left out. {@code maxCompactBytes} is the bigger of the two (its nodes' elements differ
   * in length; the longer ones make the bigger compact key).
   *
   * @throws IllegalArgumentException if the settings or current values differ
   */
  public ThresholdWhatIf plus(ThresholdWhatIf other) {
    if (!setting.equals(other.setting) || current != other.current) {
      throw new IllegalArgumentException("cannot add " + other.setting + " " + other.current + " to " + setting
          + " " + current);
    }
    List<Candidate> both = new ArrayList<>();
    for (Candidate c : candidates) {
      other.candidates.stream().filter(o -> o.value == c.value).findFirst().ifPresent(o -> {
        List<String> bases = new ArrayList<>(List.of(c.basis.split(",")));
        bases.retainAll(List.of(o.basis.split(",")));
        if (!bases.isEmpty()) {
          both.add(new Candidate(c.value, String.join(",", bases), c.keys + o.keys,
              c.reclaimableBytes + o.reclaimableBytes, Math.max(c.maxCompactBytes, o.maxCompactBytes)));
        }
      });
    }
    return new ThresholdWhatIf(dataType, setting, current, fromEncoding, toEncoding, keysOver + other.keysOver,
        bytesOver + other.bytesOver, keysBeyond + other.keysBeyond, both,
        reclaimableAboveLongest + other.reclaimableAboveLongest);
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
