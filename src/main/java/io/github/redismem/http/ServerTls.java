package io.github.redismem.http;

import io.github.redismem.config.PemFiles;
import io.github.redismem.config.WebConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.xnio.SslClientAuthMode;

/**
 * The HTTPS side of {@code tls_server_config}: an SSLContext whose key manager (and {@link ClientCertificates}) re-read
 * their PEM files when they change (checked at each handshake), so certificates rotate without a restart. What
 * Go's crypto/tls calls RequestClientCert and RequireAnyClientCert ask for a certificate without verifying it.
 */
final class ServerTls {
  private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());
  private static final Map<String, String> PROTOCOLS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final List<String> ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  private ServerTls() {}

  static SSLContext context(WebConfig.Tls tls) throws GeneralSecurityException {
    boolean verify = tls.clientAuth().equals("VerifyClientCertIfGiven")
        || tls.clientAuth().equals("RequireAndVerifyClientCert");
    TrustManager trust = verify ? ClientCertificates.verifiedBy(tls.clientCaFile())
        : ClientCertificates.ANY;
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new RotatingKey(tls.certFile(), tls.keyFile())}, new TrustManager[] {trust},
        null);
    return context;
  }

  static SslClientAuthMode clientAuthMode(WebConfig.Tls tls) {
    return switch (tls.clientAuth()) {
      case "RequestClientCert", "VerifyClientCertIfGiven" -> SslClientAuthMode.REQUESTED;
      case "RequireAnyClientCert", "RequireAndVerifyClientCert" -> SslClientAuthMode.REQUIRED;
      default -> SslClientAuthMode.NOT_REQUESTED;
    };
  }

  /** The JDK protocol names from min_version to max_version. */
  static String[] protocols(WebConfig.Tls tls) {
    List<String> out = new ArrayList<>();
    for (int i = ORDER.indexOf(tls.minVersion()); i >= 0 && i <= ORDER.indexOf(tls.maxVersion()); i++) {
      out.add(PROTOCOLS.get(ORDER.get(i)));
    }
    if (out.isEmpty()) {
      LOG.warning("tls_server_config: min_version " + tls.minVersion() + " is above max_version "
          + tls.maxVersion() + "; no TLS handshake can succeed");
    }
    return out.toArray(String[]::new);
  }

  /**
   * cipher_suites as the JDK's enabled suites. Go applies the list to TLS 1.2 and below only, so TLS 1.3's suites
   * stay enabled; empty when the list is (the JDK's defaults then).
   */
  static Optional<String[]> cipherSuites(WebConfig.Tls tls) {
    if (tls.cipherSuites().isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(tls.cipherSuites());
    for (String tls13 : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")) {
      if (!out.contains(tls13)) {
        out.add(tls13);
      }
    }
    return Optional.of(out.toArray(String[]::new));
  }

  /** Stamp of a file: modification time and size; a change means re-read. */
  static String stamp(Path file) {
    try {
      return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    } catch (IOException e) {
      return "missing";
    }
  }

  /** The server's key and certificate, re-read when either file changes; a broken rotation keeps the last good. */
  private static final class RotatingKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "web";
    private final Path certFile;
    private final Path keyFile;
    private volatile String stamp;
    private volatile PemFiles.KeyPair pair;

    RotatingKey(Path certFile, Path keyFile) throws GeneralSecurityException {
      this.certFile = certFile;
      this.keyFile = keyFile;
      try {
        this.stamp = stamp(certFile) + stamp(keyFile);
        this.pair = PemFiles.keyPair(certFile, keyFile);
      } catch (IOException e) {
        throw new GeneralSecurityException(e.getMessage(), e);
      }
    }

    private PemFiles.KeyPair current() {
      String now = stamp(certFile) + stamp(keyFile);
      if (!now.equals(stamp)) {
        synchronized (this) {
          if (!now.equals(stamp)) {
            try {
              pair = PemFiles.keyPair(certFile, keyFile);
              LOG.info("web TLS certificate re-read from " + certFile);
            } catch (IOException | GeneralSecurityException e) {
              LOG.warning("web TLS certificate " + certFile + " changed but cannot be used, keeping the last one: "
                  + e.getMessage());
            }
            stamp = now;
          }
        }
      }
      return pair;
    }

    private String alias(String keyType) {
      String algorithm = current().key().getAlgorithm();
      return keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? new String[0] : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? pair.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? pair.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
