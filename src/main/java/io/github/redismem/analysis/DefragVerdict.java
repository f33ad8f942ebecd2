package io.github.redismem.analysis;

import io.github.redismem.redis.MallocStats;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether active defragmentation would give memory back, judged the way Redis itself judges it.
 *
 * <p>What this follows, from the Redis sources:
 * <ul>
 *   <li>{@code getAllocatorFragmentation} in {@code src/defrag.c} (6.2, 7.0): fragmentation is
 *       {@code active / allocated * 100 - 100} percent and {@code active - allocated} bytes, from jemalloc's
 *       {@code stats.active} and {@code stats.allocated}; the same function's comment explains why RSS is not
 *       used (it includes pages jemalloc keeps for reuse, which a purge, not defrag, returns).</li>
 *   <li>{@code computeDefragCycles} there: defrag starts only when the percentage exceeds
 *       {@code active-defrag-threshold-lower} (default 10) and the bytes exceed {@code active-defrag-ignore-bytes}
 *       (default 100mb).</li>
 *   <li>{@code activeDefragAlloc} moves an allocation only when the allocator's defrag hint says so; the hint
 *       exists only for small allocations (slab regions) whose slab is less used than its bin's average.
 *       Redis 8's and Valkey's {@code allocator_defrag.c} make this explicit: their fragmentation is "wasted
 *       memory in small bins (which are defraggable)" over allocated bytes.</li>
 *   <li>Servers linked against a system jemalloc (Debian's and Ubuntu's packages) lack the hint: there
 *       {@code CONFIG SET activedefrag yes} fails with "Active defragmentation cannot be enabled: it requires a
 *       Redis server compiled with a modified Jemalloc" (seen on Debian's 7.0.15).</li>
 * </ul>
 * So the slack inside partly used small-allocation slabs is what defrag can reclaim; slack in large extents and
 * dirty pages (resident - active) it cannot.
 *
 * @param verdict {@code would_help}, {@code below_thresholds}, {@code outside_bins} or {@code unavailable}
 * @param reclaimableBytes estimated bytes defrag could give back: each bin's slack less one slab, which stays
 *     partly used
 * @param explanation one or two sentences for people, with the numbers
 */
public record DefragVerdict(String verdict, long reclaimableBytes, String explanation) {
  static final long DEFAULT_IGNORE_BYTES = 100L << 20;
  static final double DEFAULT_THRESHOLD_LOWER = 10;

  public static DefragVerdict unavailable(String why) {
    return new DefragVerdict("unavailable", 0, "allocator statistics unavailable: " + why);
  }

  /**
   * @param config CONFIG GET values; {@code activedefrag}, {@code active-defrag-ignore-bytes} and
   *     {@code active-defrag-threshold-lower} are used when present, Redis's defaults otherwise
   */
  public static DefragVerdict judge(MallocStats stats, Map<String, String> config) {
    long fragBytes = Math.max(0, stats.active() - stats.allocated());
    double fragPercent = stats.allocated() == 0 ? 0 : (double) stats.active() / stats.allocated() * 100 - 100;
    long ignoreBytes = number(config.get("active-defrag-ignore-bytes"), DEFAULT_IGNORE_BYTES);
    double lower = number(config.get("active-defrag-threshold-lower"), DEFAULT_THRESHOLD_LOWER);
    long reclaimable = reclaimable(stats);
    String binPart = String.format(Locale.ROOT, "%s of it is free space in partly used small-allocation slabs, "
        + "which is what active defrag moves (%s)", mib(reclaimable), worst(stats));
    String frag = String.format(Locale.ROOT, "allocator fragmentation (active - allocated) is %s, %.0f%% of "
        + "allocated", mib(fragBytes), fragPercent);
    if (fragBytes <= ignoreBytes || fragPercent <= lower) {
      String under = fragBytes <= ignoreBytes && fragPercent <= lower
          ? String.format(Locale.ROOT, "active-defrag-ignore-bytes (%s) and active-defrag-threshold-lower (%.0f%%)",
              mib(ignoreBytes), lower)
          : fragBytes <= ignoreBytes ? "active-defrag-ignore-bytes (" + mib(ignoreBytes) + ")"
          : String.format(Locale.ROOT, "active-defrag-threshold-lower (%.0f%%)", lower);
      return new DefragVerdict("below_thresholds", reclaimable, String.format(Locale.ROOT,
          "Active defrag would not start: %s, not over %s; %s.", frag, under, binPart));
    }
    if (reclaimable * 2 < fragBytes) {
      return new DefragVerdict("outside_bins", reclaimable, String.format(Locale.ROOT,
          "Active defrag would reclaim little: %s, but only %s. The rest sits in large allocations or pages "
              + "being returned, which defrag does not move.", frag, binPart));
    }
    String enabled = "yes".equalsIgnoreCase(config.getOrDefault("activedefrag", "")) ? "activedefrag is on."
        : "Enable it with CONFIG SET activedefrag yes; a Redis linked against a system jemalloc (Debian and Ubuntu "
            + "packages) refuses that, and only a restart or a resync of a replica gives the memory back there.";
    return new DefragVerdict("would_help", reclaimable, String.format(Locale.ROOT,
        "Active defrag would help: %s; %s. %s", frag, binPart, enabled));
  }

  /** Each bin's slack less one slab: the slab new allocations fill stays partly used. */
  public static long reclaimable(MallocStats stats) {
    long sum = 0;
    for (MallocStats.Bin b : stats.bins()) {
      sum += Math.max(0, b.wastedBytes(stats.pageSize()) - b.pagesPerSlab() * stats.pageSize());
    }
    return sum;
  }

  /** The bins that waste most, as {@code 112 B bins 16.0 MiB (25% used)}. */
  private static String worst(MallocStats stats) {
    List<MallocStats.Bin> top = topWasters(stats, 2);
    if (top.isEmpty()) {
      return "no small-allocation slabs in use";
    }
    StringBuilder out = new StringBuilder("most in ");
    for (int i = 0; i < top.size(); i++) {
      MallocStats.Bin b = top.get(i);
      out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d-byte regions: %s, %.0f%% used",
          b.size(), mib(b.wastedBytes(stats.pageSize())), b.utilisation(stats.pageSize()) * 100));
    }
    return out.toString();
  }

  /** The bins with the most slack, most first, at most {@code n}, none without slack. */
  public static List<MallocStats.Bin> topWasters(MallocStats stats, int n) {
    return stats.bins().stream().filter(b -> b.wastedBytes(stats.pageSize()) > 0)
        .sorted(Comparator.comparingLong((MallocStats.Bin b) -> b.wastedBytes(stats.pageSize())).reversed())
        .limit(n).toList();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static long number(String text, long fallback) {
    try {
      return text == null ? fallback : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static double number(String text, double fallback) {
    try {
      return text == null ? fallback : Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
