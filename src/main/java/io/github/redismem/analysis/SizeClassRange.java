package io.github.redismem.analysis;

import io.github.redismem.redis.MallocStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jemalloc's small size classes grouped into a fixed set of ranges, a bounded {@code size_class} label. jemalloc 5
 * has 36 to 39 small classes (quantum 16 or 8): four per doubling, so each range below holds the classes of one
 * doubling (8-64 all of the first ones). Bins above 14336 bytes (pages over 4 KiB) fall in {@code large}.
 */
public enum SizeClassRange {
  UP_TO_64("8-64", 64),
  UP_TO_128("80-128", 128),
  UP_TO_256("160-256", 256),
  UP_TO_512("320-512", 512),
  UP_TO_1024("640-1024", 1024),
  UP_TO_2048("1280-2048", 2048),
  UP_TO_4096("2560-4096", 4096),
  UP_TO_8192("5120-8192", 8192),
  UP_TO_14336("10240-14336", 14336),
  LARGE("large", Long.MAX_VALUE);

  private final String label;
  private final long maxSize;

  SizeClassRange(String label, long maxSize) {
    this.label = label;
    this.maxSize = maxSize;
  }

  public String label() {
    return label;
  }

  public static SizeClassRange of(long size) {
    for (SizeClassRange r : values()) {
      if (size <= r.maxSize) {
        return r;
      }
    }
    return LARGE;
  }

  /** Bytes of one range: what its slabs hold, what they take and the difference. */
  public record Totals(SizeClassRange range, long allocatedBytes, long activeBytes, long wastedBytes) {}

  /** Every range, in size order, with zeros for ranges without bins, so series stay stable. */
  public static List<Totals> totals(MallocStats stats) {
    Map<SizeClassRange, long[]> sums = new LinkedHashMap<>();
    for (SizeClassRange r : values()) {
      sums.put(r, new long[3]);
    }
    for (MallocStats.Bin b : stats.bins()) {
      long[] s = sums.get(of(b.size()));
      s[0] += b.allocatedBytes();
      s[1] += b.activeBytes(stats.pageSize());
      s[2] += b.wastedBytes(stats.pageSize());
    }
    List<Totals> out = new ArrayList<>();
    sums.forEach((r, s) -> out.add(new Totals(r, s[0], s[1], s[2])));
    return out;
  }
}
