package io.github.redismem.analysis;

import java.util.List;

/** Running totals of one finding in one database, with its biggest keys as examples. */
final class FindingTally {
  static final int EXAMPLES = 5;
  private long keys;
  private long bytes;
  private long reclaimable;
  private final TopKeys examples = new TopKeys(EXAMPLES);

  void add(long keyBytes, long saving, TopKey.Builder example) {
    keys++;
    bytes += keyBytes;
    reclaimable += saving;
    if (examples.wouldAccept(keyBytes)) {
      examples.offer(example.build());
    }
  }

  void addAll(FindingTally other) {
    keys += other.keys;
    bytes += other.bytes;
    reclaimable += other.reclaimable;
    other.examples.sorted().forEach(examples::offer);
  }

  long keys() {
    return keys;
  }

  PassResult.FindingGroup result(int db, Finding finding, double factor) {
    List<TopKey> sample = examples.sorted();
    return new PassResult.FindingGroup(db, finding, keys * factor, bytes * factor, reclaimable * factor, sample);
  }
}
