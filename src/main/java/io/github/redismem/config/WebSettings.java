package io.github.redismem.config;

/** Where and how the HTTP endpoints are served. */
public record WebSettings(ValueKind.ListenAddress listenAddress, String telemetryPath) {}
