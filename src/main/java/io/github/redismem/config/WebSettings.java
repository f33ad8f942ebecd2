package io.github.redismem.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how the HTTP endpoints are served.
 *
 * @param configFile the exporter-toolkit web config file (TLS, basic auth, headers), read by {@link WebConfigFile}
 */
public record WebSettings(ValueKind.ListenAddress listenAddress, String telemetryPath, Optional<Path> configFile) {
  public WebSettings withListenAddress(ValueKind.ListenAddress value) {
    return new WebSettings(value, telemetryPath, configFile);
  }

  public WebSettings withTelemetryPath(String value) {
    return new WebSettings(listenAddress, value, configFile);
  }

  public WebSettings withConfigFile(Optional<Path> value) {
    return new WebSettings(listenAddress, telemetryPath, value);
  }
}
