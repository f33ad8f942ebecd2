package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Calibration;
import io.github.redismem.analysis.Estimator.Parts;
import io.github.redismem.analysis.Estimator.Weight;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.KeyFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the keys of one pass into fixed-size aggregates: nothing is kept per key, so memory depends on the number
 * of databases, encodings and (capped) prefixes, never on the keyspace. Sums are kept per prefix (the strata of
 * {@link Estimator}) and turned into estimates at the end. Used by the sampler thread only.
 */
final class PassAggregator {
  /** Example keys kept per finding. */
  static final int EXAMPLES = 5;

  private final SamplingSettings settings;
  private final Thresholds thresholds;
  private final FindingDetector findings;
  private final Prefixer prefixer;
  private final TopKeys topKeys;
  private final Estimator estimator;
  private final WhatIfs whatIfs;
  private final Map<DataType, Histogram> memory = new EnumMap<>(DataType.class);
  private final Map<DataType, Histogram> elements = new EnumMap<>(DataType.class);
  private final Histogram stringLengths = new Histogram(Histogram.STRING_LENGTH_BOUNDS);
  private final Map<Integer, Db> dbs = new TreeMap<>();
  private long keys;
  private long names;

  /** The strata and finding examples of one database. */
  private static final class Db {
    final PrefixTable prefixes;
    final Map<Finding, TopKeys> examples = new EnumMap<>(Finding.class);

    Db(int prefixCapacity) {
      prefixes = new PrefixTable(prefixCapacity);
    }
  }

  PassAggregator(SamplingSettings settings, Thresholds thresholds, SavingsModel savings, Estimator estimator) {
    this.settings = settings;
    this.thresholds = thresholds;
    this.estimator = estimator;
    this.findings = new FindingDetector(thresholds, savings, settings.bigKeyBytes());
    this.prefixer = new Prefixer(settings.prefixDelimiters(), settings.prefixDepth(), settings.prefixPatterns());
    this.topKeys = new TopKeys(settings.topKeys());
    this.whatIfs = new WhatIfs(thresholds, savings);
  }

  private Db db(int db) {
    return dbs.computeIfAbsent(db, i -> new Db(Math.max(1000, 20 * settings.maxPrefixes())));
  }

  /**
   * A name SCAN returned in a sampled pass, whether it is inspected or not, so that its prefix's count is exact
   * and weights the prefix's inspected keys. Call it for a batch's names before adding its inspected keys.
   */
  void scanned(int db, byte[] key) {
    names++;
    db(db).prefixes.stratum(prefixer.prefixOf(key)).names++;
  }

  void add(int db, KeyFacts k) {
    keys++;
    Db d = db(db);
    DataType type = DataType.of(k.type());
    long bytes = k.memoryBytes();
    boolean big = estimator.isBig(bytes);
    boolean open = Estimator.open(k.encoding());
    TopKey.Builder entry = new TopKey.Builder(db, k, type);

    String prefix = prefixer.prefixOf(k.key());
    Stratum s = d.prefixes.stratum(prefix);
    s.all.add(bytes, big, open, 0);
    s.cell(new Stratum.Cell(type, k.encoding())).add(bytes, big, open, 0);
    s.cell(TtlBucket.of(k.ttlMillis())).add(bytes, big, open, 0);
    memory.computeIfAbsent(type, t -> new Histogram(Histogram.MEMORY_BOUNDS)).observe(bytes);
    if (k.length() >= 0) {
      // a string's length is bytes, not elements: its own histogram
      if (type == DataType.STRING) {
        stringLengths.observe(k.length());
      } else {
        elements.computeIfAbsent(type, t -> new Histogram(Histogram.ELEMENT_BOUNDS)).observe(k.length());
      }
    }
    if (topKeys.wouldAccept(bytes)) {
      topKeys.offer(entry.build());
    }
    if (!d.prefixes.isOther(s) && findings.smallString(k, type)) {
      s.cell(Finding.SMALL_STRINGS_GROUPABLE).add(bytes, big, open, findings.smallStringSaving(k));
      if (s.smallStringExamples.wouldAccept(bytes)) {
        s.smallStringExamples.offer(entry.build());
      }
    }
    int prefixBytes = LongKeyNames.sharedPrefixBytes(k.key(), settings.prefixDelimiters());
    if (!d.prefixes.isOther(s) && !prefix.equals(Prefixer.NONE) && prefixBytes >= LongKeyNames.MIN_PREFIX) {
      s.nameBytes += LongKeyNames.nameBytes(k.key().length);
      s.cell(Finding.LONG_KEY_NAMES).add(bytes, big, open, LongKeyNames.saving(k.key().length, prefixBytes));
      if (s.longNameExamples.wouldAccept(bytes)) {
        s.longNameExamples.offer(entry.build());
      }
    }
    whatIfs.add(k, type);
    findings.detect(k, type, (finding, saving) -> {
      s.cell(finding).add(bytes, big, open, saving);
      TopKeys examples = d.examples.computeIfAbsent(finding, f -> new TopKeys(EXAMPLES));
      if (examples.wouldAccept(bytes)) {
        examples.offer(entry.build());
      }
    });
  }

