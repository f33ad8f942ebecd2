package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompressibilityTest {
  private static final String[] WORDS = {"order", "customer", "shipped", "pending", "amount", "currency", "EUR",
      "street", "city", "the", "and", "status", "created", "updated"};

  private static byte[] words(int length) {
    Random random = new Random(1);
    StringBuilder s = new StringBuilder();
    while (s.length() < length) {
      s.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(3) == 0 ? ", " : " ");
    }
    return s.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] random(int length) {
    byte[] b = new byte[length];
    new Random(2).nextBytes(b);
    return b;
  }

  private static byte[] base64(int length) {
    return java.util.Base64.getEncoder().encodeToString(random(length * 3 / 4)).substring(0, length)
        .getBytes(StandardCharsets.US_ASCII);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // strlen, sample, fires, min share of the value freed, max share
        Arguments.of("text of repeated words, 8 KiB", 8192, (IntFunction<byte[]>) CompressibilityTest::words, true,
            0.5, 0.85),
        Arguments.of("text of 1.5 KiB, read whole", 1536, (IntFunction<byte[]>) CompressibilityTest::words, true,
            0.4, 0.85),
        Arguments.of("random bytes", 8192, (IntFunction<byte[]>) CompressibilityTest::random, false, 0.0, 0.0),
        Arguments.of("base64 of random bytes (compresses to about 0.75)", 8192,
            (IntFunction<byte[]>) CompressibilityTest::base64, false, 0.0, 0.0),
        Arguments.of("compressible but under 1 KiB", 900, (IntFunction<byte[]>) CompressibilityTest::words, false,
            0.0, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesFromTheSampleTheSamplerRead(String name, int strlen, IntFunction<byte[]> value, boolean fires,
      double minShare, double maxShare) {
    byte[] whole = value.apply(strlen);
    byte[] sample = java.util.Arrays.copyOf(whole, Math.min(strlen, 4096));
    long saving = new Compressibility().saving(strlen, sample);
    if (!fires) {
      assertThat(saving).isZero();
      return;
    }
    double share = (double) saving / SavingsModel.sdsAllocation(strlen);
    assertThat(share).isBetween(minShare, maxShare);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSampleShorterThanTheValueAndUnderOneKibIsNotJudged(String name, int strlen, IntFunction<byte[]> value,
      boolean fires, double minShare, double maxShare) {
    // the 64-byte head of a string that was not sampled (written between SCAN and the read): too little to judge
    assertThat(new Compressibility().saving(strlen, java.util.Arrays.copyOf(value.apply(strlen), 64))).isZero();
  }

  @org.junit.jupiter.api.Test
  void oneInstanceJudgesKeyAfterKeyAsAFreshOneWould() {
    Compressibility reused = new Compressibility();
    byte[] text = java.util.Arrays.copyOf(words(8192), 4096);
    byte[] noise = java.util.Arrays.copyOf(random(8192), 4096);
    double first = reused.ratio(text);
    assertThat(reused.ratio(noise)).isEqualTo(new Compressibility().ratio(noise)).isGreaterThan(0.99);
    assertThat(reused.ratio(text)).isEqualTo(first).isEqualTo(new Compressibility().ratio(text)).isLessThan(0.5);
  }
}
