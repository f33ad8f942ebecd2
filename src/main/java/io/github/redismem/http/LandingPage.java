package io.github.redismem.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The page at {@code /}: what this is, which Redis it watches (never with its password) and links. Links are
 * relative so the page works behind a proxy that serves it under a prefix.
 */
final class LandingPage implements HttpHandler {
  private final byte[] body;

  LandingPage(String version, String target, String telemetryPath) {
    String metricsLink = telemetryPath.substring(1);
    this.body = ("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>redis-memory-exporter</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:50em}code{background:#eee;padding:0 .2em}</style>
        </head><body>
        <h1>redis-memory-exporter</h1>
        <p>Where Redis memory goes, for Prometheus. Version <code>%s</code>, watching <code>%s</code>.</p>
        <ul>
        <li><a href="%s">Metrics</a></li>
        <li><a href="-/healthy">Health</a></li>
        <li><a href="-/ready">Readiness</a> (ready once Redis has answered)</li>
        </ul>
        </body></html>
        """.formatted(Html.escape(version), Html.escape(target), Html.escape(metricsLink)))
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
  }
}