  long keys() {
    return keys;
  }

  /**
   * The pass's result.
   *
   * @param dataset Redis's figures at the end of the pass, to calibrate a sampled pass against; empty for a pass
   *     cut short
   */
  PassResult finish(Instant finishedAt, Duration duration, long vanished, double redisTimeRatio,
      java.util.Optional<DatasetSize> dataset) {
    Map<Integer, Strata> effective = new TreeMap<>();
    Parts total = new Parts();
    dbs.forEach((db, d) -> {
      Strata strata = effectiveStrata(d.prefixes);
      effective.put(db, strata);
      strata.strata().forEach(s -> total.add(s.all, weight(s)));
    });
    Calibration cal = estimator.calibrate(total, dataset);

    List<PassResult.EncodingGroup> encodings = new ArrayList<>();
    List<PassResult.PrefixGroup> prefixes = new ArrayList<>();
    List<PassResult.TtlGroup> ttls = new ArrayList<>();
    List<PassResult.FindingGroup> findingGroups = new ArrayList<>();
    Map<DataType, Double> bytesByType = new EnumMap<>(DataType.class);
    dbs.forEach((db, d) -> {
      Map<Object, Parts> cells = new HashMap<>();
      long unrepresented = effective.get(db).unrepresented();
      for (Stratum s : effective.get(db).strata()) {
        Weight w = weight(s);
        s.cells.forEach((key, sums) -> cells.computeIfAbsent(key, k -> new Parts()).add(sums, w, s.all));
      }
      for (Stratum s : effective.get(db).strata()) {
        if (s.inspected() < Estimator.MIN_STRATUM_KEYS) {
          SampleSums none = new SampleSums();
          cells.forEach((key, parts) -> {
            if (!s.cells.containsKey(key)) {
              parts.add(none, weight(s), s.all);
            }
          });
        }
      }
      Map<Stratum.Cell, Parts> byEncoding = new TreeMap<>(Comparator.comparing(Stratum.Cell::type)
          .thenComparing(Stratum.Cell::encoding));
      Map<TtlBucket, Parts> byTtl = new EnumMap<>(TtlBucket.class);
      Map<Finding, Parts> byFinding = new EnumMap<>(Finding.class);
      cells.forEach((key, parts) -> {
        if (key instanceof Stratum.Cell c) {
          byEncoding.put(c, parts);
        } else if (key instanceof TtlBucket b) {
          byTtl.put(b, parts);
        } else if (key instanceof Finding f && f != Finding.SMALL_STRINGS_GROUPABLE
            && f != Finding.LONG_KEY_NAMES) {
          byFinding.put(f, parts);
        }
      });
      byEncoding.forEach((c, p) -> {
        PassResult.Estimate b = estimator.bytes(p, Estimator.open(c.encoding()), cal);
        PassResult.Estimate k = estimator.keys(p, unrepresented);
        encodings.add(new PassResult.EncodingGroup(db, c.type(), c.encoding(), k.value(), b.value(), k.bounds(),
            b.bounds()));
        bytesByType.merge(c.type(), b.value(), Double::sum);
      });
      byTtl.forEach((bucket, p) -> {
        PassResult.Estimate b = estimator.bytes(p, true, cal);
        PassResult.Estimate k = estimator.keys(p, unrepresented);
        ttls.add(new PassResult.TtlGroup(db, bucket, k.value(), b.value(), k.bounds(), b.bounds()));
      });
      prefixes.addAll(prefixGroups(db, d.prefixes, cal));
      smallStrings(d.prefixes).ifPresent(p -> byFinding.put(Finding.SMALL_STRINGS_GROUPABLE, p));
      longKeyNames(d.prefixes).ifPresent(p -> byFinding.put(Finding.LONG_KEY_NAMES, p));
      byFinding.forEach((finding, p) -> {
        PassResult.Estimate k = estimator.keys(p, unrepresented);
        // findings get no share of the calibration (a key may show several, or none), only its bound
        PassResult.Estimate b = estimator.bytes(p, true, cal.withoutAllocation());
        List<TopKey> examples = finding == Finding.SMALL_STRINGS_GROUPABLE ? smallStringExamples(d.prefixes)
            : finding == Finding.LONG_KEY_NAMES ? longNameExamples(d.prefixes)
            : d.examples.getOrDefault(finding, new TopKeys(0)).sorted();
        findingGroups.add(new PassResult.FindingGroup(db, finding, k.value(), b.value(), p.reclaimable, examples,
            k.bounds(), b.bounds()));
      });
    });
    double f = estimator.exact() || keys == 0 ? 1 : (double) Math.max(names, keys) / keys;
    Map<DataType, Histogram.Snapshot> mem = new EnumMap<>(DataType.class);
    memory.forEach((t, h) -> mem.put(t, h.snapshot(f, bytesByType.getOrDefault(t, 0.0))));
    Map<DataType, Histogram.Snapshot> elem = new EnumMap<>(DataType.class);
    elements.forEach((t, h) -> elem.put(t, h.snapshot(f)));
    PassResult.Estimation estimation = estimator.exact() ? PassResult.Estimation.EXACT
        : new PassResult.Estimation(true, estimator.bigKeyBytes(), cal.applied(), cal.datasetBytes(),
            cal.allocated(), cal.unattributed());
    return new PassResult(finishedAt, duration, estimator.ratio(), keys, vanished, redisTimeRatio, thresholds,
        List.copyOf(encodings), Map.copyOf(mem), Map.copyOf(elem), stringLengths.snapshot(f), topKeys.sorted(),
        List.copyOf(prefixes),
        List.copyOf(ttls), List.copyOf(findingGroups), estimation, whatIfs.finish(f));
  }

