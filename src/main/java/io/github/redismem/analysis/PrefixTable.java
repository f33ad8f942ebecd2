package io.github.redismem.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strata of one database, in bounded memory: at most {@code capacity} prefixes are tracked; keys of prefixes
 * first seen after that go to {@code other}.
 */
final class PrefixTable {
  static final String OTHER = "other";

  private final int capacity;
  private final Map<String, Stratum> strata = new LinkedHashMap<>();
  private final Stratum other = new Stratum();

  PrefixTable(int capacity) {
    this.capacity = capacity;
  }

  /** The stratum the key's prefix counts in ({@code other} once the table is full). */
  Stratum stratum(String prefix) {
    Stratum s = strata.get(prefix);
    if (s == null) {
      if (strata.size() >= capacity || prefix.equals(OTHER)) {
        return other;
      }
      s = new Stratum();
      strata.put(prefix, s);
    }
    return s;
  }

  boolean isOther(Stratum s) {
    return s == other;
  }

  /** Every stratum by prefix, {@code other} last (under its name) when it has keys. */
  Map<String, Stratum> all() {
    Map<String, Stratum> out = new LinkedHashMap<>(strata);
    if (other.names > 0 || other.inspected() > 0) {
      out.put(OTHER, other);
    }
    return out;
  }

  /** The tracked strata (never {@code other}) in the order first seen. */
  List<Map.Entry<String, Stratum>> tracked() {
    return new ArrayList<>(strata.entrySet());
  }
}
