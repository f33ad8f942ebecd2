package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A module value is named by the type name its 64-bit module id encodes (module.c, moduleTypeEncodeId). */
class ModuleValueTest {
  private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** What Redis writes for a module type {@code name} (9 characters) at encoding version {@code version}. */
  private static long encode(String name, int version) {
    long id = 0;
    for (char c : name.toCharArray()) {
      id = (id << 6) | CHARSET.indexOf(c);
    }
    return (id << 10) | version;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ReJSON-RL, 3", "TSDB-TYPE, 5", "MBbloom--, 2", "vectorset, 0", "_________, 1023"})
  void theNameComesBackFromTheId(String name, int version) {
    assertThat(ModuleValue.typeName(encode(name, version))).isEqualTo(name);
  }
}
