package io.github.redismem.redis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Works out what MEMORY DOCTOR would report, from INFO and MEMORY STATS numbers, with the server's own tests
 * ({@code getMemoryDoctorReport} in object.c, unchanged in substance from Redis 6.2 to 8.x and in Valkey 8).
 *
 * <p>Computing the categories means they can be published where MEMORY DOCTOR is blocked, and checked against
 * the text where it is not. MEMORY STATS is preferred: it prints the server's ratios at full precision, where
 * INFO rounds them to two decimals, so with INFO alone a ratio within 0.005 of its threshold may be judged
 * differently from the server. A category whose numbers are missing is reported as absent.
 */
public final class DoctorRules {
  private static final long MB = 1024 * 1024;
  private static final long EMPTY_BELOW = 5 * MB;
  private static final long BIG_OVERHEAD = 10 * MB;
  private static final long BIG_CLIENT = 200 * 1024;
  private static final long BIG_REPLICA = 10 * MB;
  private static final long MANY_SCRIPTS = 1000;

  /**
   * The categories the doctor would report.
   *
   * @param tooSmall the doctor would only say the instance is too small to judge (under 5 MB allocated); then
   *     {@code issues} is empty, as the server checks nothing else
   * @param issues unmodifiable
   */
  public record DoctorAssessment(boolean tooSmall, Set<DoctorIssue> issues) {
    public DoctorAssessment {
      issues = issues.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(issues));
    }
  }

  private DoctorRules() {
  }

  /** Never throws; {@code info} may be empty and {@code statsOrNull} absent. */
  public static DoctorAssessment evaluate(InfoReply info, MemoryStats statsOrNull) {
    Numbers n = new Numbers(info == null ? InfoReply.parse("") : info, statsOrNull);
    OptionalDouble total = n.get("total.allocated", "memory", "used_memory");
    if (total.isPresent() && total.getAsDouble() < EMPTY_BELOW) {
      return new DoctorAssessment(true, Set.of());
    }
    Set<DoctorIssue> issues = EnumSet.noneOf(DoctorIssue.class);
    OptionalDouble peak = n.get("peak.allocated", "memory", "used_memory_peak");
    // The server converts both to float before dividing; a peak a few bytes over 1.5 times is exactly 1.5 there.
    if (peak.isPresent() && total.isPresent() && total.getAsDouble() > 0
        && (float) peak.getAsDouble() / (float) total.getAsDouble() > 1.5) {
      issues.add(DoctorIssue.PEAK_MEMORY);
    }
    if (overhead(n, "fragmentation", "fragmentation.bytes", "mem_fragmentation_ratio", "mem_fragmentation_bytes",
        1.4)) {
      issues.add(DoctorIssue.HIGH_TOTAL_RSS);
    }
    if (overhead(n, "allocator-fragmentation.ratio", "allocator-fragmentation.bytes", "allocator_frag_ratio",
        "allocator_frag_bytes", 1.1)) {
      issues.add(DoctorIssue.HIGH_ALLOCATOR_FRAGMENTATION);
    }
    if (overhead(n, "allocator-rss.ratio", "allocator-rss.bytes", "allocator_rss_ratio", "allocator_rss_bytes",
        1.1)) {
      issues.add(DoctorIssue.HIGH_ALLOCATOR_RSS_OVERHEAD);
    }
    if (overhead(n, "rss-overhead.ratio", "rss-overhead.bytes", "rss_overhead_ratio", "rss_overhead_bytes", 1.1)) {
      issues.add(DoctorIssue.HIGH_PROCESS_RSS_OVERHEAD);
    }
    if (bigReplicaBuffers(n)) {
      issues.add(DoctorIssue.BIG_REPLICA_BUFFERS);
    }
    if (bigClientBuffers(n)) {
      issues.add(DoctorIssue.BIG_CLIENT_BUFFERS);
    }
    OptionalDouble scripts = n.info("memory", "number_of_cached_scripts");
    if (scripts.isPresent() && scripts.getAsDouble() > MANY_SCRIPTS) {
      issues.add(DoctorIssue.MANY_SCRIPTS);
    }
    return new DoctorAssessment(false, issues);
  }

  private static boolean overhead(Numbers n, String statsRatio, String statsBytes, String infoRatio,
      String infoBytes, double threshold) {
    OptionalDouble ratio = n.get(statsRatio, "memory", infoRatio);
    OptionalDouble bytes = n.get(statsBytes, "memory", infoBytes);
    return ratio.isPresent() && bytes.isPresent() && ratio.getAsDouble() > threshold
        && bytes.getAsDouble() > BIG_OVERHEAD;
  }

  private static boolean bigClientBuffers(Numbers n) {
    OptionalDouble memory = n.get("clients.normal", "memory", "mem_clients_normal");
    // connected_clients, like the server's count, is all clients less replicas, the asking client included.
    OptionalDouble clients = n.info("clients", "connected_clients");
    if (memory.isEmpty() || clients.isEmpty() || clients.getAsDouble() < 1) {
      return false;
    }
    // Integer division, as the server does it.
    return (long) memory.getAsDouble() / (long) clients.getAsDouble() > BIG_CLIENT;
  }

  private static boolean bigReplicaBuffers(Numbers n) {
    OptionalDouble replicas = n.info("replication", "connected_slaves");
    OptionalDouble memory = n.get("clients.slaves", "memory", "mem_clients_slaves");
    if (replicas.isEmpty() || memory.isEmpty() || replicas.getAsDouble() < 1) {
      return false;
    }
    long bytes = (long) memory.getAsDouble();
    // Until 6.2 each replica had its own buffer and the test was on the average; 7.0 shares one replication
    // buffer and tests the replicas' part of it as a whole.
    if (n.majorVersion() < 7) {
      bytes /= (long) replicas.getAsDouble();
    }
    return bytes > BIG_REPLICA;
  }

  /** The numbers the rules read, each from MEMORY STATS when it has it, else from INFO. */
  private record Numbers(InfoReply info, MemoryStats stats) {
    OptionalDouble get(String statsField, String infoSection, String infoField) {
      if (stats != null) {
        OptionalDouble v = stats.field(statsField);
        if (v.isPresent()) {
          return v;
        }
      }
      return info(infoSection, infoField);
    }

    OptionalDouble info(String section, String field) {
      return info.number(section, field);
    }

    /** The Redis major version (Valkey prints its Redis compatibility version, 7.2.4, here). */
    int majorVersion() {
      String version = info.get("server", "redis_version").orElse("");
      int dot = version.indexOf('.');
      try {
        return Integer.parseInt(dot < 0 ? version.strip() : version.substring(0, dot).strip());
      } catch (NumberFormatException e) {
        // Unknown: judge by the current servers' rule.
        return Integer.MAX_VALUE;
      }
    }
  }
}
