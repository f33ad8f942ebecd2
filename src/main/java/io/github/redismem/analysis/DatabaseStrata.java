package io.github.redismem.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One database during a pass: its strata (one per prefix, capped) and the example keys of each finding. */
final class DatabaseStrata {
  final PrefixTable prefixes;
  private final Map<Finding, TopKeys> examples = new EnumMap<>(Finding.class);

  DatabaseStrata(int prefixCapacity) {
    prefixes = new PrefixTable(prefixCapacity);
  }

  /** Offers a key as an example of a finding: the biggest {@link PassAggregator#EXAMPLES} are kept. */
  void example(Finding finding, TopKey.Builder entry, long bytes) {
    TopKeys kept = examples.computeIfAbsent(finding, f -> new TopKeys(PassAggregator.EXAMPLES));
    if (kept.wouldAccept(bytes)) {
      kept.offer(entry.build());
    }
  }

  /** The examples of a finding judged key by key, biggest first. */
  List<TopKey> examples(Finding finding) {
    return examples.getOrDefault(finding, new TopKeys(0)).sorted();
  }

  /**
   * The strata the categories are estimated over: every prefix with enough inspected keys on its own, the others
   * pooled. Names in a pool with no inspected key at all cannot be given a category: they are left out, and every
   * category's count may be higher by that many ({@link Effective#unrepresented}); their bytes are part of what
   * calibration finds unexplained.
   *
   * @param exact an exact pass keeps every prefix on its own
   */
  Effective effective(boolean exact) {
    List<Stratum> own = new ArrayList<>();
    Stratum pooled = new Stratum();
    for (Stratum s : prefixes.all().values()) {
      if (exact || s.sampled() >= Estimator.MIN_STRATUM_KEYS) {
        own.add(s);
      } else {
        pooled.addAll(s);
      }
    }
    if (pooled.sampled() > 0) {
      own.add(pooled);
      return new Effective(own, 0);
    }
    return new Effective(own, pooled.names);
  }

  /** The strata to estimate over, and the names none of them stands for. */
  record Effective(List<Stratum> strata, long unrepresented) {}
}
