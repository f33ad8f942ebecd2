package io.github.redismem.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys read with the JDK alone: X.509 chains, PKCS#8 keys (RSA or EC, what
 * {@code openssl genpkey} and {@code openssl req -newkey} write), PKCS#1 RSA keys and SEC1 EC keys
 * ({@code openssl ecparam -genkey}), as Go's tls.LoadX509KeyPair reads them.
 */
public final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  private PemFiles() {}

  /** A server's key and the certificate chain that goes with it, leaf first. */
  public record KeyPair(PrivateKey key, X509Certificate[] chain) {}

  /** Reads both files and checks that the key signs what the leaf certificate's public key verifies. */
  public static KeyPair keyPair(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile);
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no CERTIFICATE block in " + certFile);
    }
    PrivateKey key = privateKey(keyFile);
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "redis-memory-exporter".getBytes(StandardCharsets.UTF_8);
    Signature sign = Signature.getInstance(algorithm);
    sign.initSign(key);
    sign.update(probe);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance(algorithm);
    try {
      verify.initVerify(chain.get(0).getPublicKey());
      verify.update(probe);
      if (!verify.verify(signature)) {
        throw new GeneralSecurityException("private key does not match public key");
      }
    } catch (java.security.InvalidKeyException e) {
      throw new GeneralSecurityException("private key does not match public key");
    }
    return new KeyPair(key, chain.toArray(X509Certificate[]::new));
  }

  /** Every CERTIFICATE block of {@code file}, in order. */
  public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(file)) {
      if (b.type.equals("CERTIFICATE")) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
      }
    }
    return out;
  }

  /** The first private key block of {@code file}. */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    for (Block b : blocks(file)) {
      switch (b.type) {
        case "PRIVATE KEY":
          return pkcs8(b.der);
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(b.der)));
        case "EC PRIVATE KEY":
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(ecPkcs8(b.der, file)));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(file + " holds an encrypted key; the key must not be encrypted");
        default:
          break;
      }
    }
    throw new GeneralSecurityException("no PRIVATE KEY block in " + file);
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unreadable PKCS#8 key: " + last.getMessage());
  }

  /** Wraps a PKCS#1 RSAPrivateKey in PKCS#8: SEQ { INT 0, SEQ { rsaEncryption, NULL }, OCTET STRING key }. */
  private static byte[] rsaPkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return der(0x30, body);
  }

  /**
   * Wraps a SEC1 ECPrivateKey (SEQ { INT 1, OCTET STRING d, [0] curve OID, [1] public key }) in PKCS#8:
   * SEQ { INT 0, SEQ { id-ecPublicKey, curve OID }, OCTET STRING key }.
   */
  private static byte[] ecPkcs8(byte[] sec1, Path file) throws GeneralSecurityException {
    byte[] curve = null;
    int[] outer = header(sec1, 0);
    for (int i = outer[0]; i < outer[0] + outer[1]; ) {
      int[] h = header(sec1, i);
      if ((sec1[i] & 0xff) == 0xa0) {
        int[] oid = header(sec1, h[0]);
        curve = java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
      }
      i = h[0] + h[1];
    }
    if (curve == null) {
      throw new GeneralSecurityException(file + ": the EC key does not name its curve");
    }
    byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    byte[] algorithm = new byte[ecPublicKey.length + curve.length];
    System.arraycopy(ecPublicKey, 0, algorithm, 0, ecPublicKey.length);
    System.arraycopy(curve, 0, algorithm, ecPublicKey.length, curve.length);
    byte[] version = {0x02, 0x01, 0x00};
    byte[] seq = der(0x30, algorithm);
    byte[] octets = der(0x04, sec1);
    byte[] body = new byte[version.length + seq.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(seq, 0, body, version.length, seq.length);
    System.arraycopy(octets, 0, body, version.length + seq.length, octets.length);
    return der(0x30, body);
  }

  /** The content offset and length of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) throws GeneralSecurityException {
    if (at + 1 >= der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int n = first & 0x7f;
    if (n > 3 || at + 2 + n > der.length) {
      throw new GeneralSecurityException("bad DER length");
    }
    int length = 0;
    for (int k = 0; k < n; k++) {
      length = (length << 8) | (der[at + 2 + k] & 0xff);
    }
    return new int[] {at + 2 + n, length};
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
        : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
        : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + length.length + n];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, n);
    return out;
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new GeneralSecurityException("bad base64 in the " + m.group(1) + " block of " + file);
      }
    }
    return out;
  }
}
