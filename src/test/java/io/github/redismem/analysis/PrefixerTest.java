package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      ":  | 1 | user:1001 | user:",
      ":  | 1 | user:1001:profile | user:",
      ":  | 2 | user:1001:profile | user:*:",
      ":  | 2 | user:1002:profile | user:*:",
      ":  | 2 | user:1001 | user:",
      ":  | 1 | shard7:x | shard*:",
      ":  | 1 | counter | (none)",
      ":  | 1 | '' | (none)",
      ":. | 1 | a.b:c | a.",
      ":. | 3 | a.b:c.d | a.b:c.",
      ":  | 1 | :lead | :",
      // fewer delimiters than the depth: up to the last one
      ":  | 5 | a:b:c | a:b:",
      ":  | 3 | user:42 | user:",
      // a trailing delimiter is the prefix's own end
      ":  | 2 | a:: | a::",
      "'' | 1 | a:b | (none)",
  })
  void groupsByDelimiterAndNormalisesDigits(String delimiters, int depth, String key, String prefix) {
    Prefixer p = new Prefixer(delimiters.strip(), depth, List.of());
    assertThat(p.prefixOf(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(prefix);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sess_0123abcd | sess",
      "tmp-42 | tmp",
      "user:9 | user:",
  })
  void regexesComeFirst(String key, String prefix) {
    Prefixer p = new Prefixer(":", 1, List.of(Pattern.compile("^(?<prefix>[a-z]+)_[0-9a-f]+$"),
        Pattern.compile("^(?<prefix>tmp)-")));
    assertThat(p.prefixOf(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(prefix);
  }
  @org.junit.jupiter.api.Test
  void aPatternWithoutAPrefixMatchFallsBackToTheDelimiters() {
    Prefixer p = new Prefixer(":", 1, List.of(Pattern.compile("^(?:(?<prefix>tmp)-|x)")));
    assertThat(p.prefixOf("xyz:1".getBytes(StandardCharsets.UTF_8))).isEqualTo("xyz:");
    assertThat(p.prefixOf("tmp-1".getBytes(StandardCharsets.UTF_8))).isEqualTo("tmp");
  }

  @org.junit.jupiter.api.Test
  void bytesThatAreNotUtf8ReadAsKeyText() {
    Prefixer p = new Prefixer(":", 1, List.of());
    assertThat(p.prefixOf(new byte[] {(byte) 0xff, '7', ':', 'x'})).isEqualTo("\\xff*:");
  }

  /** Cached prefixes are found by their normalised bytes, read in place: equal forms meet, others never do. */
  @org.junit.jupiter.api.Test
  void theCacheMatchesNormalisedFormsOnly() {
    Prefixer p = new Prefixer(":", 1, List.of());
    List<String> keys = List.of("a1b:x", "a22b:y", "a333b:z", "ab:x", "ba:x", "a1b2:x", "a1b22:x", "1:x", "12:x", "x1:",
        "x11:");
    for (int round = 0; round < 2; round++) {
      List<String> got = keys.stream().map(k -> p.prefixOf(k.getBytes(StandardCharsets.UTF_8))).toList();
      assertThat(got).containsExactly("a*b:", "a*b:", "a*b:", "ab:", "ba:", "a*b*:", "a*b*:", "*:", "*:", "x*:",
          "x*:");
    }
  }
}