  private static Weight weight(Stratum s) {
    return Weight.of(s.names, s.inspected());
  }

  /**
   * The strata the categories are estimated over: every prefix with enough inspected keys on its own, the others
   * pooled. Names in a pool with no inspected key at all cannot be given a category: they are left out, and every
   * category's count may be higher by that many ({@link Strata#unrepresented}); their bytes are part of what
   * calibration finds unexplained.
   */
  private Strata effectiveStrata(PrefixTable table) {
    List<Stratum> own = new ArrayList<>();
    Stratum pooled = new Stratum();
    for (Stratum s : table.all().values()) {
      if (estimator.exact() || s.inspected() >= Estimator.MIN_STRATUM_KEYS) {
        own.add(s);
      } else {
        pooled.addAll(s);
      }
    }
    if (pooled.inspected() > 0) {
      own.add(pooled);
      return new Strata(own, 0);
    }
    return new Strata(own, pooled.names);
  }

  private record Strata(List<Stratum> strata, long unrepresented) {}

  /** One group per prefix, the biggest {@code sampling.maxPrefixes} by bytes, the rest summed as {@code other}. */
  private List<PassResult.PrefixGroup> prefixGroups(int db, PrefixTable table, Calibration cal) {
    SampleSums dbAll = new SampleSums();
    long withoutTtl = 0;
    for (Stratum s : table.all().values()) {
      dbAll.addAll(s.all);
      SampleSums none = s.cells.get(TtlBucket.NONE);
      withoutTtl += none == null ? 0 : none.keys;
    }
    long smallKeys = dbAll.keys - dbAll.bigKeys;
    double meanSmall = smallKeys > 0 ? dbAll.small / smallKeys : 0;
    double varianceSmall = Estimator.sampleVariance(dbAll.small, dbAll.smallSq, smallKeys);
    double shareWithoutTtl = dbAll.keys > 0 ? (double) withoutTtl / dbAll.keys : 0;

    record Row(String prefix, Parts parts, double keysWithoutTtl, PassResult.Estimate bytes) {}
    List<Row> rows = new ArrayList<>();
    Row other = null;
    for (Map.Entry<String, Stratum> e : table.all().entrySet()) {
      Stratum s = e.getValue();
      long n = s.inspected();
      double bigN = Math.max(s.names, n);
      Parts p = new Parts();
      if (n >= 2) {
        p.add(s.all, weight(s));
      } else {
        // one key or none inspected: the database's mean and spread stand in for the prefix's own
        p.small = n > 0 ? bigN / n * s.all.small : bigN * meanSmall;
        p.smallVariance = bigN * bigN * (1 - n / bigN) / Math.max(n, 1) * varianceSmall;
        p.big = s.all.big;
        p.sampledKeys = n;
        p.sampledSmall = s.all.small;
      }
      p.keys = bigN;
      SampleSums none = s.cells.get(TtlBucket.NONE);
      double noTtl = n > 0 ? bigN / n * (none == null ? 0 : none.keys) : bigN * shareWithoutTtl;
      Row row = new Row(e.getKey(), p, noTtl, estimator.bytes(p, true, cal));
      if (e.getKey().equals(PrefixTable.OTHER)) {
        other = row;
      } else {
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparingDouble((Row r) -> r.bytes().value()).reversed().thenComparing(Row::prefix));
    List<PassResult.PrefixGroup> out = new ArrayList<>();
    Parts rest = new Parts();
    double restNoTtl = 0;
    boolean anyRest = false;
    if (other != null) {
      rest.addAll(other.parts());
      restNoTtl += other.keysWithoutTtl();
      anyRest = true;
    }
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (i < settings.maxPrefixes()) {
        out.add(new PassResult.PrefixGroup(db, r.prefix(), r.parts().keys, r.bytes().value(), r.keysWithoutTtl(),
            r.bytes().bounds()));
      } else {
        rest.addAll(r.parts());
        restNoTtl += r.keysWithoutTtl();
        anyRest = true;
      }
    }
    if (anyRest && rest.keys > 0) {
      PassResult.Estimate b = estimator.bytes(rest, true, cal);
      out.add(new PassResult.PrefixGroup(db, PrefixTable.OTHER, rest.keys, b.value(), restNoTtl, b.bounds()));
    }
    return out;
  }

