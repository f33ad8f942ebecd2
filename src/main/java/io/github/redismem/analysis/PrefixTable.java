package io.github.redismem.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys and bytes per prefix in one database, in bounded memory: at most {@code capacity} prefixes are tracked;
 * keys of prefixes first seen after that are summed in {@code other}. Also counts the small strings of each
 * prefix, for the small_strings_groupable finding.
 */
final class PrefixTable {
  static final String OTHER = "other";

  /** Totals of one prefix. */
  static final class Tally {
    long keys;
    long bytes;
    long withoutTtl;
    final FindingTally smallStrings = new FindingTally();
  }

  private final int capacity;
  private final Map<String, Tally> tallies = new HashMap<>();
  private final Tally other = new Tally();

  PrefixTable(int capacity) {
    this.capacity = capacity;
  }

  /** The tally the key's prefix counts in ({@code other} once the table is full). */
  Tally tally(String prefix) {
    Tally t = tallies.get(prefix);
    if (t == null) {
      if (tallies.size() >= capacity) {
        return other;
      }
      t = new Tally();
      tallies.put(prefix, t);
    }
    return t;
  }

  boolean isOther(Tally t) {
    return t == other;
  }

  /** The biggest {@code keep} prefixes by bytes, the rest summed as {@code other}. */
  List<PassResult.PrefixGroup> result(int db, int keep, double factor) {
    List<Map.Entry<String, Tally>> sorted = new ArrayList<>(tallies.entrySet());
    sorted.sort(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().bytes).reversed()
        .thenComparing(Map.Entry::getKey));
    List<PassResult.PrefixGroup> out = new ArrayList<>();
    long otherKeys = other.keys;
    long otherBytes = other.bytes;
    long otherNoTtl = other.withoutTtl;
    for (int i = 0; i < sorted.size(); i++) {
      Tally t = sorted.get(i).getValue();
      if (i < keep && !sorted.get(i).getKey().equals(OTHER)) {
        out.add(new PassResult.PrefixGroup(db, sorted.get(i).getKey(), t.keys * factor, t.bytes * factor,
            t.withoutTtl * factor));
      } else {
        otherKeys += t.keys;
        otherBytes += t.bytes;
        otherNoTtl += t.withoutTtl;
      }
    }
    if (otherKeys > 0) {
      out.add(new PassResult.PrefixGroup(db, OTHER, otherKeys * factor, otherBytes * factor, otherNoTtl * factor));
    }
    return out;
  }

  /** The prefixes (never {@code other}) whose small strings make the finding. */
  FindingTally groupableSmallStrings(long minKeys, double factor) {
    FindingTally total = new FindingTally();
    tallies.forEach((prefix, t) -> {
      if (!prefix.equals(Prefixer.NONE) && !prefix.equals(OTHER) && t.smallStrings.keys() * factor >= minKeys) {
        total.addAll(t.smallStrings);
      }
    });
    return total;
  }
}
