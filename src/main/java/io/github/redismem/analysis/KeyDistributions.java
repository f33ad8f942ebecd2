package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;
import java.util.EnumMap;
import java.util.Map;

/**
 * The histograms of a pass: key sizes and element counts per data type, and string lengths apart (a string's
 * length is bytes, not elements). Used by the sampler thread only.
 */
final class KeyDistributions {
  private final Map<DataType, Histogram> memory = new EnumMap<>(DataType.class);
  private final Map<DataType, Histogram> elements = new EnumMap<>(DataType.class);
  private final Histogram stringLengths = new Histogram(Histogram.STRING_LENGTH_BOUNDS);

  void observe(DataType type, KeyFacts k) {
    memory.computeIfAbsent(type, t -> new Histogram(Histogram.MEMORY_BOUNDS)).observe(k.memoryBytes());
    if (k.length() >= 0) {
      if (type == DataType.STRING) {
        stringLengths.observe(k.length());
      } else {
        elements.computeIfAbsent(type, t -> new Histogram(Histogram.ELEMENT_BOUNDS)).observe(k.length());
      }
    }
  }

  /**
   * Key sizes per type, counts scaled by {@code factor}; each sum is the type's estimated bytes (those of a sampled
   * pass are not its inspected bytes times the factor).
   */
  Map<DataType, Histogram.Snapshot> memory(double factor, Map<DataType, Double> bytesByType) {
    Map<DataType, Histogram.Snapshot> out = new EnumMap<>(DataType.class);
    memory.forEach((t, h) -> out.put(t, h.snapshot(factor, bytesByType.getOrDefault(t, 0.0))));
    return Map.copyOf(out);
  }

  Map<DataType, Histogram.Snapshot> elements(double factor) {
    Map<DataType, Histogram.Snapshot> out = new EnumMap<>(DataType.class);
    elements.forEach((t, h) -> out.put(t, h.snapshot(factor)));
    return Map.copyOf(out);
  }

  Histogram.Snapshot stringLengths(double factor) {
    return stringLengths.snapshot(factor);
  }
}
