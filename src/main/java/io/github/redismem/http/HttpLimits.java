package io.github.redismem.http;

import java.time.Duration;

/**
 * Bounds on what one client can make the server hold: request header size, request body size (these endpoints
 * take no body), open connections, and how long a connection may take to start its request, to send it, and sit
 * idle between two requests.
 *
 * <p>The defaults, as a production exporter needs them. The time bounds do most of the work: a connection that
 * sends nothing is closed after 10 s ({@link RequestStartDeadline}; Prometheus sends its request within
 * milliseconds of connecting, a TLS handshake included), a request trickled in slowly after 10 s, and a keep-alive
 * connection after 90 s without a request. 90 s outlasts Prometheus's default scrape interval (1 m) and the usual
 * 15-60 s, so Prometheus reuses one connection from scrape to scrape instead of opening one each time; Go's own idle
 * connection timeout (the client side of Prometheus keeps them 5 m) is 90 s too, and nginx keeps them 75 s.
 *
 * <p>The cap, 256 connections, is set by memory rather than threads: an idle socket costs the non-blocking I/O
 * thread no thread, only a file descriptor and about 2 KB of heap, but a connection holding an unfinished request of
 * nearly 16 KiB of headers keeps about 20 KB of heap until its parse timeout (measured with the shipped -Xmx32m:
 * 1,000 of them filled the heap, 256 took 5.3 MB; 250 idle ones 0.5 MB). It is four times the old 64 and more
 * than a port scanner or a broken health check keeps open now that silent connections last 10 s. With the old single
 * timer (60 s for both the first request and the next) and a cap of 64, 64 silent sockets kept every scrape out for
 * a minute.
 */
record HttpLimits(int maxHeaderBytes, long maxBodyBytes, int maxConnections, Duration requestStartTimeout,
    Duration requestParseTimeout, Duration keepAliveTimeout) {
  /** Generous for Prometheus and browsers, small for anyone trying to exhaust the exporter. */
  static final HttpLimits DEFAULT = new HttpLimits(16 * 1024, 1024, 256, Duration.ofSeconds(10),
      Duration.ofSeconds(10), Duration.ofSeconds(90));
}
