package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Calibration;
import io.github.redismem.analysis.Estimator.Parts;
import io.github.redismem.analysis.Estimator.Weight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The estimate of the database a pass is reading, from its keys so far (docs/sampling.md, "Early estimates").
 * Those keys are treated as a simple random sample of the database's {@code DBSIZE}: the database is one stratum
 * of N names of which n were inspected, so every category, prefix included, is a cell of it whose variance counts
 * both the spread of its keys' sizes and the uncertainty of how many keys it has (keys outside the cell add 0).
 * Per-prefix strata would be tighter but need each prefix's count, which only the whole pass knows. In a sampled
 * pass the keys inspected so far are those of the keys walked so far that the key hash picked: a random sample too,
 * of {@code ratio} times fewer keys.
 */
final class EarlyEstimate {
  private final Estimator estimator;
  private final PrefixGroups groups;

  EarlyEstimate(Estimator estimator, int maxPrefixes) {
    this.estimator = estimator;
    this.groups = new PrefixGroups(estimator, maxPrefixes);
  }

  /**
   * The database's strata folded into one whose names are the database's keys as INFO counted them.
   *
   * @param names the keys of the database; fewer than inspected (keys added since) counts the inspected ones
   */
  static Stratum pooled(PrefixTable table, long names) {
    Stratum pooled = new Stratum();
    for (Stratum s : table.all().values()) {
      pooled.all.addAll(s.all);
      pooled.forbidden += s.forbidden;
      s.cells.forEach((k, v) -> pooled.cell(k).addAll(v));
    }
    pooled.names = Math.max(names, pooled.sampled());
    return pooled;
  }

  /**
   * The prefixes of the database, each a cell of the pooled stratum; capped as a complete pass's are.
   *
   * @param cal the estimate's calibration (a sampled pass's), {@link Calibration#NONE} for an exact pass's
   */
  List<PassResult.PrefixGroup> prefixes(int db, PrefixTable table, Stratum pooled, Calibration cal) {
    Weight w = pooled.weight();
    List<PrefixGroups.Row> rows = new ArrayList<>();
    PrefixGroups.Row other = null;
    for (Map.Entry<String, Stratum> e : table.all().entrySet()) {
      Stratum s = e.getValue();
      if (s.inspected() == 0) {
        continue;
      }
      Parts p = new Parts();
      p.add(s.all, w, pooled.all);
      SampleSums none = s.cells.get(TtlBucket.NONE);
      PrefixGroups.Row row = new PrefixGroups.Row(e.getKey(), p, w.weight() * (none == null ? 0 : none.keys),
          estimator.bytes(p, true, cal));
      if (e.getKey().equals(PrefixTable.OTHER)) {
        other = row;
      } else {
        rows.add(row);
      }
    }
    return groups.cut(db, rows, other, cal);
  }
}
