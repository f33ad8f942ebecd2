package io.github.redismem.analysis;

import java.util.Set;

/**
 * Turns the sums of a sampled pass into estimates with 99% bounds (docs/sampling.md, "Estimates and their error").
 *
 * <ul>
 *   <li>Post-stratified by prefix: within a stratum of N names of which n were inspected, a key counts N / n
 *       (the Hajek weight). The variance of a cell's total is N^2 (1 - n/N) s^2 / n, with s^2 the sample variance
 *       of the cell's value over the stratum's n keys (0 for keys outside the cell), summed over strata.
 *   <li>Keys of at least {@link #bigKeyBytes()} count once at their exact size: multiplied by N / n, one such key
 *       would swing its category by several times its size. Their unseen siblings, which every seen one stands for
 *       (1/ratio - 1 of them on average), are brought back by calibration: Redis says how many bytes the dataset
 *       holds ({@code used_memory_dataset}); what the sample does not explain, up to what the seen big keys stand
 *       for, is shared among the categories of the seen big keys; the rest is reported as unattributed.
 *   <li>Every category that could hold a key the sample did not see (an encoding without a size limit, and every
 *       prefix, TTL bucket and finding) has an upper bound raised by that unexplained remainder.
 * </ul>
 * An exact pass (ratio 1) has weight 1 and variance 0 everywhere: its figures are sums.
 */
final class Estimator {
  /**
   * Two-sided 99% normal quantile. The bounds are published as 99% intervals: the normal approximation is
   * optimistic for heavy-tailed sizes and small strata, and users need bounds that hold, so at least 95% of
   * categories are inside theirs in practice (docs/sampling.md has the measured share).
   */
  static final double Z = 2.576;
  /**
   * How far {@code used_memory_dataset} plus 24 bytes a key ({@link DatasetSize#asMemoryUsage()}) and the sum of
   * {@code MEMORY USAGE} may disagree on the same data, as a share of the dataset: allocator size classes, listpacks
   * that MEMORY USAGE counts by their length, what it extrapolates from 5 elements. Measured from -5.6% to +5.1% on
   * the accuracy datasets and a mixed one (docs/sampling.md); the upper bounds allow 8%.
   */
  static final double DATASET_MISMATCH = 0.08;
  /** Strata with fewer inspected keys are pooled per database for the categories: too few to trust a weight. */
  static final int MIN_STRATUM_KEYS = 20;

  private static final Set<String> COMPACT = Set.of("int", "embstr", "listpack", "listpackex", "ziplist", "intset");

  private final double ratio;
  private final long bigKeyBytes;

  Estimator(double ratio, long bigKeyBytes) {
    this.ratio = ratio;
    this.bigKeyBytes = bigKeyBytes;
  }

  /**
   * The threshold at which a sampled key counts once: a key whose weighted size would be 1% of the dataset, at
   * least 16 KiB. Exact passes have none.
   */
  static Estimator forPass(double ratio, long datasetBytes) {
    if (ratio >= 1.0) {
      return new Estimator(1.0, Long.MAX_VALUE);
    }
    return new Estimator(ratio, Math.max(16 * 1024, (long) (datasetBytes * ratio * 0.01)));
  }

  double ratio() {
    return ratio;
  }

  boolean exact() {
    return ratio >= 1.0;
  }

  long bigKeyBytes() {
    return bigKeyBytes;
  }

  boolean isBig(long bytes) {
    return bytes >= bigKeyBytes;
  }

  /** Whether an encoding has no size limit, so that one key of it may be arbitrarily big. */
  static boolean open(String encoding) {
    return !COMPACT.contains(encoding);
  }

  /** The weight and variance factor of a stratum of {@code names} names of which {@code n} were inspected. */
  record Weight(double weight, double varianceFactor, long n) {
    static Weight of(long names, long n) {
      if (n <= 0) {
        return new Weight(0, 0, 0);
      }
      double bigN = Math.max(names, n);
      return new Weight(bigN / n, bigN * bigN * (1 - n / bigN) / n, n);
    }
  }

  /** The sample variance of a value over n keys, given its sum and sum of squares (keys outside the cell add 0). */
  static double sampleVariance(double sum, double sumSq, long n) {
    if (n < 2) {
      return 0;
    }
    return Math.max(0, (sumSq - sum * sum / n) / (n - 1));
  }

  /** A category's estimate, summed over strata (strata are sampled independently, so variances add). */
  static final class Parts {
    double keys;
    double keysVariance;
    double small;
    double smallVariance;
    long big;
    double open;
    double reclaimable;
    long sampledKeys;
    double sampledSmall;

    void add(SampleSums s, Weight w) {
      add(s, w, s);
    }

    /**
     * Adds a cell of a stratum whose sums are {@code stratum}; a stratum with few inspected keys adds a variance
     * to every category, also those it has no key of (call with an empty cell for those).
     */
    void add(SampleSums s, Weight w, SampleSums stratum) {
      double keysS2 = sampleVariance(s.keys, s.keys, w.n());
      double smallS2 = sampleVariance(s.small, s.smallSq, w.n());
      if (w.n() < MIN_STRATUM_KEYS) {
        // a few keys say little about their spread (three alike give a variance of 0): assume the widest
        keysS2 = Math.max(keysS2, 0.25);
        smallS2 = Math.max(smallS2, w.n() > 0 ? stratum.smallSq / w.n() : 0);
      }
      keys += w.weight() * s.keys;
      keysVariance += w.varianceFactor() * keysS2;
      small += w.weight() * s.small;
      smallVariance += w.varianceFactor() * smallS2;
      big += s.big;
      open += w.weight() * s.open;
      reclaimable += w.weight() * s.reclaimSmall + s.reclaimBig;
      sampledKeys += s.keys;
      sampledSmall += s.small;
    }

