package io.github.redismem.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a {@code rediss://} connection proves who it talks to and who it is. The files are PEM and are read again
 * at every connection, so rotated certificates are used without a restart.
 *
 * @param caFile the CA certificates that sign the server's certificate; empty = the JVM's default trust store
 * @param certFile the client certificate (chain) for servers that require one ({@code tls-auth-clients yes})
 * @param keyFile the unencrypted PKCS#8 private key of {@code certFile}
 * @param serverName the name sent as SNI and checked against the server's certificate; empty = the host of
 *     redis.addr
 * @param insecureSkipVerify accept any server certificate (encryption without authentication)
 */
public record TlsSettings(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, String serverName,
    boolean insecureSkipVerify) {

  public static TlsSettings none() {
    return new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), "", false);
  }

  /** Whether any TLS setting differs from its default. */
  public boolean anySet() {
    return !equals(none());
  }

  /** The path of the first setting that differs from its default, in the order the settings are declared. */
  String firstSetPath() {
    return caFile.isPresent() ? "redis.tls.caFile" : certFile.isPresent() ? "redis.tls.certFile"
        : keyFile.isPresent() ? "redis.tls.keyFile" : !serverName.isEmpty() ? "redis.tls.serverName"
        : "redis.tls.insecureSkipVerify";
  }

  /** The files to watch for rotation, in a fixed order. */
  public List<Path> files() {
    return Stream.of(caFile, certFile, keyFile).flatMap(Optional::stream).toList();
  }

  public TlsSettings withCaFile(Optional<Path> value) {
    return new TlsSettings(value, certFile, keyFile, serverName, insecureSkipVerify);
  }

  public TlsSettings withCertFile(Optional<Path> value) {
    return new TlsSettings(caFile, value, keyFile, serverName, insecureSkipVerify);
  }

  public TlsSettings withKeyFile(Optional<Path> value) {
    return new TlsSettings(caFile, certFile, value, serverName, insecureSkipVerify);
  }

  public TlsSettings withServerName(String value) {
    return new TlsSettings(caFile, certFile, keyFile, value, insecureSkipVerify);
  }

  public TlsSettings withInsecureSkipVerify(Boolean value) {
    return new TlsSettings(caFile, certFile, keyFile, serverName, value);
  }
}
