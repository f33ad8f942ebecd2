package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeenKeysTest {
  @Test
  void aKeySeenTwiceCountsOnce() {
    SeenKeys seen = new SeenKeys(1000);
    assertThat(seen.add("a".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(seen.add("b".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(seen.add("a".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void fewFalsePositivesAtTheExpectedSizeAndBoundedMemory() {
    int n = 200_000;
    SeenKeys seen = new SeenKeys(n);
    int wronglySeen = 0;
    for (int i = 0; i < n; i++) {
      if (!seen.add(("key:" + i).getBytes(StandardCharsets.UTF_8))) {
        wronglySeen++;
      }
    }
    assertThat(wronglySeen).isLessThanOrEqualTo(2);
    assertThat(seen.bytes()).isLessThanOrEqualTo(n * 4L);
    assertThat(new SeenKeys(1_000_000_000L).bytes()).isEqualTo(4L << 20);
  }

  @Test
  void falsePositivesFilledToItsSizeAreAboutOneInOneHundredSeventyThousand() {
    // 1M keys recorded in the largest filter (4 MiB, 32 bits a key), then 4M others looked up: at 5.9e-6 a key,
    // 24 expected wrongly seen (with 8 of the 12 bits a key drawn as they are, 2.9e-5: 120; a plain Bloom filter
    // of 8 hashes, 1.6e-5: 64)
    int n = 1_000_000;
    SeenKeys seen = new SeenKeys(1_200_000);
    assertThat(seen.bytes()).isEqualTo(4L << 20);
    for (int i = 0; i < n; i++) {
      seen.add(("user:" + i).getBytes(StandardCharsets.UTF_8));
    }
    int wronglySeen = 0;
    for (int i = 0; i < 4 * n; i++) {
      if (seen.seen(("other:" + i + ":x").getBytes(StandardCharsets.UTF_8))) {
        wronglySeen++;
      }
    }
    assertThat(wronglySeen).isLessThanOrEqualTo(48);
    assertThat(seen.seen("user:12345".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void theWalksUnderWayShareOneBudgetAndGiveItBack() {
    // four targets of a million keys each, their walks at once: at 8 MiB each they asked 32 MiB, which the 48 MiB
    // heap did not have (the exporter ran out of memory at start-up)
    List<SeenKeys> walks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      walks.add(SeenKeys.open(1_200_000));
    }
    long held = walks.stream().mapToLong(SeenKeys::bytes).sum();
    assertThat(walks.get(0).bytes()).isEqualTo(4L << 20);
    assertThat(walks.get(1).bytes()).isEqualTo(4L << 20);
    assertThat(walks.get(3).bytes()).isEqualTo(8L << 10);
    assertThat(held).isBetween(SeenKeys.BUDGET_BYTES - 64, SeenKeys.BUDGET_BYTES + 2 * (8 << 10));
    walks.forEach(SeenKeys::close);
    walks.get(0).close(); // once only
    try (SeenKeys again = SeenKeys.open(1_200_000); SeenKeys next = SeenKeys.open(1_200_000)) {
      assertThat(again.bytes()).isEqualTo(4L << 20);
      assertThat(next.bytes()).isEqualTo(SeenKeys.BUDGET_BYTES - (4L << 20));
    }
  }

  @Test
  void aFilterGivenLessThanItsKeysNeedStopsJudgingRatherThanDropKeys() {
    AtomicLong held = new AtomicLong();
    SeenKeys small = new SeenKeys(1_000_000, held, 64 << 10); // 64 KiB: full at 21,845 keys, 24 bits each
    assertThat(held.get()).isEqualTo(64 << 10);
    int wronglySeen = 0;
    for (int i = 0; i < 21_845; i++) {
      assertThat(small.full()).isFalse();
      if (!small.add(("k" + i).getBytes(StandardCharsets.UTF_8))) {
        wronglySeen++;
      }
    }
    assertThat(wronglySeen).isLessThanOrEqualTo(2);
    assertThat(small.full()).isTrue();
    assertThat(small.add("k1".getBytes(StandardCharsets.UTF_8))).as("a repeat, counted again").isTrue();
    for (int i = 0; i < 100_000; i++) {
      assertThat(small.add(("more" + i).getBytes(StandardCharsets.UTF_8))).isTrue();
    }
    // a second filter on the spent budget gets the least there is, and gives back what it took
    SeenKeys least = new SeenKeys(1_000_000, held, 64 << 10);
    assertThat(least.bytes()).isEqualTo(8 << 10);
    least.close();
    small.close();
    assertThat(held.get()).isZero();
  }

  @Test
  void sampleSelectionIsDeterministicAndNearTheRatio() {
    int selected = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
      boolean s = KeyHash.selected(key, 0.1);
      assertThat(KeyHash.selected(key, 0.1)).isEqualTo(s);
      selected += s ? 1 : 0;
    }
    assertThat(selected).isBetween(9_500, 10_500);
  }
}
