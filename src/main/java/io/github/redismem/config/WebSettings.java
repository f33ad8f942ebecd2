package io.github.redismem.config;

/** Where and how the HTTP endpoints are served. */
public record WebSettings(ValueKind.ListenAddress listenAddress, String telemetryPath) {
  public WebSettings withListenAddress(ValueKind.ListenAddress value) {
    return new WebSettings(value, telemetryPath);
  }

  public WebSettings withTelemetryPath(String value) {
    return new WebSettings(listenAddress, value);
  }
}
