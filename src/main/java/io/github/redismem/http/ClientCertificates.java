package io.github.redismem.http;

import io.github.redismem.config.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the server judges client certificates: against client_ca_file, re-read when it changes (the JDK's roots when
 * there is none), or, for Go's RequestClientCert and RequireAnyClientCert, not at all.
 */
final class ClientCertificates {
  private static final Logger LOG = Logger.getLogger(ClientCertificates.class.getName());

  /** Takes any certificate without verifying it. */
  static final X509ExtendedTrustManager ANY = new AnyClient();

  private ClientCertificates() {}

  static X509ExtendedTrustManager verifiedBy(Optional<Path> caFile) throws GeneralSecurityException {
    return new ClientCaTrust(caFile);
  }

  /** A trust manager of the server side: it judges clients, and refuses to be asked about servers. */
  private abstract static class ClientsOnly extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a server does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a server does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a server does not verify servers");
    }
  }

  /** Verifies client certificates against client_ca_file (the JDK's roots when none), re-read when it changes. */
  static final class ClientCaTrust extends ClientsOnly {
    private final Optional<Path> caFile;
    private volatile String stamp;
    private volatile X509TrustManager delegate;

    ClientCaTrust(Optional<Path> caFile) throws GeneralSecurityException {
      this.caFile = caFile;
      this.stamp = caFile.map(ServerTls::stamp).orElse("");
      this.delegate = load(caFile);
    }

    private static X509TrustManager load(Optional<Path> caFile) throws GeneralSecurityException {
      KeyStore store = null;
      if (caFile.isPresent()) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
          store.load(null, null);
          int i = 0;
          for (X509Certificate ca : PemFiles.certificates(caFile.get())) {
            store.setCertificateEntry("ca" + i++, ca);
          }
        } catch (IOException e) {
          throw new GeneralSecurityException("cannot read " + caFile.get() + ": " + e.getMessage(), e);
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new GeneralSecurityException("no X.509 trust manager");
    }

    private X509TrustManager current() {
      if (caFile.isPresent() && !ServerTls.stamp(caFile.get()).equals(stamp)) {
        synchronized (this) {
          String now = ServerTls.stamp(caFile.get());
          if (!now.equals(stamp)) {
            try {
              delegate = load(caFile);
              LOG.info("web client CA re-read from " + caFile.get());
            } catch (GeneralSecurityException e) {
              LOG.warning("web client CA " + caFile.get() + " changed but cannot be used, keeping the last one: "
                  + e.getMessage());
            }
            stamp = now;
          }
        }
      }
      return delegate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      current().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      current().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      current().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return current().getAcceptedIssuers();
    }
  }

  /** RequestClientCert and RequireAnyClientCert: any certificate is taken, none is verified (Go's meaning). */
  private static final class AnyClient extends ClientsOnly {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
