package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.KeyFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the keys of one pass into fixed-size aggregates: nothing is kept per key, so memory depends on the number
 * of databases, encodings and (capped) prefixes, never on the keyspace. Used by the sampler thread only.
 */
final class PassAggregator {
  private final SamplingSettings settings;
  private final Thresholds thresholds;
  private final FindingDetector findings;
  private final Prefixer prefixer;
  private final TopKeys topKeys;
  private final Map<DataType, Histogram> memory = new EnumMap<>(DataType.class);
  private final Map<DataType, Histogram> elements = new EnumMap<>(DataType.class);
  private final Map<Integer, Db> dbs = new TreeMap<>();
  private long keys;

  /** Totals of one database. */
  private static final class Db {
    final Map<DataType, Map<String, long[]>> encodings = new EnumMap<>(DataType.class);
    final Map<TtlBucket, long[]> ttls = new EnumMap<>(TtlBucket.class);
    final Map<Finding, FindingTally> findings = new EnumMap<>(Finding.class);
    final PrefixTable prefixes;

    Db(int prefixCapacity) {
      prefixes = new PrefixTable(prefixCapacity);
    }
  }

  PassAggregator(SamplingSettings settings, Thresholds thresholds, SavingsModel savings) {
    this.settings = settings;
    this.thresholds = thresholds;
    this.findings = new FindingDetector(thresholds, savings, settings.bigKeyBytes());
    this.prefixer = new Prefixer(settings.prefixDelimiters(), settings.prefixDepth(), settings.prefixPatterns());
    this.topKeys = new TopKeys(settings.topKeys());
  }

  void add(int db, KeyFacts k) {
    keys++;
    Db d = dbs.computeIfAbsent(db, i -> new Db(Math.max(1000, 20 * settings.maxPrefixes())));
    DataType type = DataType.of(k.type());
    long bytes = k.memoryBytes();
    TopKey.Builder entry = new TopKey.Builder(db, k, type);

    add(d.encodings.computeIfAbsent(type, t -> new TreeMap<>()).computeIfAbsent(k.encoding(), e -> new long[2]), bytes);
    add(d.ttls.computeIfAbsent(TtlBucket.of(k.ttlMillis()), b -> new long[2]), bytes);
    memory.computeIfAbsent(type, t -> new Histogram(Histogram.MEMORY_BOUNDS)).observe(bytes);
    if (k.length() >= 0) {
      elements.computeIfAbsent(type, t -> new Histogram(Histogram.ELEMENT_BOUNDS)).observe(k.length());
    }
    if (topKeys.wouldAccept(bytes)) {
      topKeys.offer(entry.build());
    }

    PrefixTable.Tally prefix = d.prefixes.tally(prefixer.prefixOf(k.key()));
    prefix.keys++;
    prefix.bytes += bytes;
    if (k.ttlMillis() == -1) {
      prefix.withoutTtl++;
    }
    if (!d.prefixes.isOther(prefix) && findings.smallString(k, type)) {
      prefix.smallStrings.add(bytes, findings.smallStringSaving(k), entry);
    }
    findings.detect(k, type, (finding, saving) ->
        d.findings.computeIfAbsent(finding, f -> new FindingTally()).add(bytes, saving, entry));
  }

  private static void add(long[] tally, long bytes) {
    tally[0]++;
    tally[1] += bytes;
  }

  long keys() {
    return keys;
  }

  PassResult finish(Instant finishedAt, Duration duration, double sampleRatio, long vanished, double redisTimeRatio) {
    double f = 1.0 / sampleRatio;
    List<PassResult.EncodingGroup> encodings = new ArrayList<>();
    List<PassResult.PrefixGroup> prefixes = new ArrayList<>();
    List<PassResult.TtlGroup> ttls = new ArrayList<>();
    List<PassResult.FindingGroup> findingGroups = new ArrayList<>();
    dbs.forEach((db, d) -> {
      d.encodings.forEach((type, byEncoding) -> byEncoding.forEach((encoding, v) ->
          encodings.add(new PassResult.EncodingGroup(db, type, encoding, v[0] * f, v[1] * f))));
      d.ttls.forEach((bucket, v) -> ttls.add(new PassResult.TtlGroup(db, bucket, v[0] * f, v[1] * f)));
      prefixes.addAll(d.prefixes.result(db, settings.maxPrefixes(), f));
      FindingTally small = d.prefixes.groupableSmallStrings(settings.smallStringsMinKeys(), f);
      if (small.keys() > 0) {
        d.findings.put(Finding.SMALL_STRINGS_GROUPABLE, small);
      }
      d.findings.forEach((finding, tally) -> findingGroups.add(tally.result(db, finding, f)));
    });
    Map<DataType, Histogram.Snapshot> mem = new EnumMap<>(DataType.class);
    memory.forEach((t, h) -> mem.put(t, h.snapshot(f)));
    Map<DataType, Histogram.Snapshot> elem = new EnumMap<>(DataType.class);
    elements.forEach((t, h) -> elem.put(t, h.snapshot(f)));
    return new PassResult(finishedAt, duration, sampleRatio, keys, vanished, redisTimeRatio, thresholds,
        List.copyOf(encodings), Map.copyOf(mem), Map.copyOf(elem), topKeys.sorted(), List.copyOf(prefixes),
        List.copyOf(ttls), List.copyOf(findingGroups));
  }
}
