package io.github.redismem.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * /metrics. A plain GET in a text format (what Prometheus sends) is rendered through {@link RenderedFamilies}, so
 * families unchanged since the last scrape are not written again; everything else (HEAD, {@code ?debug=},
 * {@code name[]=} filters, protobuf) goes to client_java's own handler. Both give the same bytes, headers and
 * content negotiation. Runs on a worker thread: a scrape waits on Redis.
 */
final class MetricsHandler implements HttpHandler {
  private final PrometheusRegistry registry;
  private final PrometheusScrapeHandler general;
  private final ExpositionFormats formats;
  private final Map<String, RenderedFamilies> rendered = new ConcurrentHashMap<>();

  MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
    this.general = new PrometheusScrapeHandler(registry);
    this.formats = ExpositionFormats.init(PrometheusProperties.get());
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!Methods.GET.equals(exchange.getRequestMethod()) || !exchange.getQueryString().isEmpty()
        || writer == formats.getPrometheusProtobufWriter()) {
      general.handleRequest(new UndertowScrapeExchange(exchange));
      return;
    }
    EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
    RenderedFamilies families = rendered.computeIfAbsent(writer.getContentType() + ";" + escaping,
        k -> new RenderedFamilies(writer, escaping));
    List<byte[]> parts = families.render(registry.scrape());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
    if (acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING))) {
      exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
      parts = List.of(gzip(parts));
    }
    long length = 0;
    ByteBuffer[] buffers = new ByteBuffer[parts.size()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = ByteBuffer.wrap(parts.get(i));
      length += buffers[i].remaining();
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
    exchange.getResponseSender().send(buffers);
  }

  private static boolean acceptsGzip(HeaderValues values) {
    if (values == null) {
      return false;
    }
    for (String header : values) {
      for (String encoding : header.split(",")) {
        if (encoding.trim().equalsIgnoreCase("gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] gzip(List<byte[]> parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
      for (byte[] part : parts) {
        zip.write(part);
      }
    }
    return out.toByteArray();
  }
}
