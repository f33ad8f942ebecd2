package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.redismem.redis.ElementSample;
import org.junit.jupiter.api.Test;

/** Per-element costs from sampled lengths and integer codes, by encoding and allocator quantum. */
class ElementCostsTest {

  @Test
  void integersCostWhatTheirBitLengthTakesInAListpackOrIntset() {
    // codes: 1 + bit length; 127 has 7 bits (a 7-bit listpack integer: 2 bytes), 128 has 8 (13-bit: 3 bytes)
    assertThat(ElementCosts.entry(3, (byte) 8, true)).isEqualTo(2);
    assertThat(ElementCosts.entry(3, (byte) 9, true)).isEqualTo(3);
    assertThat(ElementCosts.entry(10, (byte) 32, true)).as("2^31 - 1: 32-bit").isEqualTo(6);
    assertThat(ElementCosts.entry(10, (byte) 33, true)).as("from 2^31: 64-bit").isEqualTo(10);
    assertThat(ElementCosts.entry(4, (byte) -13, true)).as("-4095: 13-bit").isEqualTo(3);
    ElementCosts intset = ElementCosts.of("set", new ElementSample(new int[] {5, 10}, new byte[] {16, 31}), true, 8);
    assertThat(intset.intsetWidth()).as("the widest member decides").isEqualTo(4);
    assertThat(intset.integers()).isTrue();
  }

  @Test
  void textCostsItsListpackEntryOrItsAllocationAsAString() {
    assertThat(ElementCosts.entry(10, (byte) 0, true)).isEqualTo(12);
    assertThat(ElementCosts.entry(100, (byte) 0, true)).isEqualTo(103);
    assertThat(ElementCosts.entry(10, (byte) 0, false)).as("ziplist: prevlen, encoding, text").isEqualTo(12);
    ElementCosts hash = ElementCosts.of("hash", new ElementSample(new int[] {20, 40, 20, 40}, new byte[4]), true, 16);
    // an sds of 20 bytes: 1 + 20 + 1 -> 32 with a 16-byte quantum (24 with 8); of 40: 3 + 40 + 1 -> 48
    assertThat(hash.sds()).isCloseTo(40, within(1e-9));
    assertThat(ElementCosts.of("hash", new ElementSample(new int[] {20, 40}, new byte[2]), true, 8).sds())
        .isCloseTo(36, within(1e-9));
    assertThat(hash.longest()).isEqualTo(40);
    assertThat(hash.integers()).isFalse();
  }

  @Test
  void aSortedSetsScoresAreCountedApartFromItsMembers() {
    ElementCosts zset = ElementCosts.of("zset", new ElementSample(new int[] {20, 10, 20, 19}, new byte[] {0, 31, 0, 0}),
        true, 8);
    assertThat(zset.entry()).isEqualTo(22);
    assertThat(zset.scoreEntry()).as("a 31-bit integer (6) and a 19-character decimal (21)").isEqualTo(13.5);
  }

  @Test
  void withoutASampleElementsAreAssumed() {
    ElementCosts assumed = ElementCosts.of("hash", null, true, 8);
    assertThat(assumed.entry()).isEqualTo(ElementCosts.ASSUMED_LENGTH + 2);
    assertThat(ElementCosts.of("zset", new ElementSample(new int[] {5}, new byte[1]), true, 8))
        .as("a member without its score").isEqualTo(ElementCosts.of("zset", null, true, 8));
  }

  @Test
  void theQuantumFollowsTheAllocatorRedisBundles() {
    assertThat(SizeEstimates.quantum("jemalloc-5.2.1", 7, 0)).isEqualTo(8);
    assertThat(SizeEstimates.quantum("jemalloc-5.3.0", 7, 0)).as("Debian's system jemalloc").isEqualTo(16);
    assertThat(SizeEstimates.quantum("jemalloc-5.1.0", 6, 2)).isEqualTo(8);
    assertThat(SizeEstimates.quantum("jemalloc-5.3.0", 7, 2)).isEqualTo(8);
    assertThat(SizeEstimates.quantum("libc", 7, 0)).isEqualTo(16);
    assertThat(SizeEstimates.quantum("", 7, 0)).isEqualTo(8);
  }
}
