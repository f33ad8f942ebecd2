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
}
