package io.github.redismem.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how the HTTP endpoints are served.
 *
 * @param configFile the exporter-toolkit web config file (TLS, basic auth, headers), read by {@link WebConfigFile}
 * @param allowAnyTarget whether /scrape reads any Redis it is given, not only redis.addr and the targets list
 */
public record WebSettings(ValueKind.ListenAddress listenAddress, String telemetryPath, Optional<Path> configFile,
    boolean allowAnyTarget) {
  public WebSettings withListenAddress(ValueKind.ListenAddress value) {
    return new WebSettings(value, telemetryPath, configFile, allowAnyTarget);
  }

  public WebSettings withTelemetryPath(String value) {
    return new WebSettings(listenAddress, value, configFile, allowAnyTarget);
  }

  public WebSettings withConfigFile(Optional<Path> value) {
    return new WebSettings(listenAddress, telemetryPath, value, allowAnyTarget);
  }

  public WebSettings withAllowAnyTarget(Boolean value) {
    return new WebSettings(listenAddress, telemetryPath, configFile, value);
  }
}
