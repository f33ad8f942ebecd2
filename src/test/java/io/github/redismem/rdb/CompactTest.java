package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compact encodings' byte counts, entry by entry, against the layouts of listpack.c, ziplist.c and util.c. */
class CompactTest {

  @ParameterizedTest(name = "{0} is an integer: {1}")
  @CsvSource({"0, true", "7, true", "-7, true", "9223372036854775807, true", "-9223372036854775808, true",
      "9223372036854775808, false", "007, false", "-0, false", "+5, false", "1.0, false", "12a, false",
      "'', false", "-, false"})
  void integersAreCanonicalSixtyFourBitDecimals(String text, boolean integer) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(Compact.isInteger(bytes)).isEqualTo(integer);
    if (integer) {
      assertThat(Compact.parse(bytes)).isEqualTo(Long.parseLong(text));
    }
  }

  /** Entry sizes: encoding + data + backlen (listpack); prevlen + encoding + data (ziplist). */
  @ParameterizedTest(name = "{0}: listpack {1}, ziplist {2}")
  @CsvSource({"5, 2, 2", "127, 2, 3", "128, 3, 4", "-4096, 3, 4", "4095, 3, 4", "4096, 4, 4", "32767, 4, 4",
      "32768, 5, 5", "8388607, 5, 5", "8388608, 6, 6", "2147483648, 10, 10", "12, 2, 2", "13, 2, 3"})
  void integerEntries(long value, long listpack, long ziplist) {
    assertThat(new Compact(true).addInteger(value).bytes() - Compact.LISTPACK_EMPTY).isEqualTo(listpack);
    assertThat(new Compact(false).addInteger(value).bytes() - Compact.ZIPLIST_EMPTY).isEqualTo(ziplist);
  }

  @ParameterizedTest(name = "{0} bytes of text: listpack {1}, ziplist {2}")
  @CsvSource({"0, 2, 2", "10, 12, 12", "63, 65, 65", "64, 67, 67", "125, 128, 128", "126, 130, 129",
      "4095, 4099, 4098", "4096, 4103, 4099", "16384, 16392, 16390"})
  void textEntries(long length, long listpack, long ziplist) {
    assertThat(new Compact(true).addText(length).bytes() - Compact.LISTPACK_EMPTY).isEqualTo(listpack);
    assertThat(new Compact(false).addText(length).bytes() - Compact.ZIPLIST_EMPTY).isEqualTo(ziplist);
  }

  @org.junit.jupiter.api.Test
  void aZiplistEntryAfterOneOf254BytesOrMoreHasAFiveBytePrevlen() {
    Compact z = new Compact(false).addText(300); // 1 prevlen + 2 encoding + 300
    assertThat(z.bytes()).isEqualTo(Compact.ZIPLIST_EMPTY + 303);
    assertThat(z.addInteger(1).bytes()).isEqualTo(Compact.ZIPLIST_EMPTY + 303 + 5 + 1);
  }

  /** Expected lengths from Python's {@code '%.17g' % v}, which is C's printf. */
  @ParameterizedTest(name = "%.17g of {0} has {1} characters")
  @CsvSource({"0.1, 19", "2.5, 3", "1e-05, 22", "123456.789, 10", "1e20, 5", "1.5e300, 23", "-0.5, 4",
      "0.000123, 22", "-123.456, 8", "3.14159, 18", "0.3333333333333333, 19", "1234567.0000001, 18",
      "5e-324, 23", "1.7976931348623157e308, 23"})
  void scoresAreWrittenAsPrintfWritesThem(double score, int length) {
    assertThat(Compact.scoreTextLength(score)).isEqualTo(length);
  }

  @ParameterizedTest(name = "score {0}: a {1}-byte listpack entry")
  @CsvSource({"3, 2", "-3, 3", "1000000, 5", "0, 2", "-0.0, 4", "2.5, 5", "1e20, 7", "Infinity, 5"})
  void integralScoresAreIntegersAndTheRestText(double score, long entry) {
    assertThat(new Compact(true).addScore(score).bytes() - Compact.LISTPACK_EMPTY).isEqualTo(entry);
  }
}
