package io.github.redismem.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks at start-up that a PEM file holds what the TLS client will need, so a wrong path or a key in the wrong
 * format stops the exporter with the setting's name instead of failing every scrape. The TLS client reads the
 * files again at each connection.
 */
final class RedisTlsFiles {
  private static final Pattern KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

  private RedisTlsFiles() {}

  /** One or more X.509 certificates. */
  static final ValueKind<Optional<Path>> CERTIFICATES = raw -> {
    Optional<Path> file = ValueKind.READABLE_FILE.parse(raw);
    if (file.isPresent()) {
      certificates(file.get());
    }
    return file;
  };

  /** One unencrypted PKCS#8 private key (RSA, EC or EdDSA), what Netty's PEM reader accepts. */
  static final ValueKind<Optional<Path>> PRIVATE_KEY = raw -> {
    Optional<Path> file = ValueKind.READABLE_FILE.parse(raw);
    if (file.isPresent()) {
      privateKey(file.get());
    }
    return file;
  };

  static void certificates(Path file) throws ValueKind.Invalid {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
        throw new ValueKind.Invalid(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)).isEmpty()) {
        throw new ValueKind.Invalid(file + " holds no PEM certificate");
      }
    } catch (IOException e) {
      throw new ValueKind.Invalid("cannot read " + file + ": " + FileProblem.reason(file, e));
    } catch (GeneralSecurityException e) {
      throw new ValueKind.Invalid(file + " does not parse as PEM certificates: " + e.getMessage());
    }
  }

  static void privateKey(Path file) throws ValueKind.Invalid {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ValueKind.Invalid("cannot read " + file + ": " + FileProblem.reason(file, e));
    }
    Matcher m = KEY.matcher(text);
    if (!m.find()) {
      throw new ValueKind.Invalid(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    String kind = m.group(1).strip();
    if (!kind.isEmpty()) {
      throw new ValueKind.Invalid(file + " holds an \"" + kind + " PRIVATE KEY\"; an unencrypted PKCS#8 key is needed "
          + "(-----BEGIN PRIVATE KEY-----): convert it with openssl pkcs8 -topk8 -nocrypt -in "
          + file.getFileName() + " -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new ValueKind.Invalid(file + " holds a PEM private key that is not valid base64");
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return;
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new ValueKind.Invalid(file + " holds a PEM private key that does not parse as RSA, EC or EdDSA");
  }
}
