package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Calibration;
import io.github.redismem.analysis.Estimator.Parts;
import io.github.redismem.analysis.Estimator.Weight;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories of a pass at its end, database by database: keys and bytes per encoding, per TTL bucket and per
 * finding, each summed over the database's effective strata ({@link DatabaseStrata#effective}) and estimated with
 * its bounds. Also sums the bytes per data type, which the key-size histograms report as their sums.
 */
final class CategoryEstimates {
  private final Estimator estimator;
  private final Calibration cal;
  private final PrefixFindings prefixFindings;
  private final List<PassResult.EncodingGroup> encodings = new ArrayList<>();
  private final List<PassResult.TtlGroup> ttls = new ArrayList<>();
  private final List<PassResult.FindingGroup> findings = new ArrayList<>();
  private final Map<DataType, Double> bytesByType = new EnumMap<>(DataType.class);

  CategoryEstimates(Estimator estimator, Calibration cal, PrefixFindings prefixFindings) {
    this.estimator = estimator;
    this.cal = cal;
    this.prefixFindings = prefixFindings;
  }

  void add(int db, DatabaseStrata d, DatabaseStrata.Effective effective) {
    add(db, d, effective, Stratum::weight);
  }

  /**
   * The categories of a database over {@code effective}; the findings judged per prefix weight each prefix by
   * {@code prefixWeight} (its own weight, but in an early estimate: {@link EarlyEstimate}).
   */
  void add(int db, DatabaseStrata d, DatabaseStrata.Effective effective,
      java.util.function.Function<Stratum, Weight> prefixWeight) {
    Map<Object, Parts> cells = cells(effective);
    long unrepresented = effective.unrepresented();
    Map<Stratum.Cell, Parts> byEncoding = new java.util.TreeMap<>(Comparator.comparing(Stratum.Cell::type)
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
        // the per-prefix findings are summed over the prefixes that qualify only, below
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
    prefixFindings.smallStrings(d.prefixes, prefixWeight).ifPresent(p -> byFinding.put(Finding.SMALL_STRINGS_GROUPABLE, p));
    prefixFindings.longKeyNames(d.prefixes, prefixWeight).ifPresent(p -> byFinding.put(Finding.LONG_KEY_NAMES, p));
    byFinding.forEach((finding, p) -> {
      PassResult.Estimate k = estimator.keys(p, unrepresented);
      // findings get no share of the calibration (a key may show several, or none), only its bound
      PassResult.Estimate b = estimator.bytes(p, true, cal.withoutAllocation());
      List<TopKey> examples = finding == Finding.SMALL_STRINGS_GROUPABLE
          ? prefixFindings.smallStringExamples(d.prefixes, prefixWeight)
          : finding == Finding.LONG_KEY_NAMES ? prefixFindings.longNameExamples(d.prefixes, prefixWeight) : d.examples(finding);
      findings.add(new PassResult.FindingGroup(db, finding, k.value(), b.value(), p.reclaimable, examples,
          k.bounds(), b.bounds()));
    });
  }

  /**
   * Every cell of the database summed over its strata. A stratum with few inspected keys adds its variance to the
   * cells it has no key of too: its few keys say little about what it lacks.
   */
  private static Map<Object, Parts> cells(DatabaseStrata.Effective effective) {
    Map<Object, Parts> cells = new HashMap<>();
    for (Stratum s : effective.strata()) {
      Weight w = s.weight();
      s.cells.forEach((key, sums) -> cells.computeIfAbsent(key, k -> new Parts()).add(sums, w, s.all));
    }
    for (Stratum s : effective.strata()) {
      if (s.sampled() < Estimator.MIN_STRATUM_KEYS) {
        SampleSums none = new SampleSums();
        cells.forEach((key, parts) -> {
          if (!s.cells.containsKey(key)) {
            parts.add(none, s.weight(), s.all);
          }
        });
      }
    }
    return cells;
  }

  List<PassResult.EncodingGroup> encodings() {
    return List.copyOf(encodings);
  }

  List<PassResult.TtlGroup> ttls() {
    return List.copyOf(ttls);
  }

  List<PassResult.FindingGroup> findings() {
    return List.copyOf(findings);
  }

  Map<DataType, Double> bytesByType() {
    return bytesByType;
  }
}
