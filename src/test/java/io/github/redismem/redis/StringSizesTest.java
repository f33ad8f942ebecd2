package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What StringSizes lets the script leave out, when, and what it fills in (figures of Redis 7.0 on x86-64: a name of
 * 8 bytes costs its sds, 1 + 8 + 1 bytes in a 16-byte allocation, and a 24-byte dict entry; an int's object 16
 * bytes; an embstr's 16 + 3 + length + 1 bytes in a size class).
 */
class StringSizesTest {
  private static final long INT_8 = 16 + 40;

  @Test
  void aPartIsUsedOnceTwoKeysAgree() {
    StringSizes sizes = new StringSizes();
    sizes.complete(integer("counter1", INT_8, 3));
    sizes.known(); // the first call is given nothing
    assertThat(known(sizes)).as("one key").containsExactly("000000000", "");
    sizes.complete(integer("counter2", INT_8, 7));
    assertThat(known(sizes)).as("two ints: names of 8 bytes").containsExactly("000000001", "");
    sizes.complete(embstr("string01", INT_8 + 16, 5)); // 16 + 3 + 5 + 1 = 25 bytes in 32
    assertThat(known(sizes)[1]).as("one embstr of 5 bytes").isEqualTo("000000");
    sizes.complete(embstr("string02", INT_8 + 16, 5));
    assertThat(known(sizes)[1]).isEqualTo("000001");

    KeyFacts memory = sizes.complete(integer("counter3", StringSizes.DERIVED, 4));
    assertThat(memory.memoryBytes()).isEqualTo(INT_8);
    assertThat(memory.length()).isEqualTo(4);
    assertThat(sizes.complete(embstr("string03", StringSizes.DERIVED, 5)).memoryBytes()).isEqualTo(INT_8 + 16);
  }

  @Test
  void anEmbstrTeachesANameLengthWhereItsOwnLengthIsKnown() {
    StringSizes sizes = new StringSizes();
    sizes.complete(integer("counter1", INT_8, 3));
    sizes.complete(embstr("string01", INT_8 + 16, 5));
    sizes.complete(embstr("string02", INT_8 + 16, 5));
    // no int string under a name of 3 bytes: embstr strings of 5 bytes, whose part is known, give it
    sizes.complete(embstr("abc", 32 + INT_8 + 16 - 56, 5));
    sizes.complete(embstr("def", 32 + INT_8 + 16 - 56, 5));
    sizes.known();
    // names of 8 bytes: one int, and a second embstr of 5 bytes agreeing with the sum of both parts
    assertThat(known(sizes)[0]).isEqualTo("000100001");
    assertThat(sizes.complete(embstr("ghi", StringSizes.DERIVED, 5)).memoryBytes()).isEqualTo(48);
  }

  @Test
  void theScriptIsGivenThePartsButInOneCallOf16() {
    StringSizes sizes = new StringSizes();
    sizes.complete(integer("ab", 48, 1));
    sizes.complete(integer("cd", 48, 1));
    int given = 0;
    for (int call = 0; call < 2 * StringSizes.VERIFY_EVERY; call++) {
      byte[][] known = sizes.known();
      if (known[0].length > 0) {
        given++;
        assertThat(new String(known[0], StandardCharsets.US_ASCII)).isEqualTo("001");
      }
    }
    assertThat(given).isEqualTo(2 * StringSizes.VERIFY_EVERY - 2);
  }

  @Test
  void oneDisagreementTurnsItOffForGood() {
    StringSizes sizes = new StringSizes();
    sizes.complete(integer("counter1", INT_8, 3));
    sizes.complete(integer("counter2", INT_8, 3));
    // a server that keeps the name in the value's allocation: an int's size is not its name length's alone
    KeyFacts asked = integer("counter3", INT_8 + 8, 12);
    assertThat(sizes.complete(asked)).isSameAs(asked);
    assertThat(sizes.off()).isTrue();
    for (int call = 0; call < StringSizes.VERIFY_EVERY; call++) {
      assertThat(sizes.known()[0]).isEmpty();
    }
  }

  @Test
  void onlyShortStringsWithBothFactsTeachAndNothingElseIsTouched() {
    StringSizes sizes = new StringSizes();
    KeyFacts hash = new KeyFacts(bytes("hashkey1"), "hash", "listpack", 100, -1, 3, null, null);
    KeyFacts raw = new KeyFacts(bytes("rawkey01"), "string", "raw", 200, -1, 80, null, null);
    KeyFacts estimated = integer("counter1", -1, 3); // MEMORY USAGE not permitted
    KeyFacts longName = integer("n".repeat(StringSizes.MAX_NAME_LENGTH + 1), 600, 3);
    for (KeyFacts k : new KeyFacts[] {hash, raw, estimated, longName, hash, raw, estimated, longName}) {
      assertThat(sizes.complete(k)).isSameAs(k);
    }
    sizes.known();
    assertThat(known(sizes)).containsExactly("", "");
  }

  @Test
  void aMemoryUsageNotAskedMustFollow() {
    StringSizes sizes = new StringSizes();
    assertThatThrownBy(() -> sizes.complete(integer("counter1", StringSizes.DERIVED, 3)))
        .isInstanceOf(IllegalStateException.class);
    sizes.complete(integer("counter1", INT_8, 3));
    sizes.complete(integer("counter2", INT_8, 3));
    assertThatThrownBy(() -> sizes.complete(embstr("string01", StringSizes.DERIVED, 5)))
        .as("no embstr of 5 bytes seen").isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sizes.complete(new KeyFacts(bytes("hashkey1"), "hash", "listpack", StringSizes.DERIVED,
        -1, 3, null, null))).isInstanceOf(IllegalStateException.class);
  }

  private static String[] known(StringSizes sizes) {
    byte[][] known = sizes.known();
    return new String[] {new String(known[0], StandardCharsets.US_ASCII),
        new String(known[1], StandardCharsets.US_ASCII)};
  }

  private static KeyFacts integer(String key, long memory, long length) {
    return new KeyFacts(bytes(key), "string", "int", memory, -1, length, null, null);
  }

  private static KeyFacts embstr(String key, long memory, long length) {
    return new KeyFacts(bytes(key), "string", "embstr", memory, -1, length, null, null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
