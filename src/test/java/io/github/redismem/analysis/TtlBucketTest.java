package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlBucketTest {
  @ParameterizedTest
  @CsvSource({
      "-1, none", "0, 1h", "3600000, 1h", "3600001, 4h", "14400000, 4h", "43200000, 12h", "43200001, 1d",
      "86400000, 1d", "604800000, 7d", "2592000000, 30d", "2592000001, inf"})
  void bucketsHoldTtlsUpToTheirBound(long ttl, String label) {
    assertThat(TtlBucket.of(ttl).label()).isEqualTo(label);
  }
}
