package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.MallocStats;
import io.github.redismem.redis.MallocStats.Bin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;

class DefragVerdictTest {
  private static final long MIB = 1 << 20;

  /** 1 GiB allocated; 16-byte bins with 200 MiB of slack in 1-page slabs. */
  private static MallocStats stats(long allocated, long active, long slabSlackBytes) {
    long slabs = 100_000;
    long regions = (slabs * 4096 - slabSlackBytes) / 16;
    return new MallocStats("5.3.0", 4096, allocated, active, 0, active, active, 0,
        List.of(new Bin(16, regions, slabs, 256, 1)));
  }

  static final List<Arguments> CASES = List.of(
      Arguments.of("much slab slack over both thresholds", stats(1024 * MIB, 1324 * MIB, 200 * MIB), Map.of(),
          "would_help", "Enable it with CONFIG SET activedefrag yes"),
      Arguments.of("the same with activedefrag on", stats(1024 * MIB, 1324 * MIB, 200 * MIB),
          Map.of("activedefrag", "yes"), "would_help", "activedefrag is on"),
      Arguments.of("under active-defrag-ignore-bytes", stats(1024 * MIB, 1104 * MIB, 60 * MIB), Map.of(),
          "below_thresholds", "would not start"),
      Arguments.of("ignore-bytes lowered by CONFIG", stats(1024 * MIB, 1154 * MIB, 120 * MIB),
          Map.of("active-defrag-ignore-bytes", String.valueOf(10 * MIB)), "would_help", "would help"),
      Arguments.of("under threshold-lower (percent)", stats(4096 * MIB, 4396 * MIB, 200 * MIB), Map.of(),
          "below_thresholds", "threshold-lower (10%)"),
      Arguments.of("threshold-lower raised by CONFIG", stats(1024 * MIB, 1324 * MIB, 200 * MIB),
          Map.of("active-defrag-threshold-lower", "50"), "below_thresholds", "threshold-lower (50%)"),
      Arguments.of("fragmentation outside the slabs", stats(1024 * MIB, 1524 * MIB, 20 * MIB), Map.of(),
          "outside_bins", "large allocations"),
      Arguments.of("unreadable CONFIG values fall back to defaults", stats(1024 * MIB, 1104 * MIB, 60 * MIB),
          Map.of("active-defrag-ignore-bytes", "100mb"), "below_thresholds", "100.0 MiB"));

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void judgesLikeRedisDoes(String name, MallocStats stats, Map<String, String> config, String verdict,
      String explained) {
    DefragVerdict v = DefragVerdict.judge(stats, config);
    assertThat(v.verdict()).isEqualTo(verdict);
    assertThat(v.explanation()).contains(explained);
    // one slab per class stays partly used
    assertThat(v.reclaimableBytes()).isEqualTo(stats.binWastedBytes() - 4096);
  }

  @Test
  void sizeRangesAreBoundedAndCoverEveryClass() {
    assertThat(List.of(8L, 16L, 24L, 64L, 80L, 128L, 160L, 14336L, 16384L, 65536L).stream()
        .map(s -> SizeClassRange.of(s).label()).toList())
        .containsExactly("8-64", "8-64", "8-64", "8-64", "80-128", "80-128", "160-256", "10240-14336", "large",
            "large");
    MallocStats s = new MallocStats("", 4096, 0, 0, 0, 0, 0, 0,
        List.of(new Bin(16, 10, 1, 256, 1), new Bin(48, 1, 1, 256, 3), new Bin(112, 0, 0, 256, 7)));
    List<SizeClassRange.Totals> totals = SizeClassRange.totals(s);
    assertThat(totals).hasSize(SizeClassRange.values().length);
    assertThat(totals.get(0)).isEqualTo(new SizeClassRange.Totals(SizeClassRange.UP_TO_64, 160 + 48,
        4096 + 3 * 4096, 4096 - 160 + 3 * 4096 - 48));
    assertThat(totals.get(1).activeBytes()).isZero();
  }
}
