package io.github.redismem.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exporter-toolkit web config file ({@code --web.config.file}), as every official Prometheus exporter reads it:
 * TLS, HTTP options and basic auth users. Read by {@link WebConfigFile}; paths are already resolved against the
 * file's folder.
 *
 * @param tls present when {@code tls_server_config} names a certificate: the endpoint is then served over HTTPS
 * @param headers extra response headers, only those the toolkit allows
 * @param users user name to bcrypt hash; empty means no basic auth
 */
public record WebConfig(Optional<Tls> tls, boolean http2, Map<String, String> headers, Map<String, String> users) {
  /** No file: plain HTTP, no auth. */
  public static final WebConfig NONE = new WebConfig(Optional.empty(), true, Map.of(), Map.of());

  /**
   * {@code tls_server_config}.
   *
   * @param clientAuth one of {@link #CLIENT_AUTH_TYPES} ({@code RequireClientCert} is read as RequireAnyClientCert)
   * @param minVersion TLS10..TLS13
   * @param cipherSuites IANA names, which Java and Go share; empty means the JDK's defaults
   * @param curves Go names (CurveP256, CurveP384, CurveP521, X25519)
   */
  public record Tls(Path certFile, Path keyFile, String clientAuth, Optional<Path> clientCaFile, String minVersion,
      String maxVersion, List<String> cipherSuites, boolean preferServerCipherSuites, List<String> curves) {}

  /** The client auth modes of Go's crypto/tls, as the toolkit names them. */
  public static final List<String> CLIENT_AUTH_TYPES = List.of("NoClientCert", "RequestClientCert",
      "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert");
}
