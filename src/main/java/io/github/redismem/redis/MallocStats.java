package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of MEMORY MALLOC-STATS (jemalloc's {@code malloc_stats_print} text) that say where allocator-level
 * fragmentation sits: the process totals and, per small size class (bin), how full its slabs are.
 *
 * <p>Read from the text jemalloc 5.x prints (5.1 in Redis 6.2's bundled copy, 5.3 in Debian's Redis 7.0). Bin
 * columns are found by their header names, so versions that add columns (5.3 adds {@code (#/sec)} and
 * {@code nshards}) parse alike. When several arenas are in use jemalloc prints a {@code Merged arenas stats:}
 * section first; its bins are taken, otherwise the bins of all {@code arenas[N]:} sections are summed.
 * Destroyed arenas are ignored.
 *
 * @param version jemalloc's version string ({@code 5.3.0-0-g54eaed1...}); empty when not printed
 * @param pageSize bytes per page, from {@code Page size:}
 * @param allocated bytes handed out to the program ({@code stats.allocated})
 * @param active bytes of the pages holding them ({@code stats.active}): allocated plus slack in partly used slabs
 * @param metadata bytes of jemalloc's own bookkeeping
 * @param resident bytes of pages jemalloc holds resident, dirty pages included
 * @param mapped bytes mapped in active extents
 * @param retained bytes of virtual memory kept for reuse, not resident
 * @param bins the small size classes in use, by size
 */
public record MallocStats(String version, long pageSize, long allocated, long active, long metadata, long resident,
    long mapped, long retained, List<Bin> bins) {

  public MallocStats {
    bins = List.copyOf(bins);
  }

  /**
   * One small size class.
   *
   * @param size bytes per region
   * @param regions regions in use ({@code curregs}); jemalloc counts regions held by thread caches as in use
   * @param slabs slabs holding them ({@code curslabs})
   * @param regionsPerSlab regions one slab holds ({@code regs})
   * @param pagesPerSlab pages of one slab ({@code pgs})
   */
  public record Bin(long size, long regions, long slabs, long regionsPerSlab, long pagesPerSlab) {
    public long allocatedBytes() {
      return times(size, regions);
    }

    /** Bytes of the slabs in use. */
    public long activeBytes(long pageSize) {
      return times(times(slabs, pagesPerSlab), pageSize);
    }

    /** Free regions inside slabs that are in use: what moving allocations out of sparse slabs can give back. */
    public long wastedBytes(long pageSize) {
      return Math.max(0, activeBytes(pageSize) - allocatedBytes());
    }

    /** allocated / active of the slabs, 0..1; 1 for a class without slabs. */
    public double utilisation(long pageSize) {
      long active = activeBytes(pageSize);
      return active == 0 ? 1 : (double) allocatedBytes() / active;
    }
  }

  /** What a parse gave: the numbers, or why there are none. */
  public sealed interface Parsed permits Read, Unreadable {}

  public record Read(MallocStats stats) implements Parsed {}

  /** @param reason a short sentence for people; never a metric label */
  public record Unreadable(String reason) implements Parsed {}

  /** The reply of Redis built with libc malloc or another allocator without stats (zmalloc.c). */
  static final String NOT_SUPPORTED = "Stats not supported for the current allocator";

  private static final Pattern TOTALS = Pattern.compile("^Allocated: (\\d+), active: (\\d+), metadata: (\\d+)"
      + "(?: \\(n_thp \\d+\\))?, resident: (\\d+), mapped: (\\d+), retained: (\\d+)");
  private static final Pattern VERSION = Pattern.compile("^Version: \"?([^\"]*)\"?");
  private static final Pattern PAGE = Pattern.compile("^Page size: (\\d+)");
  private static final Pattern ARENA = Pattern.compile("^arenas\\[\\d+\\]:");
  private static final List<String> BIN_COLUMNS = List.of("size", "curregs", "curslabs", "regs", "pgs");

  /** Parses the text as Redis sends it; never throws. */
  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return new Unreadable("empty reply");
    }
    if (text.strip().startsWith(NOT_SUPPORTED)) {
      return new Unreadable("the allocator keeps no statistics (Redis not built with jemalloc)");
    }
    if (!text.contains("jemalloc statistics")) {
      return new Unreadable("not jemalloc statistics");
    }
    String version = "";
    long page = 0;
    long[] totals = null;
    Map<Long, long[]> merged = new LinkedHashMap<>();
    Map<Long, long[]> arenas = new LinkedHashMap<>();
    Map<Long, long[]> current = null;
    Map<String, Integer> columns = null;
    for (String raw : text.split("\r?\n")) {
      String line = raw.stripTrailing();
      Matcher m;
      if (version.isEmpty() && (m = VERSION.matcher(line)).find()) {
        version = m.group(1);
      } else if (page == 0 && (m = PAGE.matcher(line)).find()) {
        page = parseLong(m.group(1)); // -1 for digits beyond a long: "no page size" below
      } else if (totals == null && (m = TOTALS.matcher(line)).find()) {
        totals = new long[6];
        for (int i = 0; i < 6; i++) {
          totals[i] = parseLong(m.group(i + 1));
        }
      } else if (line.startsWith("Merged arenas stats:")) {
        current = merged;
      } else if (line.startsWith("Destroyed arenas stats:")) {
        current = null;
      } else if (ARENA.matcher(line).find()) {
        // per-arena sections after a merged one repeat its numbers
        current = merged.isEmpty() ? arenas : null;
      } else if (line.startsWith("bins:")) {
        columns = columns(line);
      } else if (columns != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
        String[] cells = line.strip().split("\\s+");
        if (cells[0].equals("---")) {
          continue;
        }
        long[] row = row(cells, columns);
        if (row == null) {
          columns = null;
        } else if (current != null) {
          current.merge(row[0], row, (a, b) -> new long[] {a[0], a[1] + b[1], a[2] + b[2], a[3], a[4]});
        }
      } else {
        columns = null;
      }
    }
    if (totals == null) {
      return new Unreadable("no totals line (Allocated: ..., active: ...) in the statistics");
    }
    if (java.util.Arrays.stream(totals).anyMatch(v -> v < 0)) {
      return new Unreadable("a total in the statistics is beyond 2^63 bytes");
    }
    if (page <= 0) {
      return new Unreadable("no page size in the statistics");
    }
    List<Bin> bins = new ArrayList<>();
    (merged.isEmpty() ? arenas : merged).values().forEach(r -> bins.add(new Bin(r[0], r[1], r[2], r[3], r[4])));
    bins.sort((a, b) -> Long.compare(a.size(), b.size()));
    return new Read(new MallocStats(version, page, totals[0], totals[1], totals[2], totals[3], totals[4], totals[5],
        bins));
  }

  /** The needed columns' positions in a bins header; null when one is missing. */
  private static Map<String, Integer> columns(String header) {
    String[] names = header.substring("bins:".length()).strip().split("\\s+");
    Map<String, Integer> at = new LinkedHashMap<>();
    for (String wanted : BIN_COLUMNS) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(wanted)) {
          at.put(wanted, i);
          break;
        }
      }
    }
    return at.size() == BIN_COLUMNS.size() ? at : null;
  }

  /** size, curregs, curslabs, regs, pgs of one bin line; null for a line that is no bin row. */
  private static long[] row(String[] cells, Map<String, Integer> columns) {
    long[] row = new long[BIN_COLUMNS.size()];
    for (int i = 0; i < BIN_COLUMNS.size(); i++) {
      int at = columns.get(BIN_COLUMNS.get(i));
      if (at >= cells.length) {
        return null;
      }
      long v = parseLong(cells[at]);
      if (v < 0) {
        return null;
      }
      row[i] = v;
    }
    return row[0] > 0 ? row : null;
  }

  /** A product of counts from the text, held at Long.MAX_VALUE: an overflow must not turn into negative bytes. */
  private static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Small-bin slack summed over all classes. */
  public long binWastedBytes() {
    return bins.stream().mapToLong(b -> b.wastedBytes(pageSize)).reduce(0, (a, b) -> {
      long sum = a + b;
      return sum < 0 ? Long.MAX_VALUE : sum; // both are >= 0: a negative sum is an overflow
    });
  }

  public Optional<Bin> bin(long size) {
    return bins.stream().filter(b -> b.size() == size).findFirst();
  }
}
