package io.github.redismem.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * One prefix of one database during a pass, the unit of post-stratification: how many names SCAN returned under
 * it, and the sums of its inspected keys, in total and per cell (an encoding, a TTL bucket, a finding). Keys under
 * one prefix are usually alike, so estimating each prefix from its own keys, weighted by its own count, is much
 * closer than one weight for the whole keyspace.
 */
final class Stratum {
  /** Names SCAN returned (sampled passes only; an exact pass counts inspected keys). */
  long names;
  /** Picked keys outside the user's ACL key pattern (sampled passes only): sampled, of no category. */
  long forbidden;
  /** Every inspected key of the prefix. */
  final SampleSums all = new SampleSums();
  /** By {@link Cell}, {@link TtlBucket} or {@link Finding}; the small strings of the prefix under SMALL_STRINGS_GROUPABLE. */
  final Map<Object, SampleSums> cells = new HashMap<>();
  final TopKeys smallStringExamples = new TopKeys(PassAggregator.EXAMPLES);
  /** Summed name allocations of the inspected keys (long_key_names); their savings are under LONG_KEY_NAMES. */
  double nameBytes;
  final TopKeys longNameExamples = new TopKeys(PassAggregator.EXAMPLES);

  /** The cell of one data type in one encoding. */
  record Cell(DataType type, String encoding) {}

  SampleSums cell(Object key) {
    return cells.computeIfAbsent(key, k -> new SampleSums());
  }

  long inspected() {
    return all.keys;
  }

  /** Keys picked: inspected, or refused as forbidden (which count in no category, as keys of none). */
  long sampled() {
    return all.keys + forbidden;
  }

  /** What each inspected key of the stratum stands for: its names over its picked keys. */
  Estimator.Weight weight() {
    return Estimator.Weight.of(names, sampled());
  }

  /** Adds one inspected key to a cell, whatever the cell's key. */
  void add(Object cell, KeySample k, long reclaim) {
    cell(cell).add(k.bytes(), k.big(), k.open(), reclaim);
  }

  void addAll(Stratum o) {
    names += o.names;
    forbidden += o.forbidden;
    all.addAll(o.all);
    o.cells.forEach((k, v) -> cell(k).addAll(v));
    o.smallStringExamples.sorted().forEach(smallStringExamples::offer);
    nameBytes += o.nameBytes;
    o.longNameExamples.sorted().forEach(longNameExamples::offer);
  }
}
