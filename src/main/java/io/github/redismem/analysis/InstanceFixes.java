package io.github.redismem.analysis;

import static io.github.redismem.analysis.InstanceFindingDetector.HOST_SHARE;
import static io.github.redismem.analysis.InstanceFindingDetector.MIB;
import static io.github.redismem.analysis.InstanceFindingDetector.ceilMib;
import static io.github.redismem.analysis.InstanceFindingDetector.floorMib;
import static io.github.redismem.analysis.InstanceFindingDetector.mib;

import io.github.redismem.config.InstanceFindingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The instance findings read from the server's memory counters alone (no pass needed), each with its fix: the
 * settings lines carry values computed from the same counters.
 *
 * <p>Longer than our other classes on purpose: one short method per finding, each a few counters and the text of
 * its fix; they share nothing but that form, so a class per finding would add only ceremony.
 */
final class InstanceFixes {
  /** Below this allocator fragmentation active defrag does not start, whatever its thresholds (Redis's floor). */
  static final double DEFRAGGABLE_RATIO = 1.1;

  private InstanceFixes() {}

  static InstanceFindingResult fragmentation(InstanceFacts f, InstanceFindingSettings s) {
    double used = f.info("memory", "used_memory", 0);
    double rss = f.info("memory", "used_memory_rss", 0);
    double ratio = f.memory("fragmentation", "mem_fragmentation_ratio").orElse(used > 0 ? rss / used : 0);
    double bytes = f.memory("fragmentation.bytes", "mem_fragmentation_bytes").orElse(rss - used);
    OptionalDouble allocRatio = f.memory("allocator-fragmentation.ratio", "allocator_frag_ratio");
    OptionalDouble allocBytes = f.memory("allocator-fragmentation.bytes", "allocator_frag_bytes");
    double uptime = f.info("server", "uptime_in_seconds", 0);
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("mem_fragmentation_ratio", ratio);
    evidence.put("mem_fragmentation_bytes", bytes);
    evidence.put("used_memory", used);
    evidence.put("used_memory_rss", rss);
    allocRatio.ifPresent(v -> evidence.put("allocator_frag_ratio", v));
    allocBytes.ifPresent(v -> evidence.put("allocator_frag_bytes", v));
    evidence.put("uptime_in_seconds", uptime);
    if (!(ratio > s.fragmentationRatio() && bytes > s.fragmentationMinBytes())) {
      return InstanceFindingResult.clear(InstanceFinding.FRAGMENTATION_HIGH, Math.max(0, bytes), evidence);
    }
    String allocator = f.text("memory", "mem_allocator");
    boolean jemalloc = allocator.startsWith("jemalloc");
    boolean defragOn = "yes".equals(f.config().get("activedefrag"));
    boolean restart = ratio > s.restartFragmentationRatio() && uptime >= s.restartMinUptime().toSeconds();
    List<String> steps = new ArrayList<>();
    StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "The process holds %s of RAM for %s"
        + " of data (ratio %.2f): %s is lost to fragmentation.", mib(rss), mib(used), ratio, mib(bytes)));
    if (!jemalloc) {
      summary.append(" This build allocates with ").append(allocator.isEmpty() ? "an unknown allocator" : allocator)
          .append(": active defrag needs jemalloc, and CONFIG SET activedefrag yes is refused.");
      steps.add("free the memory by restarting this node, or by failing over to a replica and resyncing this one"
          + " (a node that loads its data afresh holds it compactly)");
      steps.add("for the long run, use a Redis build with jemalloc (the default on Linux), which can defragment"
          + " while running");
    } else if (allocRatio.isPresent() && allocRatio.getAsDouble() < DEFRAGGABLE_RATIO) {
      summary.append(String.format(Locale.ROOT, " The allocator's own fragmentation is low (%.2f): the excess is"
          + " memory the allocator keeps (dirty pages) or the process itself, which active defrag cannot compact.",
          allocRatio.getAsDouble()));
      steps.add("MEMORY PURGE (asks jemalloc to return its dirty pages to the OS)");
      steps.add("if the ratio stays high, check INFO memory allocator_rss_ratio and rss_overhead_ratio: they show"
          + " where the rest goes");
    } else {
      double allocFragment = allocBytes.orElse(bytes);
      // to a tenth of a percent, so that 1.6 reads as 60%, not 60.000000000000014%
      double percent = Math.round(1000 * (allocRatio.orElse(ratio) - 1)) / 10.0;
      long ignore = Math.max(MIB, Math.min(100 * MIB, floorMib(allocFragment / 2)));
      long lower = Math.max(1, Math.min(10, (long) Math.floor(percent / 2)));
      long upper = Math.max(lower + 10, Math.min(100, (long) Math.ceil(percent)));
      boolean severe = ratio > s.restartFragmentationRatio();
      long cycleMin = severe ? 5 : 1;
      long cycleMax = severe ? 50 : 25;
      summary.append(String.format(Locale.ROOT, " jemalloc can compact it while Redis runs: active defrag with"
          + " thresholds from the observed %.0f%% allocator fragmentation starts now and works hardest at this"
          + " level.", percent));
      steps.add(defragOn ? "activedefrag is already on: tune it to start at this level"
          : "CONFIG SET activedefrag yes");
      if (!defragOn) {
        // Redis cannot tell a read-only client whether its jemalloc has the defrag hint it needs: only the
        // CONFIG SET answers (Debian's package, linked to the system jemalloc, refuses it)
        steps.add("if that is refused (\"Active defragmentation cannot be enabled: it requires a Redis server"
            + " compiled with a modified Jemalloc\", as in builds linked to a system jemalloc such as Debian's"
            + " package), skip the lines below: only reloading the data compacts it on such a build (fail over to a"
            + " replica, then resync this node)");
      }
      steps.add("CONFIG SET active-defrag-ignore-bytes " + ignore + " (" + mib(ignore) + ", half the "
          + mib(allocFragment) + " fragmented; now " + now(f, "active-defrag-ignore-bytes") + ")");
      steps.add("CONFIG SET active-defrag-threshold-lower " + lower + " (now " + now(f, "active-defrag-threshold-lower")
          + ")");
      steps.add("CONFIG SET active-defrag-threshold-upper " + upper + " (now " + now(f, "active-defrag-threshold-upper")
          + ")");
      steps.add("CONFIG SET active-defrag-cycle-min " + cycleMin + " (now " + now(f, "active-defrag-cycle-min")
          + ")");
      steps.add("CONFIG SET active-defrag-cycle-max " + cycleMax + " (now " + now(f, "active-defrag-cycle-max")
          + "; the CPU share defrag may take, at some latency cost)");
      steps.add("CONFIG REWRITE (or put the same lines in redis.conf)");
      steps.add("watch INFO stats active_defrag_running and active_defrag_hits, and mem_fragmentation_ratio fall");
    }
    if (restart) {
      summary.append(String.format(Locale.ROOT, " After %.0f days of uptime a ratio above %.1f rarely comes down by"
          + " itself.", uptime / 86400, s.restartFragmentationRatio()));
      steps.add("plan a restart, or a failover to a replica (which loaded its data compactly) and then a resync"
          + " of this node");
    }
    return new InstanceFindingResult(InstanceFinding.FRAGMENTATION_HIGH, true, bytes, evidence, summary.toString(),
        steps);
  }

  static InstanceFindingResult swapping(InstanceFacts f, InstanceFindingSettings s) {
    double used = f.info("memory", "used_memory", 0);
    double rss = f.info("memory", "used_memory_rss", 0);
    double system = f.info("memory", "total_system_memory", 0);
    double missing = Math.max(0, used - rss);
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("used_memory", used);
    evidence.put("used_memory_rss", rss);
    evidence.put("total_system_memory", system);
    if (!(used > 0 && rss > 0 && rss < s.swapRatio() * used && missing > s.swapMinBytes())) {
      return InstanceFindingResult.clear(InstanceFinding.SWAPPING, missing, evidence);
    }
    long pid = (long) f.info("server", "process_id", 0);
    long resident = floorMib(rss);
    List<String> steps = new ArrayList<>();
    steps.add("confirm: grep VmSwap /proc/" + (pid > 0 ? pid : "<redis pid>") + "/status (on the Redis host)");
    steps.add("keep Redis in RAM: sysctl vm.swappiness=1, or swapoff -a on a host dedicated to Redis");
    steps.add("sysctl vm.overcommit_memory=1, as Redis asks in its log, so BGSAVE's fork does not fail when memory"
        + " is tight");
    steps.add("CONFIG SET maxmemory " + resident + " (" + mib(resident) + ", what the OS keeps resident now; now "
        + now(f, "maxmemory") + ") with an eviction policy, or give the host more memory"
        + (system > 0 ? " (it has " + mib(system) + ")" : ""));
    String summary = String.format(Locale.ROOT, "Redis has %s allocated but only %s resident: %s is swapped out."
        + " Every access to a swapped page waits for the disk, so latency jumps by orders of magnitude.",
        mib(used), mib(rss), mib(missing));
    return new InstanceFindingResult(InstanceFinding.SWAPPING, true, missing, evidence, summary, steps);
  }

  static InstanceFindingResult maxmemory(InstanceFacts f, InstanceFindingSettings s) {
    double maxmemory = f.info("memory", "maxmemory", 0);
    String policy = f.text("memory", "maxmemory_policy");
    double used = f.info("memory", "used_memory", 0);
    double peak = Math.max(used, f.info("memory", "used_memory_peak", 0));
    double system = f.info("memory", "total_system_memory", 0);
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("maxmemory", maxmemory);
    evidence.put("used_memory", used);
    evidence.put("used_memory_peak", peak);
    evidence.put("total_system_memory", system);
    evidence.put("expiring_share", f.expiringShare());
    boolean unset = maxmemory == 0;
    boolean cacheWithoutEviction = maxmemory > 0 && "noeviction".equals(policy) && f.keys() > 0
        && f.expiringShare() >= s.cacheExpiringShare();
    if (!(unset || cacheWithoutEviction)) {
      return InstanceFindingResult.clear(InstanceFinding.MAXMEMORY_UNSET, unset ? used : 0, evidence);
    }
    String suggestedPolicy = f.expiringShare() >= s.cacheExpiringShare() && f.expiringShare() < 1
        ? "volatile-lru" : "allkeys-lru";
    List<String> steps = new ArrayList<>();
    String summary;
    if (unset) {
      long suggested = ceilMib(peak * (1 + s.maxmemoryHeadroom()));
      boolean capped = false;
      if (system > 0 && suggested > HOST_SHARE * system) {
        suggested = floorMib(HOST_SHARE * system);
        capped = true;
      }
      evidence.put("suggested_maxmemory", (double) suggested);
      summary = String.format(Locale.ROOT, "maxmemory is 0: Redis grows until the host runs out of memory, then"
          + " swaps or is killed by the OOM killer. The limit below is the peak so far (%s) plus %.0f%%%s.",
          mib(peak), 100 * s.maxmemoryHeadroom(), capped ? String.format(Locale.ROOT, ", capped at %.0f%% of the"
              + " host's %s to leave room for fork copy-on-write and the OS", 100 * HOST_SHARE, mib(system)) : "");
      steps.add("CONFIG SET maxmemory " + suggested + " (" + mib(suggested) + ")");
      steps.add("CONFIG SET maxmemory-policy " + suggestedPolicy + " (now " + (policy.isEmpty() ? "unknown" : policy)
          + ")" + (suggestedPolicy.startsWith("volatile") ? ": only keys with a TTL are evicted, the others kept"
              : ": the least recently used keys make room; allkeys-lfu if a few keys are hot"));
    } else {
      summary = String.format(Locale.ROOT, "maxmemory is %s but maxmemory-policy is noeviction, while %.0f%% of"
          + " the keys have a TTL, as in a cache: at the limit writes fail with OOM instead of old keys making"
          + " room.", mib(maxmemory), 100 * f.expiringShare());
      steps.add("CONFIG SET maxmemory-policy " + suggestedPolicy + " (now noeviction)");
    }
    steps.add("if Redis is a database rather than a cache, keep maxmemory-policy noeviction: writes then fail with"
        + " OOM at the limit instead of data being evicted");
    steps.add("CONFIG REWRITE (or put the same lines in redis.conf)");
    return new InstanceFindingResult(InstanceFinding.MAXMEMORY_UNSET, true, unset ? used : maxmemory, evidence,
        summary, steps);
  }

  static InstanceFindingResult clientBuffers(InstanceFacts f, InstanceFindingSettings s) {
    double recentMax = f.info("clients", "client_recent_max_output_buffer", 0);
    double normal = f.memory("clients.normal", "mem_clients_normal").orElse(0);
    double clients = f.info("clients", "connected_clients", 0);
    double maxmemory = f.info("memory", "maxmemory", 0);
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("client_recent_max_output_buffer", recentMax);
    evidence.put("mem_clients_normal", normal);
    evidence.put("connected_clients", clients);
    if (!(recentMax > s.clientBufferBytes())) {
      return InstanceFindingResult.clear(InstanceFinding.CLIENT_BUFFERS_LARGE, recentMax, evidence);
    }
    // hard limit: 4x the threshold, at most a tenth of maxmemory; soft: the threshold for 30 seconds
    long hard = ceilMib(4.0 * s.clientBufferBytes());
    if (maxmemory > 0) {
      hard = Math.max(ceilMib(s.clientBufferBytes()), Math.min(hard, floorMib(maxmemory / 10)));
    }
    long soft = Math.min(hard, ceilMib(s.clientBufferBytes()));
    String summary = String.format(Locale.ROOT, "A normal client's output buffer reached %s (normal clients hold"
        + " %s in all): a consumer reads replies more slowly than Redis produces them (a slow or stuck client,"
        + " MONITOR, a big KEYS or HGETALL). The buffer grows without bound: normal clients have no limit by"
        + " default.", mib(recentMax), mib(normal));
    List<String> steps = List.of(
        "find it: CLIENT LIST TYPE normal, and look for a big omem (output buffer bytes); its addr, name and cmd"
            + " say which consumer it is",
        "CONFIG SET client-output-buffer-limit \"normal " + hard / MIB + "mb " + soft / MIB + "mb 30\" (now "
            + normalLimit(f) + "): a client over " + mib(hard) + ", or over " + mib(soft)
            + " for 30 s, is disconnected"
            + (recentMax > hard ? "; the client that reached " + mib(recentMax) + " would have been" : ""),
        "CONFIG REWRITE (or put the same line in redis.conf)",
        "to free the memory now: CLIENT KILL ID <id> of that client");
    return new InstanceFindingResult(InstanceFinding.CLIENT_BUFFERS_LARGE, true, recentMax, evidence, summary, steps);
  }

  static InstanceFindingResult scripts(InstanceFacts f, InstanceFindingSettings s) {
    double count = f.info("memory", "number_of_cached_scripts", 0);
    // 7.0 split the script memory into eval scripts and functions; 6.2 has only the eval cache
    double cache = f.info("memory", "used_memory_scripts_eval").orElse(f.info("memory", "used_memory_scripts", 0));
    double vm = f.info("memory", "used_memory_vm_eval").orElse(f.info("memory", "used_memory_lua", 0));
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("number_of_cached_scripts", count);
    evidence.put("used_memory_scripts_eval", cache);
    evidence.put("used_memory_vm_eval", vm);
    double bytes = cache + vm;
    if (!(count > s.scriptCacheCount() || bytes > s.scriptCacheBytes())) {
      return InstanceFindingResult.clear(InstanceFinding.SCRIPT_CACHE_LARGE, bytes, evidence);
    }
    List<String> steps = new ArrayList<>();
    steps.add("find the script text that varies: scripts with values written into their text (EVAL \"return"
        + " redis.call('GET','user:42')\" 0) make a new cached script per value, never freed");
    steps.add("pass the values as KEYS and ARGV (EVAL \"return redis.call('GET',KEYS[1])\" 1 user:42): one script"
        + " serves every call; load it once with SCRIPT LOAD and call EVALSHA <sha1>");
    if (f.major() >= 7) {
      steps.add("or, on Redis 7.0+, FUNCTION LOAD a library once and call it with FCALL");
    }
    steps.add("then SCRIPT FLUSH ASYNC to free the cache (clients calling EVALSHA get NOSCRIPT once and load"
        + " their script again)");
    String summary = String.format(Locale.ROOT, "%,.0f scripts are cached, taking %s (with the Lua VM's memory):"
        + " every distinct script text sent with EVAL stays cached until SCRIPT FLUSH or a restart.", count,
        mib(bytes));
    return new InstanceFindingResult(InstanceFinding.SCRIPT_CACHE_LARGE, true, bytes, evidence, summary, steps);
  }

  private static String now(InstanceFacts f, String setting) {
    String v = f.config().get(setting);
    return v == null ? "unknown: CONFIG GET unavailable" : v;
  }

  private static String normalLimit(InstanceFacts f) {
    String v = f.config().get("client-output-buffer-limit");
    if (v == null) {
      return "unknown: CONFIG GET unavailable";
    }
    int at = v.indexOf("normal ");
    if (at < 0) {
      return v;
    }
    String[] parts = v.substring(at).split(" ");
    return parts.length >= 4 ? String.join(" ", parts[0], parts[1], parts[2], parts[3]) : v;
  }
}
