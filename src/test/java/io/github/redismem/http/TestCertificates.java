package io.github.redismem.http;

import io.github.redismem.config.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA with RSA server and client certificates under fixed names in a folder, PEM files as an operator
 * would have them, for the web side's tests (the Redis side's EC authorities are {@code testing.TestCertificates},
 * which also runs openssl for both).
 */
final class TestCertificates {
  final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** ca.pem/ca.key, server.pem/server.key (localhost, 127.0.0.1), client.pem/client.key, all signed by the CA. */
  static TestCertificates in(Path dir) throws Exception {
    TestCertificates pki = new TestCertificates(dir);
    pki.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=redismem test CA");
    pki.issue("server", "rsa:2048", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    pki.issue("client", "rsa:2048", "extendedKeyUsage=clientAuth");
    return pki;
  }

  /** Makes {@code name}.pem/.key signed by the CA; {@code newkey} as openssl req takes it (rsa:2048, ec). */
  void issue(String name, String newkey, String extension) throws Exception {
    if (newkey.equals("ec")) {
      run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
          "-out", name + ".csr", "-subj", "/CN=" + name);
    } else {
      run("req", "-newkey", newkey, "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
          "/CN=" + name);
    }
    Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
    run("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        name + ".pem", "-days", "2", "-extfile", name + ".ext");
  }

  /** A client context trusting the test CA, presenting {@code clientName}'s certificate when not null. */
  SSLContext client(String clientName) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", PemFiles.certificates(dir.resolve("ca.pem")).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManager[] keys = null;
    if (clientName != null) {
      PemFiles.KeyPair pair = PemFiles.keyPair(dir.resolve(clientName + ".pem"), dir.resolve(clientName + ".key"));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", pair.key(), "x".toCharArray(), pair.chain());
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, "x".toCharArray());
      keys = kmf.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, tmf.getTrustManagers(), null);
    return context;
  }

  X509Certificate certificate(String name) throws Exception {
    return PemFiles.certificates(dir.resolve(name + ".pem")).get(0);
  }

  void openssl(String... args) throws IOException, InterruptedException {
    run(args);
  }

  private void run(String... args) {
    io.github.redismem.testing.TestCertificates.openssl(dir, args);
  }
}
