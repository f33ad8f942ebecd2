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

  /**
   * Every bound, one below and one above; and the replies that are not a TTL: -2 (the key vanished between SCAN
   * and PTTL) is bucketed with the keys without one, as any negative reply.
   */
  @ParameterizedTest
  @CsvSource({
      "-2, none", "-9223372036854775808, none", "1, 1h",
      "14399999, 4h", "14400001, 12h", "43199999, 12h",
      "86399999, 1d", "86400001, 7d", "604799999, 7d", "604800001, 30d", "2591999999, 30d",
      "9223372036854775807, inf"})
  void edges(long ttl, String label) {
    assertThat(TtlBucket.of(ttl).label()).isEqualTo(label);
  }
}
