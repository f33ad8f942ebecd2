package io.github.redismem.http;

import io.github.redismem.config.WebConfig;
import io.github.redismem.config.WebSettings;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportJson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The HTTP server. /scrape serves other targets' metrics and /discover lists a cluster's nodes for Prometheus
 * http_sd. /metrics, / (the report page) and /report.json run on worker threads (each waits on a read of
 * Redis), never on an I/O thread; several may run at once. With web.config.file it serves HTTPS and asks for basic
 * auth as the exporter-toolkit does; {@link GuardHandler} stands in front of every route and {@link HttpLimits}
 * bounds what a client can make it hold ({@link HttpListener} applies them).
 */
public final class ExporterServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExporterServer.class.getName());
  private final HttpListener listener;

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
    this(web, registry, ready, report, targets, DiscoveredNodes.NONE);
  }

  /** As above, also listing {@code discovered} on {@code /discover} for Prometheus http_sd. */
  public ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready,
      Supplier<Report> report, ScrapeTargets targets, DiscoveredNodes discovered) {
    this(web, registry, ready, report, targets, discovered, HttpLimits.DEFAULT, BasicAuth.BCRYPT);
  }

  ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready, Supplier<Report> report,
      HttpLimits limits, BasicAuth.PasswordCheck passwords) {
    this(web, registry, ready, report, ScrapeTargets.NONE, DiscoveredNodes.NONE, limits, passwords);
  }

  ExporterServer(WebSettings web, PrometheusRegistry registry, BooleanSupplier ready, Supplier<Report> report,
      ScrapeTargets targets, DiscoveredNodes discovered, HttpLimits limits, BasicAuth.PasswordCheck passwords) {
    HttpHandler metrics = new BlockingHandler(new MetricsHandler(registry));
    PathHandler routes = Handlers.path()
        .addExactPath(web.telemetryPath(), metrics)
        .addExactPath("/scrape", new BlockingHandler(new ScrapeHandler(targets)))
        .addExactPath("/discover", new DiscoverHandler(discovered))
        .addExactPath("/-/healthy", text(() -> true, "Healthy"))
        .addExactPath("/-/ready", text(ready, "Ready"))
        .addExactPath("/", reportHandler(report, new ReportPage(web.telemetryPath())::render,
            "text/html; charset=utf-8"))
        .addExactPath("/report.json", reportHandler(report, ReportJson::write, "application/json"));
    LiveWebConfig live = new LiveWebConfig(web.configFile());
    WebConfig config = live.current().config().orElseThrow(() ->
        new IllegalStateException("web.config.file: " + live.current().problem()));
    OptionMap.Builder tlsOptions = OptionMap.builder();
    Optional<SSLContext> context = Optional.empty();
    if (config.tls().isPresent()) {
      WebConfig.Tls tls = config.tls().get();
      try {
        context = Optional.of(ServerTls.context(tls));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("web.config.file: tls_server_config: " + e.getMessage(), e);
      }
      tlsOptions.set(Options.SSL_CLIENT_AUTH_MODE, ServerTls.clientAuthMode(tls))
          .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(ServerTls.protocols(tls)));
      ServerTls.cipherSuites(tls).ifPresent(suites ->
          tlsOptions.set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(suites)));
      if (!tls.curves().isEmpty()) {
        LOG.warning("tls_server_config.curve_preferences is accepted but not applied: Java 17 has no per-listener "
            + "setting; set -Djdk.tls.namedGroups on the JVM instead");
      }
    }
    HttpHandler guard = new GuardHandler(routes, live, new BasicAuth(passwords), limits.maxBodyBytes());
    web.configFile().ifPresent(file -> LOG.info("web.config.file " + file + ": " + (config.tls().isPresent()
        ? "HTTPS, client certificates " + config.tls().get().clientAuth() : "plain HTTP") + ", "
        + (config.users().isEmpty() ? "no basic auth" : "basic auth for " + config.users().size() + " user(s)")));
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(web.listenAddress().host()),
          web.listenAddress().port());
      this.listener = new HttpListener(address, context, tlsOptions.getMap(), config.http2(), guard, limits);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + web.listenAddress() + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int port() {
    return listener.port();
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
    listener.close();
  }
}
