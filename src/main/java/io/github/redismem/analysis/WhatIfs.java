package io.github.redismem.analysis;

import io.github.redismem.redis.KeyFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects, during a pass, what {@link ThresholdWhatIf} needs: per threshold, the keys in the big encoding by
 * element count with what each would free once compact. Bounded: one entry per distinct count up to 8 times the
 * threshold, whatever the keyspace. Used by the sampler thread only.
 */
final class WhatIfs {
  /** Candidates stop at this multiple of the current value: a compact encoding's O(N) costs grow with it. */
  static final int CAP_FACTOR = 8;

  private final Thresholds thresholds;
  private final SavingsModel savings;
  private final Map<String, Distribution> entries = new LinkedHashMap<>();
  private final Map<String, Distribution> values = new LinkedHashMap<>();

  WhatIfs(Thresholds thresholds, SavingsModel savings) {
    this.thresholds = thresholds;
    this.savings = savings;
    String compact = savings.listpack() ? "listpack" : "ziplist";
    entries.put("hash", new Distribution(DataType.HASH, "hash-max-" + compact + "-entries",
        thresholds.hashMaxEntries(), "hashtable", compact));
    values.put("hash", new Distribution(DataType.HASH, "hash-max-" + compact + "-value", thresholds.hashMaxValue(),
        "hashtable", compact));
    entries.put("zset", new Distribution(DataType.ZSET, "zset-max-" + compact + "-entries",
        thresholds.zsetMaxEntries(), "skiplist", compact));
    values.put("zset", new Distribution(DataType.ZSET, "zset-max-" + compact + "-value", thresholds.zsetMaxValue(),
        "skiplist", compact));
    entries.put("intset", new Distribution(DataType.SET, "set-max-intset-entries", thresholds.setMaxIntsetEntries(),
        "hashtable", "intset"));
    if (savings.setListpack() && thresholds.setMaxListpackEntries() > 0) {
      entries.put("set", new Distribution(DataType.SET, "set-max-listpack-entries",
          thresholds.setMaxListpackEntries(), "hashtable", "listpack"));
      values.put("set", new Distribution(DataType.SET, "set-max-listpack-value", thresholds.setMaxListpackValue(),
          "hashtable", "listpack"));
    }
  }

  /** Per element count: keys, memory, what they would free, and compact bytes per element (summed). */
  private static final class Row {
    double keys;
    double memory;
    double saving;
    double elementBytes;
  }

  private static final class Distribution {
    final DataType type;
    final String setting;
    final long current;
    final String from;
    final String to;
    final TreeMap<Long, Row> byCount = new TreeMap<>();
    final Row beyond = new Row();

    Distribution(DataType type, String setting, long current, String from, String to) {
      this.type = type;
      this.setting = setting;
      this.current = current;
      this.from = from;
      this.to = to;
    }

    void add(long count, long memory, long saving, double elementBytes, boolean convertible) {
      Row row = convertible && count <= CAP_FACTOR * current ? byCount.computeIfAbsent(count, c -> new Row()) : beyond;
      row.keys++;
      row.memory += memory;
      row.saving += saving;
      row.elementBytes += elementBytes;
    }
  }

  void add(KeyFacts k, DataType type) {
    long n = k.length();
    String enc = k.encoding();
    long mem = k.memoryBytes();
    int keyLength = k.key().length;
    if (n <= 0) {
      return;
    }
    switch (type) {
      case HASH -> {
        if ("hashtable".equals(enc)) {
          double mean = savings.meanElementLength(type, mem, n, keyLength);
          long saving = savings.hashToListpack(mem, n, keyLength);
          route("hash", n, mem, saving, savings.compactElementBytes(type, Math.max(0, mean), false),
              mean <= thresholds.hashMaxValue());
        }
      }
      case ZSET -> {
        if ("skiplist".equals(enc)) {
          double mean = savings.meanElementLength(type, mem, n, keyLength);
          long saving = savings.zsetToListpack(mem, n, keyLength);
          route("zset", n, mem, saving, savings.compactElementBytes(type, Math.max(0, mean), false),
              mean <= thresholds.zsetMaxValue());
        }
      }
      case SET -> {
        if ("hashtable".equals(enc)) {
          boolean integers = Boolean.TRUE.equals(k.integerMembers());
          double mean = savings.meanElementLength(type, mem, n, keyLength);
          if (integers && n > thresholds.setMaxIntsetEntries()) {
            entries.get("intset").add(n, mem, savings.setToCompact(mem, n, true, keyLength),
                n * savings.compactElementBytes(type, Math.max(0, mean), true), true);
          } else if (entries.containsKey("set")) {
            route("set", n, mem, savings.setToCompact(mem, n, false, keyLength),
                savings.compactElementBytes(type, Math.max(0, mean), false), mean <= thresholds.setMaxListpackValue());
          }
        }
      }
      default -> { }
    }
  }

