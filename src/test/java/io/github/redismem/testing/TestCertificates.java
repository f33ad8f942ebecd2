package io.github.redismem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
* Certificate authorities and the certificates they sign, made with the {@code openssl} command for a TLS test:
* PEM files with EC P-256 keys in PKCS#8, valid for two days.
*/
public final class TestCertificates {

  private TestCertificates() {
  }

  /** A certificate and its private key, as PEM files. */
  public record Issued(Path cert, Path key) {
  }

  /** A CA: its certificate is what a client or server trusts. */
  public record Authority(Path cert, Path key, Path dir) {

    /**
    * A certificate for a server and a client alike (both extended key usages).
    *
    * @param name the file name stem and common name
    * @param sans subjectAltName entries, e.g. {@code DNS:localhost}, {@code IP:127.0.0.1}
    */
    public Issued issue(String name, String... sans) {
      Path key = dir.resolve(name + ".key");
      Path csr = dir.resolve(name + ".csr");
      Path cert = dir.resolve(name + ".pem");
      Path ext = dir.resolve(name + ".ext");
      List<String> lines = new ArrayList<>();
      if (sans.length > 0) {
        lines.add("subjectAltName=" + String.join(",", sans));
      }
      lines.add("extendedKeyUsage=serverAuth,clientAuth");
      lines.add("basicConstraints=CA:FALSE");
      write(ext, String.join("\n", lines) + "\n");
      openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
      openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
          "-set_serial", Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
          "-days", "2", "-sha256", "-extfile", ext.toString(), "-out", cert.toString());
      return new Issued(cert, key);
    }
  }

  /** A new self-signed CA in {@code dir}, its files named after {@code name}. */
  public static Authority authority(Path dir, String name) {
    Path key = dir.resolve(name + "-ca.key");
    Path cert = dir.resolve(name + "-ca.pem");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-sha256",
        "-subj", "/CN=" + name + " test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new Authority(cert, key, dir);
  }

  private static void openssl(String... args) {
    openssl(null, args);
  }

  /**
   * Runs the {@code openssl} command in {@code dir} (null: the current directory), failing with its output.
   * CI=true fails without openssl; elsewhere the tests that need it are skipped, saying why.
   */
  public static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(
        ServiceProcess.installedExecutable("OPENSSL", "apt-get install openssl", "openssl").toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true)
          .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl (the TLS tests need the openssl command)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
