package io.github.redismem.http;

import io.github.redismem.config.WebSettings;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportJson;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP server. /metrics, / (the report page) and /report.json run on worker threads (each waits on a read of
 * Redis), never on an I/O thread; several may run at once.
 */
public final class ExporterServer implements AutoCloseable {
  private final Undertow undertow;

  /**
   * Starts serving; throws {@link IllegalStateException} naming the address if it cannot listen.
   *
   * @param report builds a fresh report (reading Redis) for each request of the page or report.json
   */
  public ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready,
      Supplier<Report> report) {
    PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
    HttpHandler metrics = new BlockingHandler(exchange -> scrape.handleRequest(new UndertowScrapeExchange(exchange)));
    PathHandler routes = Handlers.path()
        .addExactPath(web.telemetryPath(), metrics)
        .addExactPath("/-/healthy", text(() -> true, "Healthy"))
        .addExactPath("/-/ready", text(ready, "Ready"))
        .addExactPath("/", reportHandler(report, new ReportPage(web.telemetryPath())::render,
            "text/html; charset=utf-8"))
        .addExactPath("/report.json", reportHandler(report, ReportJson::write, "application/json"));
    this.undertow = Undertow.builder()
        .addHttpListener(web.listenAddress().port(), web.listenAddress().host())
        .setIoThreads(1)
        .setWorkerThreads(8)
        .setHandler(routes)
        .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      undertow.stop();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot listen on " + web.listenAddress() + ": " + cause.getMessage(), e);
    }
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static HttpHandler reportHandler(Supplier<Report> report, Function<Report, String> render,
      String contentType) {
    return new BlockingHandler(exchange -> {
      byte[] body = render.apply(report.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType)
          .put(Headers.CACHE_CONTROL, "no-store")
          .put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff")
          .put(HttpString.tryFromString("Content-Security-Policy"), ReportPage.CONTENT_SECURITY_POLICY);
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    });
  }

  private static HttpHandler text(BooleanSupplier ok, String okText) {
    return (HttpServerExchange exchange) -> {
      boolean good = ok.getAsBoolean();
      exchange.setStatusCode(good ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send(good ? okText + ".\n" : "Not ready: Redis has not answered yet.\n");
    };
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
