package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Calibration;
import io.github.redismem.analysis.Estimator.Parts;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.KeyFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds the keys of one pass into fixed-size aggregates: nothing is kept per key, so memory depends on the number
 * of databases, encodings and (capped) prefixes, never on the keyspace. Sums are kept per prefix (the strata of
 * {@link Estimator}) and turned into estimates at the end. Used by the sampler thread only.
 *
 * <p>It routes each key to its collaborators: {@link DatabaseStrata} (the strata and finding examples of a
 * database), {@link KeyDistributions} (histograms), {@link TopKeys}, {@link FindingDetector} and
 * {@link PrefixFindings} (findings per key and per prefix), {@link WhatIfs}; at the end, {@link CategoryEstimates}
 * and {@link PrefixGroups} turn the strata into groups. Every key name that leaves it goes through one
 * {@link KeyDisplay} ({@code sampling.keyNames}).
 */
final class PassAggregator {
  /** Example keys kept per finding. */
  static final int EXAMPLES = 5;

  private final SamplingSettings settings;
  private final Thresholds thresholds;
  private final FindingDetector findings;
  private final PrefixFindings prefixFindings;
  private final Prefixer prefixer;
  private final TopKeys topKeys;
  private final Estimator estimator;
  private final WhatIfs whatIfs;
  private final KeyDisplay display;
  private final KeyDistributions distributions = new KeyDistributions();
  private final Map<Integer, DatabaseStrata> dbs = new TreeMap<>();
  private long keys;
  private long names;
  /** Picked keys refused as forbidden (sampled passes). */
  private long forbidden;

  PassAggregator(SamplingSettings settings, Thresholds thresholds, SavingsModel savings, Estimator estimator) {
    this.settings = settings;
    this.thresholds = thresholds;
    this.estimator = estimator;
    this.findings = new FindingDetector(thresholds, savings, settings.bigKeyBytes());
    this.prefixFindings = new PrefixFindings(findings, settings.prefixDelimiters(), settings.smallStringsMinKeys());
    this.prefixer = new Prefixer(settings.prefixDelimiters(), settings.prefixDepth(), settings.prefixPatterns());
    this.topKeys = new TopKeys(settings.topKeys());
    this.whatIfs = new WhatIfs(thresholds, savings);
    this.display = new KeyDisplay(settings.keyNames());
  }

  private DatabaseStrata db(int db) {
    return dbs.computeIfAbsent(db, i -> new DatabaseStrata(Math.max(1000, 20 * settings.maxPrefixes())));
  }

  /**
   * A name SCAN returned in a sampled pass, whether it is inspected or not, so that its prefix's count is exact
   * and weights the prefix's inspected keys. Call it for a batch's names before adding its inspected keys.
   */
  void scanned(int db, byte[] key) {
    names++;
    db(db).prefixes.stratum(prefixer.prefixOf(key)).names++;
  }

  /** A key a sampled pass picked and may not read (ACL key pattern): sampled, of no category. */
  void forbidden(int db, byte[] key) {
    forbidden++;
    db(db).prefixes.stratum(prefixer.prefixOf(key)).forbidden++;
  }

  void add(int db, KeyFacts k) {
    keys++;
    DatabaseStrata d = db(db);
    DataType type = DataType.of(k.type());
    long bytes = k.memoryBytes();
    KeySample sample = new KeySample(bytes, estimator.isBig(bytes), Estimator.open(k.encoding()));
    String prefix = prefixer.prefixOf(k.key());
    TopKey.Builder entry = new TopKey.Builder(db, k, type, prefix, display);
    Stratum s = d.prefixes.stratum(prefix);
    s.all.add(bytes, sample.big(), sample.open(), 0);
    s.add(new Stratum.Cell(type, k.encoding()), sample, 0);
    s.add(TtlBucket.of(k.ttlMillis()), sample, 0);
    distributions.observe(type, k);
    if (topKeys.wouldAccept(bytes)) {
      topKeys.offer(entry.build());
    }
    if (!d.prefixes.isOther(s)) {
      prefixFindings.add(s, prefix, k, type, sample, entry);
    }
    whatIfs.add(k, type);
    findings.detect(k, type, (finding, saving) -> {
      s.add(finding, sample, saving);
      d.example(finding, entry, bytes);
    });
  }

  long keys() {
    return keys;
  }

