package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.config.KeyNameSettings;
import io.github.redismem.config.KeyNameSettings.Mode;
import io.github.redismem.config.Secret;
import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one place a key name becomes display text, in each {@code sampling.keyNames} mode, and what passes show. */
class KeyDisplayTest {
  private static final String SECRET = "correct horse battery staple";
  private static final byte[] ODD = {'o', 'd', 'd', ':', (byte) 0xff, 0, '\n'};

  private static KeyDisplay display(Mode mode, String secret) {
    return new KeyDisplay(new KeyNameSettings(mode, Secret.of(secret), Optional.empty()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fullShowsTheEscapedNameAsBefore() {
    assertThat(display(Mode.FULL, "").of(ODD, "odd:")).isEqualTo(KeyText.of(ODD)).isEqualTo("odd:\\xff\\x00\\x0a");
    assertThat(new KeyDisplay(KeyNameSettings.FULL).of(bytes("user:1001"), "user:")).isEqualTo("user:1001");
  }

  @Test
  void prefixShowsTheGroupAndAMarkerOnly() {
    KeyDisplay d = display(Mode.PREFIX, "");
    assertThat(d.of(bytes("user:1001"), "user:")).isEqualTo("user:<redacted>");
    assertThat(d.of(ODD, "odd:")).isEqualTo("odd:<redacted>");
    assertThat(d.of(bytes("plainsecret"), Prefixer.NONE)).isEqualTo("(none)<redacted>");
  }

  /** The digests are those of {@code printf '%s' NAME | openssl dgst -sha256 -hmac SECRET}, cut to 12 digits. */
  @Test
  void hashIsTheGroupAndTheHmacOfTheRawBytesAsOpensslComputesIt() {
    KeyDisplay d = display(Mode.HASH, SECRET);
    assertThat(d.of(bytes("user:1001"), "user:")).isEqualTo("user:<hmac:59fe5271bb14>");
    assertThat(d.of(ODD, "odd:")).isEqualTo("odd:<hmac:e1e6788e577b>");
    // stable: another instance (another pass, another process) with the same secret shows the same text
    assertThat(display(Mode.HASH, SECRET).of(bytes("user:1001"), "user:")).isEqualTo("user:<hmac:59fe5271bb14>");
    // keyed: another secret, another digest; another name, another digest
    assertThat(display(Mode.HASH, SECRET + "!").of(bytes("user:1001"), "user:"))
        .startsWith("user:<hmac:").isNotEqualTo("user:<hmac:59fe5271bb14>");
    assertThat(d.of(bytes("user:1002"), "user:")).isNotEqualTo("user:<hmac:59fe5271bb14>");
  }

  @Test
  void hashWithoutASecretIsRefused() {
    assertThatThrownBy(() -> display(Mode.HASH, "")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Keys of known names through a whole pass: the groups and sizes as in full, no name in any text of the result. */
  @Test
  void aPassShowsNoNameOutsideFullModeAndTheSameGroupsAndSizes() {
    List<KeyFacts> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add(Passes.key("user:" + (1000 + i) + ":zqxj", "string", "raw", 200 + i, -1, 100));
    }
    keys.add(Passes.key("blob:zqxjbig", "string", "raw", 20L << 20, -1, 20 << 20));
    keys.add(Passes.key("doc:zqxj1", "string", "raw", 900, -1, 700));
    keys.add(new KeyFacts(bytes("json:zqxj2"), "string", "raw", 900, -1, 700, bytes("{\"a\":1,\"b\":2}"), null));
    keys.add(Passes.key(new byte[] {'z', 'q', 'x', 'j', (byte) 0xff, 0}, "hash", "hashtable", 5000, -1, 10));
    keys.add(Passes.key("session:user:profile:settings:zqxj7", "string", "embstr", 80, -1, 5));

    PassResult full = Passes.exact(keys);
    assertThat(names(full)).anyMatch(n -> n.contains("zqxj"));
    assertThat(full.findings()).isNotEmpty().allMatch(f -> !f.examples().isEmpty());
    for (KeyNameSettings privacy : List.of(
        new KeyNameSettings(Mode.PREFIX, Secret.none(), Optional.empty()),
        new KeyNameSettings(Mode.HASH, Secret.of(SECRET), Optional.empty()))) {
      PassResult hidden = Passes.exact(Passes.defaults().withKeyNames(privacy), keys);
      assertThat(names(hidden)).as(privacy.mode().label()).isNotEmpty().noneMatch(n -> n.contains("zqxj"))
          .allMatch(n -> n.endsWith(">"));
      assertThat(hidden.prefixes()).isEqualTo(full.prefixes());
      assertThat(hidden.topKeys()).extracting(TopKey::bytes).isEqualTo(full.topKeys().stream().map(TopKey::bytes)
          .toList());
      assertThat(hidden.findings()).extracting(f -> f.finding().label() + " " + f.keys() + " " + f.bytes())
          .isEqualTo(full.findings().stream().map(f -> f.finding().label() + " " + f.keys() + " " + f.bytes())
              .toList());
      // each shown name starts with the group its key is counted under
      assertThat(hidden.topKeys()).allMatch(k -> hidden.prefixes().stream()
          .anyMatch(p -> k.key().equals(p.prefix() + (privacy.mode() == Mode.PREFIX ? KeyDisplay.REDACTED : ""))
              || k.key().startsWith(p.prefix() + "<hmac:")));
    }
  }

  private static List<String> names(PassResult pass) {
    List<String> out = new ArrayList<>();
    pass.topKeys().forEach(k -> out.add(k.key()));
    pass.findings().forEach(f -> f.examples().forEach(k -> out.add(k.key())));
    return out;
  }
}
