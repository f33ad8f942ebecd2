package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the first bytes of a JSON string say about the hash it would become. */
class JsonHeadTest {
  private static JsonHead scan(String head) {
    return JsonHead.scan(head.getBytes(StandardCharsets.UTF_8), true);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      // head | attributes | complete
      "'{}'                          | 0 | true",
      "'{\"a\":1}'                     | 1 | true",
      "'{\"a\":1,\"b\":\"xy\"}'            | 2 | true",
      "'  { \"a\" : 1 , \"b\" : true }'  | 2 | true",
      // cut off by the window: the attributes read whole, the document not complete
      "'{\"a\":1,\"b\":\"x'               | 1 | false",
      "'{\"a\":1,\"b\":12'               | 1 | false",
      "'{\"a\":1,\"b'                    | 1 | false",
      // nested: flat up to there only
      "'{\"a\":1,\"b\":{\"c\":2}}'          | 1 | false",
      "'{\"a\":[1,2]}'                 | 0 | false",
      // not JSON after the first attribute
      "'{\"a\":1 \"b\":2}'               | 0 | false"})
  void readsWholeFlatAttributesUntilCutOrNested(String head, int attributes, boolean complete) {
    JsonHead h = scan(head);
    assertThat(h).isNotNull();
    assertThat(h.attributes()).isEqualTo(attributes);
    assertThat(h.complete()).isEqualTo(complete);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {"'[1,2]'", "'plain'", "''", "'   '", "'\"a\"'"})
  void notAnObjectIsNull(String head) {
    assertThat(scan(head)).isNull();
  }

  @Test
  void bytesCountEachAttributeWithItsSeparatorAndTheWindowStartsAfterTheBrace() {
    JsonHead h = scan("{\"a\":1,\"b\":\"xy\"}");
    // "a":1, is 6 bytes, "b":"xy"} is 9
    assertThat(h.jsonBytes()).isEqualTo(15);
    assertThat(h.window()).isEqualTo(15);
    assertThat(h.compactBytes()).isEqualTo(SavingsModel.stringEntry(1, true) + SavingsModel.intEntry(1, true)
        + SavingsModel.stringEntry(1, true) + SavingsModel.stringEntry(2, true));
  }

  @Test
  void escapesCountAsTheBytesTheyStandFor() {
    // a\"b is 3 bytes once stored; \u00e9 is 2 bytes of UTF-8
    JsonHead h = scan("{\"a\\\"b\":\"\\u00e9\"}");
    assertThat(h.attributes()).isEqualTo(1);
    assertThat(h.compactBytes()).isEqualTo(SavingsModel.stringEntry(3, true) + SavingsModel.stringEntry(2, true));
  }

  @ParameterizedTest(name = "{0}: an integer entry {1}")
  @CsvSource({"12, true", "-12, true", "0, true", "-0, false", "007, false", "1.5, false",
      "12345678901234567890, false"})
  void onlyCanonicalIntegersAreStoredAsIntegers(String value, boolean integer) {
    JsonHead h = scan("{\"a\":" + value + "}");
    double valueEntry = h.compactBytes() - SavingsModel.stringEntry(1, true);
    double expected = integer ? SavingsModel.intEntry(Long.parseLong(value), true)
        : SavingsModel.stringEntry(value.length(), true);
    assertThat(valueEntry).isEqualTo(expected);
  }

  @Test
  void ziplistEntriesDifferFromListpackOnes() {
    String doc = "{\"name\":\"order\",\"qty\":3}";
    JsonHead listpack = JsonHead.scan(doc.getBytes(StandardCharsets.UTF_8), true);
    JsonHead ziplist = JsonHead.scan(doc.getBytes(StandardCharsets.UTF_8), false);
    assertThat(ziplist.attributes()).isEqualTo(listpack.attributes()).isEqualTo(2);
    assertThat(ziplist.compactBytes()).isEqualTo(SavingsModel.stringEntry(4, false)
        + SavingsModel.stringEntry(5, false) + SavingsModel.stringEntry(3, false) + SavingsModel.intEntry(3, false));
  }
}
