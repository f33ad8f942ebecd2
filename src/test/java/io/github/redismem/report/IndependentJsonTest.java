package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The independent check can fail: what a strict reader refuses, and a reading that differs from ours. */
class IndependentJsonTest {

  @Test
  void duplicateNamesAndTrailingTextAreRefused() {
    assertThatThrownBy(() -> IndependentJson.tree("{\"a\":1,\"a\":2}")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Jackson rejects");
    assertThatThrownBy(() -> IndependentJson.tree("{\"a\":1} {}")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> IndependentJson.tree("{\"a\":01}")).isInstanceOf(AssertionError.class);
  }

  @Test
  void aDocumentBothReadAlikePasses() {
    assertThat(IndependentJson.sameAsOurReader("{\"a\":[1,2.5,null,true,\"\\u00e9\"],\"b\":{}}").at("/a/4")
        .textValue()).isEqualTo("é");
  }
}