  /**
   * What the pass so far says of the whole keyspace (see {@link EarlyEstimate}): the databases read count as at a
   * pass's end, {@code current} is extrapolated from its keys so far to its {@code currentNames} keys, those not
   * reached are left out. The findings judged per prefix (small strings, long key names) judge each prefix by its
   * count extrapolated the same way. A sampled pass's big keys count once, as at its end, and the estimate is
   * calibrated as a complete pass is, against {@code covered}, where each big key seen stands for its stratum's
   * weight less one unseen. Reads the sums without changing them; on the pass's thread.
   *
   * @param covered Redis's dataset figures for the databases the estimate stands for (read and being read): what a
   *     sampled pass is calibrated against, and the most any category may hold; empty where INFO does not give them
   */
  PassResult estimate(Instant at, Duration elapsed, double progress, int current, long currentNames,
      Optional<DatasetSize> covered) {
    Map<Integer, DatabaseStrata.Effective> effective = new TreeMap<>();
    Stratum pooled = null;
    Parts total = new Parts();
    double standIn = 0;
    for (Map.Entry<Integer, DatabaseStrata> e : dbs.entrySet()) {
      DatabaseStrata.Effective strata;
      if (e.getKey() == current) {
        pooled = EarlyEstimate.pooled(e.getValue().prefixes, currentNames);
        strata = new DatabaseStrata.Effective(List.of(pooled), 0);
      } else {
        strata = e.getValue().effective(estimator.exact());
      }
      effective.put(e.getKey(), strata);
      for (Stratum s : strata.strata()) {
        Estimator.Weight w = s.weight();
        total.add(s.all, w);
        standIn += Math.max(0, w.weight() - 1) * s.all.big;
      }
    }
    Calibration cal = estimator.calibrate(total, standIn, covered);
    if (covered.isPresent()) {
      cal = cal.withCeiling(covered.get());
    }
    EarlyEstimate early = new EarlyEstimate(estimator, settings.maxPrefixes());
    CategoryEstimates categories = new CategoryEstimates(estimator, cal, prefixFindings);
    PrefixGroups prefixGroups = new PrefixGroups(estimator, settings.maxPrefixes());
    List<PassResult.PrefixGroup> prefixes = new ArrayList<>();
    for (Map.Entry<Integer, DatabaseStrata> e : dbs.entrySet()) {
      int db = e.getKey();
      DatabaseStrata d = e.getValue();
      if (db == current) {
        Estimator.Weight w = pooled.weight();
        categories.add(db, d, effective.get(db), s -> w);
        prefixes.addAll(early.prefixes(db, d.prefixes, pooled, cal));
      } else {
        categories.add(db, d, effective.get(db));
        prefixes.addAll(prefixGroups.of(db, d.prefixes, cal));
      }
    }
    double f = keys == 0 ? 1 : Math.max(1, total.keys / keys);
    PassResult.Estimation estimation = new PassResult.Estimation(true,
        estimator.exact() ? 0 : estimator.bigKeyBytes(), cal.applied(), cal.datasetBytes(), cal.allocated(),
        cal.unattributed());
    // the share of the keyspace inspected so far: of the keys walked, the sample's share
    return new PassResult(at, elapsed, progress * estimator.ratio(), keys, 0, 0, thresholds, categories.encodings(),
        distributions.memory(f, categories.bytesByType()), distributions.elements(f), distributions.stringLengths(f),
        topKeys.sorted(), List.copyOf(prefixes), categories.ttls(), categories.findings(), estimation,
        whatIfs.finish(f));
  }

  /**
   * The pass's result.
   *
   * @param dataset Redis's figures at the end of the pass, to calibrate a sampled pass against; empty for a pass
   *     cut short
   */
  PassResult finish(Instant finishedAt, Duration duration, long vanished, double redisTimeRatio,
      Optional<DatasetSize> dataset) {
    Map<Integer, DatabaseStrata.Effective> effective = new TreeMap<>();
    Parts total = new Parts();
    dbs.forEach((db, d) -> {
      DatabaseStrata.Effective strata = d.effective(estimator.exact());
      effective.put(db, strata);
      strata.strata().forEach(s -> total.add(s.all, s.weight()));
    });
    Calibration cal = estimator.calibrate(total, dataset);

    CategoryEstimates categories = new CategoryEstimates(estimator, cal, prefixFindings);
    PrefixGroups prefixGroups = new PrefixGroups(estimator, settings.maxPrefixes());
    List<PassResult.PrefixGroup> prefixes = new ArrayList<>();
    dbs.forEach((db, d) -> {
      categories.add(db, d, effective.get(db));
      prefixes.addAll(prefixGroups.of(db, d.prefixes, cal));
    });
    // histogram counts of a sampled pass stand for every name SCAN returned
    double f = estimator.exact() || keys == 0 ? 1 : (double) Math.max(names, keys + forbidden) / (keys + forbidden);
    PassResult.Estimation estimation = estimator.exact() ? PassResult.Estimation.EXACT
        : new PassResult.Estimation(true, estimator.bigKeyBytes(), cal.applied(), cal.datasetBytes(),
            cal.allocated(), cal.unattributed());
    return new PassResult(finishedAt, duration, estimator.ratio(), keys, vanished, redisTimeRatio, thresholds,
        categories.encodings(), distributions.memory(f, categories.bytesByType()), distributions.elements(f),
        distributions.stringLengths(f), topKeys.sorted(), List.copyOf(prefixes), categories.ttls(),
        categories.findings(), estimation, whatIfs.finish(f));
  }
}
