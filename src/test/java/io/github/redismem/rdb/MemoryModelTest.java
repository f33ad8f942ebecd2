package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The structure sizes of {@link MemoryModel}, each from the Redis sources and measured with MEMORY USAGE on 6.2 and
 * 7.0 (RdbSnapshotIT checks them together on real servers).
 */
class MemoryModelTest {
  private final MemoryModel v7 = new MemoryModel(7, 8);
  private final MemoryModel v7debian = new MemoryModel(7, 16);
  private final MemoryModel v6 = new MemoryModel(6, 8);

  @ParameterizedTest(name = "{0} bytes: {1} with quantum 8, {2} with 16")
  @CsvSource({"1, 8, 8", "9, 16, 16", "17, 24, 32", "40, 40, 48", "65, 80, 80", "129, 160, 160", "536, 640, 640",
      "4097, 5120, 5120", "8193, 10240, 10240"})
  void allocationsAreJemallocSizeClasses(long bytes, long quantum8, long quantum16) {
    assertThat(v7.allocation(bytes)).isEqualTo(quantum8);
    assertThat(v7debian.allocation(bytes)).isEqualTo(quantum16);
  }

  @ParameterizedTest(name = "sds of {0} bytes: {1}")
  @CsvSource({"0, 8", "5, 8", "6, 8", "7, 16", "31, 40", "32, 40", "255, 320", "256, 320", "65536, 81920"})
  void sdsHeadersGrowWithTheLength(long length, long allocated) {
    assertThat(v7.sds(length)).isEqualTo(allocated);
  }

  @Test
  void stringsAsEachVersionReportsThem() {
    assertThat(v7.string("int", 5)).isEqualTo(16);
    // 7.0: the embstr's allocation (robj + sdshdr8 + text + NUL); 6.2: its text + 18, unrounded
    assertThat(v7.string("embstr", 10)).isEqualTo(32);
    assertThat(v6.string("embstr", 10)).isEqualTo(28);
    assertThat(v7.string("raw", 100)).isEqualTo(16 + 112);
    // a key's share: its dictEntry and its name's sds
    assertThat(v7.key(5)).isEqualTo(24 + 8);
  }

  @Test
  void blobsAreAllocationsFromSevenOnAndLengthsBefore() {
    assertThat(v7.blob(100)).isEqualTo(16 + 112);
    assertThat(v6.blob(100)).isEqualTo(16 + 100);
  }

  @Test
  void tablesAreSizedAtOnceOrGrown() {
    // 600 fields presized: 1024 buckets; 56-byte dict (7.0), 96 (6.2)
    assertThat(v7.hashtable(600, 0, true)).isEqualTo(16 + 56 + 8 * 1024 + 600 * 24);
    assertThat(v6.hashtable(600, 0, true)).isEqualTo(16 + 96 + 8 * 1024 + 600 * 24);
    // grown to 520 elements: just doubled from 512, both tables kept while rehashing
    assertThat(v7.hashtable(520, 0, false)).isEqualTo(16 + 56 + 8 * 3 * 512 + 520 * 24);
    assertThat(MemoryModel.buckets(3)).isEqualTo(4);
    assertThat(MemoryModel.buckets(1025)).isEqualTo(2048);
  }

  @Test
  void aSkiplistNodeIsItsExpectedAllocation() {
    // 1 level: 40 bytes (75%), 2: 56 (18.75%), 3: 72 -> 80, ...: about 45.8 with quantum 8
    long hundred = v7.skiplist(100, 0) - v7.skiplist(0, 0) - 8 * (128 - 4);
    assertThat(hundred).isBetween(100L * (24 + 45), 100L * (24 + 47));
  }

  @Test
  void streamTreesCountTheirNodes() {
    assertThat(MemoryModel.rax(0, 1)).isEqualTo(244);
    assertThat(MemoryModel.rax(5, 12)).isEqualTo(80 + 12 * 244);
    // measured on 7.0: an empty group adds 284 bytes, a 5-entry PEL of one consumer 5,918 (RdbSnapshotIT: exact)
    assertThat(v7.group(0, 1)).isEqualTo(284);
    assertThat(v7.group(5, 12) - v7.group(0, 1) + v7.consumer(2, 5, 12)).isEqualTo(5918);
  }
}
