package io.github.redismem.analysis;

/**
 * Sums over the inspected keys of one cell (a category within one stratum), from which {@link Estimator} makes
 * the cell's estimate and its variance. Keys at or over the big-key threshold are kept apart: they count once,
 * at their exact size, instead of being multiplied by the stratum's weight.
 */
final class SampleSums {
  long keys;
  /** Bytes of the keys under the threshold, and their squares for the variance. */
  double small;
  double smallSq;
  /** Bytes of the keys at or over the threshold, each counted once. */
  long big;
  long bigKeys;
  /** Bytes of the small keys whose encoding has no size limit: where an unseen big key could be. */
  double open;
  /** What fixing the keys would free, small keys and big keys apart (for findings). */
  double reclaimSmall;
  long reclaimBig;

  void add(long bytes, boolean isBig, boolean openEncoding, long reclaim) {
    keys++;
    if (isBig) {
      big += bytes;
      bigKeys++;
      reclaimBig += reclaim;
    } else {
      small += bytes;
      smallSq += (double) bytes * bytes;
      reclaimSmall += reclaim;
      if (openEncoding) {
        open += bytes;
      }
    }
  }

  void addAll(SampleSums o) {
    keys += o.keys;
    small += o.small;
    smallSq += o.smallSq;
    big += o.big;
    bigKeys += o.bigKeys;
    open += o.open;
    reclaimSmall += o.reclaimSmall;
    reclaimBig += o.reclaimBig;
  }
}
