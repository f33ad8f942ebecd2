package io.github.redismem.analysis;

import java.util.Locale;

/**
 * A problem of the Redis instance as a whole, read from INFO, MEMORY STATS and CONFIG GET (and, for two of them,
 * the last pass), as opposed to a {@link Finding} about keys. The label is the {@code finding} label of
 * {@code redismem_instance_finding} and the name {@code --fail-on} takes.
 */
public enum InstanceFinding {
  FRAGMENTATION_HIGH("Memory fragmentation is high"),
  SWAPPING("Redis is partly swapped out"),
  MAXMEMORY_UNSET("No memory limit or eviction for a cache"),
  OVERHEAD_DOMINATES("Per-key overhead outweighs the data"),
  CLIENT_BUFFERS_LARGE("Large client output buffers"),
  NO_TTL_CACHE("A cache whose keys do not expire"),
  LIST_COMPRESSION_OFF("Long lists stored uncompressed"),
  SCRIPT_CACHE_LARGE("Large Lua script cache");

  private final String title;

  InstanceFinding(String title) {
    this.title = title;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String title() {
    return title;
  }
}
