package io.github.redismem.redis;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What the sampler needs to know about the server before and during a pass: version, role, whether it is loading,
 * memory pressure and the dataset's size ({@code used_memory_dataset}, 0 when not reported), the databases with keys, and the encoding thresholds it could read with CONFIG GET.
 *
 * @param cpuNanos the CPU Redis has used since it started ({@code used_cpu_sys + used_cpu_user}), or -1 where INFO
 *     does not say; the sampler's throttle learns from its deltas what its batches really cost
 * @param allocator INFO's {@code mem_allocator} ({@code jemalloc-5.3.0}, {@code libc}), empty where not given: the
 *     size estimates round allocations as it does
 */
public record ServerView(int major, int minor, boolean primary, boolean loading, long usedMemory, long maxMemory,
    long datasetBytes, Map<Integer, Long> keysPerDb, Map<String, String> config, long cpuNanos, String allocator,
    String runId) {

  /** A view that does not know the server's run_id. */
  public ServerView(int major, int minor, boolean primary, boolean loading, long usedMemory, long maxMemory,
      long datasetBytes, Map<Integer, Long> keysPerDb, Map<String, String> config, long cpuNanos, String allocator) {
    this(major, minor, primary, loading, usedMemory, maxMemory, datasetBytes, keysPerDb, config, cpuNanos, allocator,
        "");
  }

  /** Whether {@code other} is a different run of the server (a restart): both know their run_id, and they differ. */
  public boolean restartedAs(ServerView other) {
    return !runId.isEmpty() && !other.runId.isEmpty() && !runId.equals(other.runId);
  }

  public boolean atLeast(int wantMajor, int wantMinor) {
    return major > wantMajor || (major == wantMajor && minor >= wantMinor);
  }

  /** A CONFIG value as a number, trying each name (7.x listpack names first, then 6.2 ziplist aliases). */
  public OptionalLong configNumber(String... names) {
    for (String name : names) {
      String v = config.get(name);
      if (v != null && v.strip().matches("-?\\d{1,19}")) {
        try {
          return OptionalLong.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
          // 19 digits past Long.MAX_VALUE: no threshold anyone set
        }
      }
    }
    return OptionalLong.empty();
  }

  /** used / maxmemory, 0 when there is no limit. */
  public double memoryPressure() {
    return maxMemory > 0 ? (double) usedMemory / maxMemory : 0;
  }

  static ServerView from(InfoReply info, Map<String, String> config) {
    String version = info.get("server", "valkey_version").or(() -> info.get("server", "redis_version")).orElse("0.0");
    String[] parts = version.split("\\.");
    int major = parse(parts, 0);
    int minor = parse(parts, 1);
    Map<Integer, Long> keys = new java.util.TreeMap<>();
    for (DbKeyspace db : KeyspaceParser.parse(info.section("keyspace"))) {
      if (db.keys() > 0) {
        keys.put(db.db(), db.keys());
      }
    }
    return new ServerView(major, minor, !"slave".equals(info.get("replication", "role").orElse("master")),
        info.number("persistence", "loading").orElse(0) > 0,
        (long) info.number("memory", "used_memory").orElse(0), (long) info.number("memory", "maxmemory").orElse(0),
        (long) info.number("memory", "used_memory_dataset").orElse(0), Map.copyOf(keys), Map.copyOf(config),
        cpuNanos(info), info.get("memory", "mem_allocator").orElse(""), info.get("server", "run_id").orElse("").strip());
  }

  /** {@code used_cpu_sys + used_cpu_user} in nanoseconds (INFO gives microseconds), -1 when either is missing. */
  static long cpuNanos(InfoReply info) {
    var sys = info.number("cpu", "used_cpu_sys");
    var user = info.number("cpu", "used_cpu_user");
    return sys.isPresent() && user.isPresent() ? Math.round((sys.getAsDouble() + user.getAsDouble()) * 1e9) : -1;
  }

  private static int parse(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
