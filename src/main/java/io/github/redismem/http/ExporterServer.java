package io.github.redismem.http;

import io.github.redismem.config.WebConfig;
import io.github.redismem.config.WebSettings;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportJson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
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
import java.util.logging.Logger;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The HTTP server. /metrics, / (the report page) and /report.json run on worker threads (each waits on a read of
 * Redis), never on an I/O thread; several may run at once. With web.config.file it serves HTTPS and asks for basic
 * auth as the exporter-toolkit does; {@link GuardHandler} stands in front of every route and {@link HttpLimits}
 * bounds what a client can make it hold.
 */
public final class ExporterServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExporterServer.class.getName());
  private final Undertow undertow;

  /**
   * Starts serving; throws {@link IllegalStateException} naming the address if it cannot listen.
   *
   * @param report builds a fresh report (reading Redis) for each request of the page or report.json
   */
  public ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready,
      Supplier<Report> report) {
    this(web, registry, ready, report, ScrapeTargets.NONE);
  }

  /** As above, also serving {@code /scrape?target=} for {@code targets}. */
  public ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready,
      Supplier<Report> report, ScrapeTargets targets) {
    this(web, registry, ready, report, targets, HttpLimits.DEFAULT, BasicAuth.BCRYPT);
  }

  ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready, Supplier<Report> report,
      HttpLimits limits, BasicAuth.PasswordCheck passwords) {
    this(web, registry, ready, report, ScrapeTargets.NONE, limits, passwords);
  }

  ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready, Supplier<Report> report,
      ScrapeTargets targets, HttpLimits limits, BasicAuth.PasswordCheck passwords) {
    HttpHandler metrics = new BlockingHandler(new MetricsHandler(registry));
    PathHandler routes = Handlers.path()
        .addExactPath(web.telemetryPath(), metrics)
        .addExactPath("/scrape", new BlockingHandler(new ScrapeHandler(targets)))
        .addExactPath("/-/healthy", text(() -> true, "Healthy"))
        .addExactPath("/-/ready", text(ready, "Ready"))
        .addExactPath("/", reportHandler(report, new ReportPage(web.telemetryPath())::render,
            "text/html; charset=utf-8"))
        .addExactPath("/report.json", reportHandler(report, ReportJson::write, "application/json"));
    LiveWebConfig live = new LiveWebConfig(web.configFile());
    WebConfig config = live.current().config().orElseThrow(() ->
        new IllegalStateException("web.config.file: " + live.current().problem()));
    Undertow.Builder builder = Undertow.builder()
        .setIoThreads(1)
        .setWorkerThreads(8)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
        .setServerOption(UndertowOptions.MAX_HEADERS, 100)
        .setServerOption(UndertowOptions.MAX_PARAMETERS, 100)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, limits.maxBodyBytes())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestParseTimeout().toMillis())
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
        // XNIO stops accepting at the high water mark and resumes below the low one
        .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
        .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections())
        .setHandler(new GuardHandler(routes, live, new BasicAuth(passwords), limits.maxBodyBytes()));
    if (config.tls().isPresent()) {
      WebConfig.Tls tls = config.tls().get();
      try {
        builder.addHttpsListener(web.listenAddress().port(), web.listenAddress().host(), ServerTls.context(tls))
            .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, ServerTls.clientAuthMode(tls))
            .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(ServerTls.protocols(tls)))
            .setServerOption(UndertowOptions.ENABLE_HTTP2, config.http2());
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("web.config.file: tls_server_config: " + e.getMessage(), e);
      }
      ServerTls.cipherSuites(tls).ifPresent(suites ->
          builder.setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(suites)));
      if (!tls.curves().isEmpty()) {
        LOG.warning("tls_server_config.curve_preferences is accepted but not applied: Java 17 has no per-listener "
            + "setting; set -Djdk.tls.namedGroups on the JVM instead");
      }
    } else {
      builder.addHttpListener(web.listenAddress().port(), web.listenAddress().host());
    }
    this.undertow = builder.build();
    web.configFile().ifPresent(file -> LOG.info("web.config.file " + file + ": " + (config.tls().isPresent()
        ? "HTTPS, client certificates " + config.tls().get().clientAuth() : "plain HTTP") + ", "
        + (config.users().isEmpty() ? "no basic auth" : "basic auth for " + config.users().size() + " user(s)")));
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
