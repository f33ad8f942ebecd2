package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.MallocStats.Bin;
import io.github.redismem.redis.MallocStats.Read;
import io.github.redismem.redis.MallocStats.Unreadable;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;

class MallocStatsTest {

  /** sample, version, page, totals, bins printed, a bin (size, curregs, curslabs, regs, pgs), its wasted bytes. */
  static final List<Arguments> SAMPLES = List.of(
      Arguments.of("redis-6.2/malloc-stats.txt", "5.1.0-0-g0", 4096,
          new long[] {1135704, 1327104, 2391128, 3690496, 7618560, 770048}, 39,
          new Bin(16, 10900, 43, 256, 1), 43 * 4096 - 10900 * 16),
      Arguments.of("redis-6.2/malloc-stats-fragmented.txt", "5.1.0-0-g0", 4096,
          new long[] {11443456, 36892672, 2739160, 39604224, 43184128, 6098944}, 39,
          new Bin(112, 50199, 782, 256, 7), 16799216),
      Arguments.of("redis-7.0/malloc-stats.txt", "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", 4096,
          new long[] {1801440, 1949696, 2757744, 4620288, 8241152, 147456}, 28,
          new Bin(8, 700, 2, 512, 1), 2 * 4096 - 700 * 8),
      Arguments.of("redis-7.0/malloc-stats-fragmented.txt", "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c",
          4096, new long[] {12506144, 39206912, 3255280, 42373120, 45498368, 3784704}, 28,
          new Bin(16, 112060, 1609, 256, 1), 4797504));

  @ParameterizedTest(name = "{0}")
  @FieldSource("SAMPLES")
  void readsTheCapturedSamples(String sample, String version, long page, long[] totals, int bins, Bin bin,
      long wasted) {
    MallocStats stats = read(Fixtures.text(sample));

    assertThat(stats.version()).isEqualTo(version);
    assertThat(stats.pageSize()).isEqualTo(page);
    assertThat(new long[] {stats.allocated(), stats.active(), stats.metadata(), stats.resident(), stats.mapped(),
        stats.retained()}).isEqualTo(totals);
    assertThat(stats.bins()).hasSize(bins).contains(bin);
    assertThat(stats.bin(bin.size()).orElseThrow().wastedBytes(page)).isEqualTo(wasted);
    // slack inside slabs is part of active - allocated, never more (large extents and dirty pages make up the rest)
    assertThat(stats.binWastedBytes()).isPositive().isLessThanOrEqualTo(stats.active() - stats.allocated());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("SAMPLES")
  void fragmentedSamplesWasteMoreInSlabsThanIdleOnes(String sample) {
    if (!sample.contains("fragmented")) {
      return;
    }
    MallocStats idle = read(Fixtures.text(sample.replace("-fragmented", "")));
    MallocStats fragmented = read(Fixtures.text(sample));
    assertThat(fragmented.binWastedBytes()).isGreaterThan(10 * idle.binWastedBytes());
    assertThat(fragmented.bin(16).orElseThrow().utilisation(4096)).isBetween(0.2, 0.35);
  }

  private static final String SEVEN = Fixtures.text("redis-7.0/malloc-stats-fragmented.txt");

  static final List<Arguments> BROKEN = List.of(
      Arguments.of("libc malloc", "Stats not supported for the current allocator", "keeps no statistics"),
      Arguments.of("empty", "", "empty"),
      Arguments.of("null", null, "empty"),
      Arguments.of("garbage", "\u0000\u0001 hello\nbins: what\n   1 2 3\n", "not jemalloc"),
      Arguments.of("cut before the totals", SEVEN.substring(0, SEVEN.indexOf("Allocated:")), "no totals"),
      Arguments.of("no page size", SEVEN.replace("Page size:", "Page sz:"), "no page size"));

  @ParameterizedTest(name = "{0}")
  @FieldSource("BROKEN")
  void saysWhyItHasNoNumbers(String name, String text, String reason) {
    assertThat(MallocStats.parse(text)).isInstanceOfSatisfying(Unreadable.class,
        u -> assertThat(u.reason()).contains(reason));
  }

  static final List<Arguments> ODD = List.of(
      // cut in the middle of a bin row: the rows before it count, the cut one is dropped
      Arguments.of("cut inside the bins", SEVEN.substring(0, SEVEN.indexOf("  112   7") + 30), 7),
      Arguments.of("CRLF line ends", SEVEN.replace("\n", "\r\n"), 28),
      Arguments.of("a bins header without curslabs", SEVEN.replace("curslabs", "slabsnow"), 0),
      Arguments.of("a non-number in a row", SEVEN.replace("  1792960  ", "  17x2960  "), 28),
      Arguments.of("merged arenas win over each arena", merged(), 1));

  @ParameterizedTest(name = "{0}")
  @FieldSource("ODD")
  void keepsWhatItCanRead(String name, String text, int bins) {
    MallocStats stats = read(text);
    assertThat(stats.allocated()).isPositive();
    assertThat(stats.bins()).hasSize(bins);
  }

  /** Two arenas: jemalloc prints the merged bins first, then each arena's; only the merged ones count. */
  private static String merged() {
    String header = "bins:           size ind    allocated      nmalloc      ndalloc    nrequests      curregs"
        + "     curslabs regs pgs   util\n";
    return "___ Begin jemalloc statistics ___\nVersion: \"5.3.0\"\nPage size: 4096\n"
        + "Allocated: 100, active: 200, metadata: 3 (n_thp 0), resident: 4, mapped: 5, retained: 6\n"
        + "Merged arenas stats:\n" + header
        + "                   16   1          160   10   0   10   10   1 256   1  0.039\n"
        + "arenas[0]:\n" + header + "                   16   1          96     6   0    6    6   1 256   1  0.023\n"
        + "arenas[1]:\n" + header + "                   16   1          64     4   0    4    4   1 256   1  0.015\n"
        + "--- End jemalloc statistics ---\n";
  }

  private static MallocStats read(String text) {
    MallocStats.Parsed parsed = MallocStats.parse(text);
    assertThat(parsed).isInstanceOf(Read.class);
    return ((Read) parsed).stats();
  }
}
