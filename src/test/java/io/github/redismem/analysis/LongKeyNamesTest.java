package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LongKeyNamesTest {

  @ParameterizedTest(name = "{0}: {1} bytes")
  @CsvSource({
      "session:user:profile:100042, 21",
      "user:1234:cart, 5",
      "cache:product:detail:sku-abc, 21",
      "cache/product/v2, 14",
      "plainname, 0",
      "2024:report, 0"})
  void theSharedPrefixEndsAtTheLastDelimiterBeforeTheFirstDigit(String key, int bytes) {
    assertThat(LongKeyNames.sharedPrefixBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), ":/"))
        .isEqualTo(bytes);
  }

  @ParameterizedTest(name = "key of {0} bytes, prefix of {1}: {2} bytes freed")
  @CsvSource({
      // 29-byte name: sdshdr5 + 29 + 1 = 31 -> 32; shortened by 17 to 12 -> 14 -> 16
      "29, 21, 16",
      // 40-byte name: sdshdr8 + 40 + 1 = 44 -> 48; shortened to 23 (sdshdr5) -> 25 -> 32
      "40, 21, 16",
      // 33-byte name, shortened by 6 to 27: 37 -> 40 vs 29 -> 32
      "33, 10, 8",
      // 20-byte name shortened by 6: 22 -> 24 vs 16 -> 16
      "20, 10, 8",
      // shortened within one size class (23 and 17 bytes both take 24): nothing freed
      "21, 10, 0",
      // a short prefix is not worth shortening
      "60, 9, 0",
      // a prefix longer than the name (a pattern's group): nothing
      "8, 12, 0"})
  void theSavingFollowsSdsHeadersAndAllocatorSizeClasses(int keyLength, int prefixBytes, long saving) {
    assertThat(LongKeyNames.saving(keyLength, prefixBytes)).isEqualTo(saving);
  }

  @ParameterizedTest(name = "{0} keys, names {1} of {2} bytes, saving {3}: {4}")
  @CsvSource({
      "1000, 32000, 100000, 16000, true",
      "1000, 19000, 100000, 16000, false",
      "99,   32000, 100000, 16000, false",
      "1000, 32000, 100000, 0,     false",
      "1000, 0,     0,      0,     false"})
  void aPrefixFiresWithEnoughKeysANameShareOverAFifthAndSomethingToFree(double keys, double names, double memory,
      double saving, boolean fires) {
    assertThat(LongKeyNames.fires(keys, names, memory, saving)).isEqualTo(fires);
  }
}
