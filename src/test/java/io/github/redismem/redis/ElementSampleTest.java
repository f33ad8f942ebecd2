package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An element sample keeps lengths and integer bit lengths, as inspect.lua computes them. */
class ElementSampleTest {

  @Test
  void integersAreCodedByTheBitLengthOfTheirMagnitude() {
    String[][] table = {
        {"0", "1"}, {"1", "2"}, {"-5", "-4"}, {"127", "8"}, {"128", "9"}, {"4294967296", "34"},
        {"9223372036854775807", "64"}, {"-9223372036854775808", "-65"},
        // what a listpack stores as a string: leading zeros, signs, decimals, too long, empty
        {"007", "0"}, {"+1", "0"}, {"-0", "0"}, {"1.5", "0"}, {"92233720368547758070", "0"}, {"", "0"}};
    for (String[] row : table) {
      assertThat(ElementSample.integer(row[0].getBytes(StandardCharsets.US_ASCII))).as(row[0])
          .isEqualTo(Byte.parseByte(row[1]));
    }
  }

  @Test
  void onlyLengthsAreKept() {
    ElementSample sample = ElementSample.of(List.of(bytes("field"), bytes("12"), bytes("value-of-ten")));
    assertThat(sample.lengths()).containsExactly(5, 2, 12);
    assertThat(sample.integers()).containsExactly(0, 5, 0);
    assertThat(sample.allIntegers()).isFalse();
    assertThat(ElementSample.of(List.of(bytes("1"), bytes("-2"))).allIntegers()).isTrue();
    assertThat(ElementSample.of(List.of()).allIntegers()).as("nothing sampled").isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