    void addAll(Parts o) {
      keys += o.keys;
      keysVariance += o.keysVariance;
      small += o.small;
      smallVariance += o.smallVariance;
      big += o.big;
      open += o.open;
      reclaimable += o.reclaimable;
      sampledKeys += o.sampledKeys;
      sampledSmall += o.sampledSmall;
    }

    /** Small keys weighted plus big keys once, before calibration. */
    double bytes() {
      return small + big;
    }
  }

  /**
   * What calibration found for the whole pass.
   *
   * @param datasetBytes {@code used_memory_dataset}
   * @param residual the dataset in MEMORY USAGE units minus the sample's estimate (0 when not calibrated)
   * @param allocated the part of it shared among the categories of seen big keys
   * @param extension what an open category's upper bound is raised by
   * @param ceiling the most bytes a category's figure and upper bound may say: an early estimate's, Redis's dataset
   *     for the keys it stands for (a category cannot hold more than all of them); infinite otherwise
   */
  record Calibration(boolean applied, double datasetBytes, double residual, double allocated, long seenBigBytes,
      double extension, double ceiling) {
    static final Calibration NONE = new Calibration(false, 0, 0, 0, 0, 0);

    Calibration(boolean applied, double datasetBytes, double residual, double allocated, long seenBigBytes,
        double extension) {
      this(applied, datasetBytes, residual, allocated, seenBigBytes, extension, Double.POSITIVE_INFINITY);
    }

    /** The same bounds, without a share of the allocation. */
    Calibration withoutAllocation() {
      return new Calibration(applied, datasetBytes, residual, 0, seenBigBytes, extension, ceiling);
    }

    /**
     * The same, no category saying more than Redis's {@code dataset} (with the 8% by which it and the sum of
     * MEMORY USAGE may disagree): an early estimate standing on a few keys multiplies each by thousands, and one
     * long list among 75 keys made a category of 729 MiB, up to 3.5 GiB, in a Redis of 589 MiB.
     */
    Calibration withCeiling(DatasetSize dataset) {
      return new Calibration(applied, datasetBytes, residual, allocated, seenBigBytes, extension,
          dataset.asMemoryUsage() * (1 + DATASET_MISMATCH));
    }

    double unattributed() {
      return applied ? Math.max(0, residual - allocated) : 0;
    }
  }

  /**
   * Compares the sample's estimate of every key's bytes with Redis's own figure for the dataset.
   *
   * @param total the estimate of all keys (every stratum of every database)
   * @param dataset Redis's figures at the end of the pass; absent for an exact or partial pass
   */
  Calibration calibrate(Parts total, java.util.Optional<DatasetSize> dataset) {
    return calibrate(total, (1 / ratio - 1) * total.big, dataset);
  }

  /**
   * Compares an estimate with Redis's figure for the keys it stands for.
   *
   * @param standIn the bytes of the big keys the sample did not see, as the seen ones stand for them (each seen
   *     one counts for its stratum's weight less one: 1/ratio - 1 in a complete pass, more in an early estimate)
   * @param dataset Redis's figures for the keys {@code total} stands for
   */
  Calibration calibrate(Parts total, double standIn, java.util.Optional<DatasetSize> dataset) {
    if (exact() || dataset.isEmpty() || dataset.get().bytes() <= 0) {
      return Calibration.NONE;
    }
    double target = dataset.get().asMemoryUsage();
    double residual = target - total.bytes();
    double allocated = Math.max(0, Math.min(residual, standIn));
    double extension = Math.max(0, residual + Z * Math.sqrt(total.smallVariance)) + DATASET_MISMATCH * target;
    return new Calibration(true, dataset.get().bytes(), residual, allocated, total.big, extension);
  }

  /**
   * Keys of a category with their bounds.
   *
   * @param unrepresented names of the database that no inspected key stands for: any of them may be in the category
   */
  PassResult.Estimate keys(Parts p, long unrepresented) {
    double sd = Math.sqrt(p.keysVariance);
    return new PassResult.Estimate(p.keys,
        new Bounds(Math.max(p.sampledKeys, p.keys - Z * sd), p.keys + Z * sd + unrepresented));
  }

  /**
   * Bytes of a category with their bounds.
   *
   * @param openCategory whether the category could hold a big key the sample did not see
   */
  PassResult.Estimate bytes(Parts p, boolean openCategory, Calibration c) {
    double share = c.seenBigBytes() > 0 ? c.allocated() * p.big / c.seenBigBytes() : 0;
    double sd = Math.sqrt(p.smallVariance);
    // what was seen stands, whatever the ceiling
    double seen = p.sampledSmall + p.big;
    double value = Math.max(seen, Math.min(p.bytes() + share, c.ceiling()));
    double low = Math.max(seen, Math.min(p.bytes() - Z * sd, c.ceiling()));
    double high = Math.min(p.bytes() + Z * sd + (openCategory || p.big > 0 ? c.extension() : 0), c.ceiling());
    return new PassResult.Estimate(value, new Bounds(Math.min(low, value), Math.max(high, value)));
  }
}
