package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTextTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "user:1 | user:1",
      "'' | ''",
      "say \"hi\" | say \"hi\"",
      "héllo wörld | héllo wörld",
      "日本語 | 日本語",
  })
  void keepsValidUtf8(String key, String text) {
    assertThat(KeyText.of(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
  }

  @Test
  void escapesControlAndInvalidBytes() {
    assertThat(KeyText.of(new byte[] {'a', 0, '\n', (byte) 0xff, (byte) 0xc3, 'b', 0x7f}))
        .isEqualTo("a\\x00\\x0a\\xff\\xc3b\\x7f");
    assertThat(KeyText.of("back\\slash".getBytes(StandardCharsets.UTF_8))).isEqualTo("back\\\\slash");
  }

  @Test
  void cutsLongKeysWithAMarker() {
    String text = KeyText.of("k".repeat(4096).getBytes(StandardCharsets.UTF_8));
    assertThat(text).startsWith("k".repeat(KeyText.MAX_CHARS)).endsWith("...(+" + (4096 - KeyText.MAX_CHARS) + " bytes)");
  }
}