  /** The small strings of the prefixes (never {@code other} or {@code (none)}) that have enough to group. */
  private java.util.Optional<Parts> smallStrings(PrefixTable table) {
    Parts total = new Parts();
    for (Map.Entry<String, Stratum> e : qualifying(table)) {
      total.add(e.getValue().cells.get(Finding.SMALL_STRINGS_GROUPABLE), weight(e.getValue()));
    }
    return total.sampledKeys > 0 ? java.util.Optional.of(total) : java.util.Optional.empty();
  }

  private List<TopKey> smallStringExamples(PrefixTable table) {
    TopKeys examples = new TopKeys(EXAMPLES);
    for (Map.Entry<String, Stratum> e : qualifying(table)) {
      e.getValue().smallStringExamples.sorted().forEach(examples::offer);
    }
    return examples.sorted();
  }

  /** The long-name cells of the prefixes whose names take at least {@link LongKeyNames#MIN_SHARE} of their memory. */
  private java.util.Optional<Parts> longKeyNames(PrefixTable table) {
    Parts total = new Parts();
    for (Stratum s : longNamePrefixes(table)) {
      total.add(s.cells.get(Finding.LONG_KEY_NAMES), weight(s));
    }
    return total.sampledKeys > 0 ? java.util.Optional.of(total) : java.util.Optional.empty();
  }

  private List<TopKey> longNameExamples(PrefixTable table) {
    TopKeys examples = new TopKeys(EXAMPLES);
    longNamePrefixes(table).forEach(s -> s.longNameExamples.sorted().forEach(examples::offer));
    return examples.sorted();
  }

  private List<Stratum> longNamePrefixes(PrefixTable table) {
    List<Stratum> out = new ArrayList<>();
    for (Map.Entry<String, Stratum> e : table.tracked()) {
      SampleSums cell = e.getValue().cells.get(Finding.LONG_KEY_NAMES);
      if (cell != null && LongKeyNames.fires(weight(e.getValue()).weight() * cell.keys, e.getValue().nameBytes,
          cell.small + cell.big, cell.reclaimSmall + cell.reclaimBig)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  private List<Map.Entry<String, Stratum>> qualifying(PrefixTable table) {
    List<Map.Entry<String, Stratum>> out = new ArrayList<>();
    for (Map.Entry<String, Stratum> e : table.tracked()) {
      SampleSums small = e.getValue().cells.get(Finding.SMALL_STRINGS_GROUPABLE);
      if (small != null && !e.getKey().equals(Prefixer.NONE)
          && weight(e.getValue()).weight() * small.keys >= settings.smallStringsMinKeys()) {
        out.add(e);
      }
    }
    return out;
  }
}
