package io.github.redismem.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How key names are shown in metrics, the report page, {@code /report.json} and {@code analyze}
 * ({@code sampling.keyNames}), and the secret that keys the hash of the {@code hash} mode. The secret is given
 * directly or read once, at start, from {@code secretFile}: a secret that changed under a running exporter would
 * change every name it shows, so a new secret takes a restart.
 */
public record KeyNameSettings(Mode mode, Secret secret, Optional<Path> secretFile) {
  /** Fewer bytes than this make a key an attacker could search for by brute force. */
  public static final int MIN_SECRET_BYTES = 16;

  /** What is shown of a key name. */
  public enum Mode {
    /** The name itself, escaped and cut at 120 characters. */
    FULL,
    /** Only the name's prefix group, followed by {@code <redacted>}. */
    PREFIX,
    /** The prefix group followed by {@code <hmac:} and the first 12 hex digits of HMAC-SHA256 of the name. */
    HASH;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static final ValueKind<Mode> KIND =
        raw -> Mode.valueOf(Scalars.oneOf(raw, "full", "prefix", "hash").toUpperCase(Locale.ROOT));
  }

  public static final KeyNameSettings FULL = new KeyNameSettings(Mode.FULL, Secret.none(), Optional.empty());

  public KeyNameSettings withMode(Mode value) {
    return new KeyNameSettings(value, secret, secretFile);
  }

  public KeyNameSettings withSecret(Secret value) {
    return new KeyNameSettings(mode, value, secretFile);
  }

  public KeyNameSettings withSecretFile(Optional<Path> value) {
    return new KeyNameSettings(mode, secret, value);
  }

  /**
   * These settings with the secret read from {@code secretFile} (surrounding whitespace trimmed, as a file written
   * by {@code echo} ends in a newline), checked: the {@code hash} mode needs a secret of at least
   * {@value #MIN_SECRET_BYTES} bytes, given one way only.
   */
  KeyNameSettings resolved() throws ConfigException {
    if (secret.isPresent() && secretFile.isPresent()) {
      throw new ConfigException("sampling.keyNameSecretFile",
          "set either sampling.keyNameSecret or sampling.keyNameSecretFile, not both");
    }
    if (mode != Mode.HASH) {
      return this;
    }
    Secret key = secret;
    String from = "sampling.keyNameSecret";
    if (secretFile.isPresent()) {
      from = "sampling.keyNameSecretFile";
      Path file = secretFile.get();
      try {
        key = Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new ConfigException(from, "cannot read " + file + ": " + FileProblem.reason(file, e));
      }
      if (!key.isPresent()) {
        throw new ConfigException(from, file + " is empty");
      }
    }
    if (!key.isPresent()) {
      throw new ConfigException(from, "sampling.keyNames is hash but no secret is set: give one of at least "
          + MIN_SECRET_BYTES + " bytes in sampling.keyNameSecret or sampling.keyNameSecretFile"
          + " (e.g. openssl rand -hex 32)");
    }
    int bytes = key.reveal().getBytes(StandardCharsets.UTF_8).length;
    if (bytes < MIN_SECRET_BYTES) {
      throw new ConfigException(from, "the secret has " + bytes + " bytes; sampling.keyNames hash needs at least "
          + MIN_SECRET_BYTES + " (e.g. openssl rand -hex 32)");
    }
    return new KeyNameSettings(mode, key, secretFile);
  }
}
