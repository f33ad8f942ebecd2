package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Calibration;
import io.github.redismem.analysis.Estimator.Parts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A database's prefixes at the end of a pass: one group per prefix, the biggest {@code sampling.maxPrefixes} by
 * bytes (equal bytes by prefix, so the cut does not depend on the order keys came in), the rest summed as
 * {@code other}. A prefix's keys are its names, exact in a sampled pass too; its bytes are estimated from its own
 * inspected keys, or from the database's mean and spread when it has fewer than two.
 */
final class PrefixGroups {
  private final Estimator estimator;
  private final int maxPrefixes;

  PrefixGroups(Estimator estimator, int maxPrefixes) {
    this.estimator = estimator;
    this.maxPrefixes = maxPrefixes;
  }

  /** A prefix's estimated parts, keys without a TTL and bytes, before the cut. */
  record Row(String prefix, Parts parts, double keysWithoutTtl, PassResult.Estimate bytes) {}

  List<PassResult.PrefixGroup> of(int db, PrefixTable table, Calibration cal) {
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

    List<Row> rows = new ArrayList<>();
    Row other = null;
    for (Map.Entry<String, Stratum> e : table.all().entrySet()) {
      if (e.getValue().inspected() == 0 && e.getValue().forbidden > 0) {
        continue; // every key picked was forbidden: the prefix is the user's to not see
      }
      Row row = row(e.getKey(), e.getValue(), meanSmall, varianceSmall, shareWithoutTtl, cal);
      if (e.getKey().equals(PrefixTable.OTHER)) {
        other = row;
      } else {
        rows.add(row);
      }
    }
    return cut(db, rows, other, cal);
  }

  /**
   * The biggest {@code maxPrefixes} of {@code rows} by bytes (equal bytes by prefix), the rest summed with
   * {@code other} (the table's own overflow row, or null) into one {@code other} group, estimated as one.
   */
  List<PassResult.PrefixGroup> cut(int db, List<Row> rows, Row other, Calibration cal) {
    rows.sort(Comparator.comparingDouble((Row r) -> r.bytes().value()).reversed().thenComparing(Row::prefix));
    List<PassResult.PrefixGroup> out = new ArrayList<>();
    Parts rest = new Parts();
    double restNoTtl = 0;
    if (other != null) {
      rest.addAll(other.parts());
      restNoTtl += other.keysWithoutTtl();
    }
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (i < maxPrefixes) {
        out.add(new PassResult.PrefixGroup(db, r.prefix(), r.parts().keys, r.bytes().value(), r.keysWithoutTtl(),
            r.bytes().bounds()));
      } else {
        rest.addAll(r.parts());
        restNoTtl += r.keysWithoutTtl();
      }
    }
    if (rest.keys > 0) {
      // summing the cells' variances would overstate the rest's (they are negatively correlated): one estimate
      PassResult.Estimate b = estimator.bytes(rest, true, cal);
      out.add(new PassResult.PrefixGroup(db, PrefixTable.OTHER, rest.keys, b.value(), restNoTtl, b.bounds()));
    }
    return out;
  }

  private Row row(String prefix, Stratum s, double meanSmall, double varianceSmall, double shareWithoutTtl,
      Calibration cal) {
    long n = s.inspected();
    // the prefix's permitted names: all of them, less the share its picked keys found forbidden
    double bigN = s.forbidden == 0 ? Math.max(s.names, n) : (double) Math.max(s.names, s.sampled()) * n / s.sampled();
    Parts p = new Parts();
    if (n >= 2) {
      p.add(s.all, s.weight());
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
    return new Row(prefix, p, noTtl, estimator.bytes(p, true, cal));
  }
}
