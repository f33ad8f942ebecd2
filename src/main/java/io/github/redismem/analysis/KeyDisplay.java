package io.github.redismem.analysis;

import io.github.redismem.config.KeyNameSettings;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where a key name becomes the text every output shows (top keys and finding examples, in metrics, the page,
 * {@code /report.json} and {@code analyze}), per {@code sampling.keyNames}:
 * <ul>
 *   <li>{@code full}: {@link KeyText} of the name;
 *   <li>{@code prefix}: the key's prefix group followed by {@value #REDACTED} ({@code user:<redacted>});
 *   <li>{@code hash}: the prefix group followed by {@code <hmac:} and the first {@value #HASH_HEX_DIGITS} hex digits
 *       of HMAC-SHA256 of the name's bytes under the configured secret ({@code user:<hmac:3f9a1c2b4d5e>}): the same
 *       key shows the same text in every pass and after a restart, and whoever holds the secret can check a name
 *       against it, but nobody can read the name from it.
 * </ul>
 * The prefix group is the one the prefix table uses, computed from the real name, so grouping does not depend on
 * the mode. Both concealed forms end in {@code >}, so no advice ever mistakes them for a name with an id at its end.
 * Not thread-safe (the HMAC is stateful): one per pass.
 */
final class KeyDisplay {
  static final String REDACTED = "<redacted>";
  static final int HASH_HEX_DIGITS = 12;

  private final KeyNameSettings.Mode mode;
  private final Mac hmac;

  KeyDisplay(KeyNameSettings settings) {
    this.mode = settings.mode();
    this.hmac = mode == KeyNameSettings.Mode.HASH ? hmac(settings.secret().reveal()) : null;
  }

  /** The text shown for {@code key}, whose prefix group is {@code prefix}. */
  String of(byte[] key, String prefix) {
    return switch (mode) {
      case FULL -> KeyText.of(key);
      case PREFIX -> prefix + REDACTED;
      case HASH -> prefix + "<hmac:" + digest(key) + ">";
    };
  }

  /** The first {@value #HASH_HEX_DIGITS} hex digits of HMAC-SHA256(secret, key). */
  String digest(byte[] key) {
    byte[] mac = hmac.doFinal(key);
    return HexFormat.of().formatHex(mac, 0, HASH_HEX_DIGITS / 2);
  }

  private static Mac hmac(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("sampling.keyNames hash needs a secret");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // every Java runtime ships HmacSHA256 (a required algorithm of the platform)
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
