package io.github.redismem.redis;

import java.util.Locale;

/**
 * The problem categories MEMORY DOCTOR knows, the same eight from Redis 5.0 to 8.x and in Valkey. The constants
 * follow the server's own order of reporting them.
 */
public enum DoctorIssue {
  /** Peak allocation over 150% of current allocation. */
  PEAK_MEMORY,
  /** Process RSS over 1.4 times the allocated memory, and more than 10 MB over it. */
  HIGH_TOTAL_RSS,
  /** Allocator external fragmentation over 1.1 and more than 10 MB. */
  HIGH_ALLOCATOR_FRAGMENTATION,
  /** Allocator resident over 1.1 times allocator active, and more than 10 MB over it. */
  HIGH_ALLOCATOR_RSS_OVERHEAD,
  /** Process RSS over 1.1 times allocator resident, and more than 10 MB over it (Lua, modules). */
  HIGH_PROCESS_RSS_OVERHEAD,
  /** Replica output buffers over 10 MB. */
  BIG_REPLICA_BUFFERS,
  /** Normal clients over 200 KB each on average. */
  BIG_CLIENT_BUFFERS,
  /** More than 1000 cached EVAL scripts. */
  MANY_SCRIPTS;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The name as a metric label value, e.g. {@code peak_memory}. */
  public String label() {
    return label;
  }
}
