package io.github.redismem.report;

import io.github.redismem.analysis.DefragVerdict;
import io.github.redismem.analysis.SizeClassRange;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.MallocStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Builds the report's allocator section from the last MEMORY MALLOC-STATS read. Pure. */
final class AllocatorSection {
  static final int SIZE_CLASS_ROWS = 8;

  private AllocatorSection() {}

  /**
   * @param config CONFIG GET values of the same instance: the defrag settings decide the verdict
   */
  static Report.Allocator of(AllocatorStats read, Map<String, String> config, Instant now) {
    OptionalDouble age = read.readAt().map(at -> OptionalDouble.of(
        Math.max(0, Duration.between(at, now).toMillis() / 1000.0))).orElse(OptionalDouble.empty());
    if (read.stats().isEmpty()) {
      String why = read.unavailable().orElse("unknown");
      DefragVerdict v = DefragVerdict.unavailable(why);
      return new Report.Allocator(false, why, age, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, v.verdict(), v.explanation(),
          List.of());
    }
    MallocStats s = read.stats().get();
    long page = s.pageSize();
    DefragVerdict v = DefragVerdict.judge(s, config);
    List<Report.SizeClassRow> rows = s.bins().stream()
        .filter(b -> b.wastedBytes(page) > 0)
        .sorted(Comparator.comparingLong((MallocStats.Bin b) -> b.wastedBytes(page)).reversed())
        .limit(SIZE_CLASS_ROWS)
        .map(b -> new Report.SizeClassRow(b.size(), SizeClassRange.of(b.size()).label(), b.regions(),
            b.allocatedBytes(), b.activeBytes(page), b.wastedBytes(page), b.utilisation(page)))
        .toList();
    double ratio = s.allocated() == 0 ? 0 : (double) s.active() / s.allocated();
    return new Report.Allocator(true, "", age, s.version(), s.allocated(), s.active(), s.metadata(), s.resident(),
        s.mapped(), s.retained(), ratio, s.binWastedBytes(), v.reclaimableBytes(), v.verdict(), v.explanation(),
        rows);
  }
}
