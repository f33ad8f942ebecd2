package io.github.redismem.http;

import java.time.Duration;

/**
 * Bounds on what one client can make the server hold: request header size, request body size (these endpoints
 * take no body), open connections, and how long a connection may sit idle or take to send its request.
 */
record HttpLimits(int maxHeaderBytes, long maxBodyBytes, int maxConnections, Duration idleTimeout,
    Duration requestParseTimeout) {
  /** Generous for Prometheus and browsers, small for anyone trying to exhaust the exporter. */
  static final HttpLimits DEFAULT = new HttpLimits(16 * 1024, 1024, 64, Duration.ofSeconds(60),
      Duration.ofSeconds(10));
}
