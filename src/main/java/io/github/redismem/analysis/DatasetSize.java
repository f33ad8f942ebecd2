package io.github.redismem.analysis;

/**
 * What Redis says the dataset holds, at the end of a pass, for calibrating a sampled pass's estimates.
 *
 * @param bytes {@code used_memory_dataset}
 * @param keys keys in all databases (INFO keyspace)
 */
public record DatasetSize(long bytes, long keys) {
  /**
   * Bytes per key that {@code MEMORY USAGE} counts and {@code used_memory_dataset} does not: the key's entry in the
   * main dictionary (a {@code dictEntry}, 24 bytes on 64-bit builds), which INFO counts as overhead.
   */
  static final long ENTRY_BYTES = 24;

  /** The dataset in the units of a sum of MEMORY USAGE. */
  double asMemoryUsage() {
    return bytes + (double) ENTRY_BYTES * keys;
  }
}
