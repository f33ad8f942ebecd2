package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
    assertThat(wronglySeen).isZero();
    assertThat(seen.bytes()).isLessThanOrEqualTo(n * 8L);
    assertThat(new SeenKeys(1_000_000_000L).bytes()).isEqualTo(8L << 20);
  }

  @Test
  void falsePositivesAtTheExpectedSizeAreAboutOneInThirtyMillion() {
    // 1M keys recorded, then 4M others looked up: at 3.1e-8 a key, 0.12 expected wrongly seen (with 8 of the 12
    // bits a key drawn as they are, 2.8e-7: 1.1 expected; at a tenth of the size, 6.4 bits a key, about 80,000)
    int n = 1_000_000;
    SeenKeys seen = new SeenKeys(n);
    for (int i = 0; i < n; i++) {
      seen.add(("user:" + i).getBytes(StandardCharsets.UTF_8));
    }
    int wronglySeen = 0;
    for (int i = 0; i < 4 * n; i++) {
      if (seen.seen(("other:" + i + ":x").getBytes(StandardCharsets.UTF_8))) {
        wronglySeen++;
      }
    }
    assertThat(wronglySeen).isLessThanOrEqualTo(2);
    assertThat(seen.seen("user:12345".getBytes(StandardCharsets.UTF_8))).isTrue();
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