  /** Over the entries limit to its distribution; within it, the key is held back by the value limit (or shrank). */
  private void route(String name, long n, long mem, long saving, double bytesPerElement, boolean valuesFit) {
    Distribution e = entries.get(name);
    if (n > e.current) {
      e.add(n, mem, saving, n * bytesPerElement, valuesFit);
    } else {
      values.get(name).beyond.keys++;
      values.get(name).beyond.memory += mem;
      values.get(name).beyond.saving += saving;
    }
  }

  /** The what-ifs, keys and bytes scaled by {@code factor} (1 / sample ratio); thresholds nobody is over are left out. */
  List<ThresholdWhatIf> finish(double factor) {
    List<ThresholdWhatIf> out = new ArrayList<>();
    for (Distribution d : entries.values()) {
      double keysIn = d.byCount.values().stream().mapToDouble(r -> r.keys).sum();
      double total = keysIn + d.beyond.keys;
      if (total == 0) {
        continue;
      }
      double memory = d.beyond.memory + d.byCount.values().stream().mapToDouble(r -> r.memory).sum();
      out.add(new ThresholdWhatIf(d.type, d.setting, d.current, d.from, d.to, total * factor, memory * factor,
          d.beyond.keys * factor, candidates(d, total, factor), 0));
    }
    for (Distribution d : values.values()) {
      if (d.beyond.keys > 0) {
        out.add(new ThresholdWhatIf(d.type, d.setting, d.current, d.from, d.to, d.beyond.keys * factor,
            d.beyond.memory * factor, 0, List.of(), d.beyond.saving * factor));
      }
    }
    return out;
  }

  private static List<ThresholdWhatIf.Candidate> candidates(Distribution d, double total, double factor) {
    TreeMap<Long, List<String>> values = new TreeMap<>();
    long cap = CAP_FACTOR * d.current;
    values.computeIfAbsent(2 * d.current, v -> new ArrayList<>()).add("2x");
    values.computeIfAbsent(4 * d.current, v -> new ArrayList<>()).add("4x");
    percentile(d, total, 0.90).ifPresent(v -> values.computeIfAbsent(Math.min(v, cap), x -> new ArrayList<>())
        .add("p90"));
    percentile(d, total, 0.99).ifPresent(v -> values.computeIfAbsent(Math.min(v, cap), x -> new ArrayList<>())
        .add("p99"));
    double elements = 0;
    double elementBytes = 0;
    for (Map.Entry<Long, Row> e : d.byCount.entrySet()) {
      elements += e.getKey() * e.getValue().keys;
      elementBytes += e.getValue().elementBytes;
    }
    double perElement = elements > 0 ? elementBytes / elements : 0;
    List<ThresholdWhatIf.Candidate> out = new ArrayList<>();
    values.forEach((value, bases) -> {
      double keys = 0;
      double saving = 0;
      for (Row r : d.byCount.headMap(value, true).values()) {
        keys += r.keys;
        saving += r.saving;
      }
      out.add(new ThresholdWhatIf.Candidate(value, String.join(",", bases), keys * factor, saving * factor,
          Math.round(value * perElement)));
    });
    return out;
  }

  /** The smallest count covering {@code share} of the keys over the current value; empty if that is beyond the cap. */
  private static java.util.OptionalLong percentile(Distribution d, double total, double share) {
    double need = Math.ceil(share * total);
    double seen = 0;
    for (Map.Entry<Long, Row> e : d.byCount.entrySet()) {
      seen += e.getValue().keys;
      if (seen >= need) {
        return java.util.OptionalLong.of(e.getKey());
      }
    }
    return java.util.OptionalLong.empty();
  }
}
