package io.github.redismem.analysis;

import io.github.redismem.analysis.Estimator.Parts;
import io.github.redismem.redis.KeyFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.github.redismem.analysis.Estimator.Weight;

/**
 * The findings judged per prefix rather than per key: small strings that could be grouped into hashes
 * ({@code small_strings_groupable}, from {@code sampling.smallStringsMinKeys} keys under one prefix) and long key
 * names ({@code long_key_names}, when the names take a share of the prefix's memory, {@link LongKeyNames}). Keys
 * are summed per stratum as they come; the prefixes that qualify are chosen at the end of the pass. Never for
 * {@code other}, whose keys share no prefix, nor for keys without one.
 */
final class PrefixFindings {
  private final FindingDetector findings;
  private final String delimiters;
  private final int smallStringsMinKeys;

  PrefixFindings(FindingDetector findings, String delimiters, int smallStringsMinKeys) {
    this.findings = findings;
    this.delimiters = delimiters;
    this.smallStringsMinKeys = smallStringsMinKeys;
  }

  /** Sums a key into its stratum's small-string and long-name cells; {@code s} is a tracked prefix's stratum. */
  void add(Stratum s, String prefix, KeyFacts k, DataType type, KeySample sample, TopKey.Builder entry) {
    if (findings.smallString(k, type)) {
      s.add(Finding.SMALL_STRINGS_GROUPABLE, sample, findings.smallStringSaving(k));
      if (s.smallStringExamples.wouldAccept(sample.bytes())) {
        s.smallStringExamples.offer(entry.build());
      }
    }
    int prefixBytes = LongKeyNames.sharedPrefixBytes(k.key(), delimiters);
    if (!prefix.equals(Prefixer.NONE) && prefixBytes >= LongKeyNames.MIN_PREFIX) {
      s.nameBytes += LongKeyNames.nameBytes(k.key().length);
      s.add(Finding.LONG_KEY_NAMES, sample, LongKeyNames.saving(k.key().length, prefixBytes));
      if (s.longNameExamples.wouldAccept(sample.bytes())) {
        s.longNameExamples.offer(entry.build());
      }
    }
  }

  /** The small strings of the prefixes (never {@code other} or {@code (none)}) that have enough to group. */
  Optional<Parts> smallStrings(PrefixTable table) {
    return smallStrings(table, Stratum::weight);
  }

  /**
   * The same, each prefix weighted by {@code weight}: an early estimate weights every prefix by its database's
   * keys over those read so far ({@link EarlyEstimate}).
   */
  Optional<Parts> smallStrings(PrefixTable table, Function<Stratum, Weight> weight) {
    Parts total = new Parts();
    for (Map.Entry<String, Stratum> e : groupable(table, weight)) {
      total.add(e.getValue().cells.get(Finding.SMALL_STRINGS_GROUPABLE), weight.apply(e.getValue()));
    }
    return total.sampledKeys > 0 ? Optional.of(total) : Optional.empty();
  }

  List<TopKey> smallStringExamples(PrefixTable table, Function<Stratum, Weight> weight) {
    TopKeys examples = new TopKeys(PassAggregator.EXAMPLES);
    for (Map.Entry<String, Stratum> e : groupable(table, weight)) {
      e.getValue().smallStringExamples.sorted().forEach(examples::offer);
    }
    return examples.sorted();
  }

  /** The long-name cells of the prefixes whose names take at least {@link LongKeyNames#MIN_SHARE} of their memory. */
  Optional<Parts> longKeyNames(PrefixTable table) {
    return longKeyNames(table, Stratum::weight);
  }

  /** The same, each prefix weighted by {@code weight} (see {@link #smallStrings(PrefixTable, Function)}). */
  Optional<Parts> longKeyNames(PrefixTable table, Function<Stratum, Weight> weight) {
    Parts total = new Parts();
    for (Stratum s : longNamePrefixes(table, weight)) {
      total.add(s.cells.get(Finding.LONG_KEY_NAMES), weight.apply(s));
    }
    return total.sampledKeys > 0 ? Optional.of(total) : Optional.empty();
  }

  List<TopKey> longNameExamples(PrefixTable table, Function<Stratum, Weight> weight) {
    TopKeys examples = new TopKeys(PassAggregator.EXAMPLES);
    longNamePrefixes(table, weight).forEach(s -> s.longNameExamples.sorted().forEach(examples::offer));
    return examples.sorted();
  }

  private List<Stratum> longNamePrefixes(PrefixTable table, Function<Stratum, Weight> weight) {
    List<Stratum> out = new ArrayList<>();
    for (Map.Entry<String, Stratum> e : table.tracked()) {
      SampleSums cell = e.getValue().cells.get(Finding.LONG_KEY_NAMES);
      if (cell != null && LongKeyNames.fires(weight.apply(e.getValue()).weight() * cell.keys, e.getValue().nameBytes,
          cell.small + cell.big, cell.reclaimSmall + cell.reclaimBig)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  private List<Map.Entry<String, Stratum>> groupable(PrefixTable table, Function<Stratum, Weight> weight) {
    List<Map.Entry<String, Stratum>> out = new ArrayList<>();
    for (Map.Entry<String, Stratum> e : table.tracked()) {
      SampleSums small = e.getValue().cells.get(Finding.SMALL_STRINGS_GROUPABLE);
      if (small != null && !e.getKey().equals(Prefixer.NONE)
          && weight.apply(e.getValue()).weight() * small.keys >= smallStringsMinKeys) {
        out.add(e);
      }
    }
    return out;
  }
}
