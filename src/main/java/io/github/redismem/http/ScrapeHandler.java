package io.github.redismem.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code /scrape?target=redis://host:port}: one target's metrics, the blackbox_exporter and redis_exporter
 * pattern (Prometheus relabels each target of a job into the {@code target} parameter). Each target's registry
 * gets a {@link MetricsHandler} of its own, kept as long as the target is.
 */
final class ScrapeHandler implements HttpHandler {
  private final ScrapeTargets targets;
  private final Map<PrometheusRegistry, MetricsHandler> handlers = new WeakHashMap<>();

  ScrapeHandler(ScrapeTargets targets) {
    this.targets = targets;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Deque<String> given = exchange.getQueryParameters().get("target");
    if (given == null || given.size() != 1 || given.getFirst().isBlank()) {
      refuse(exchange, 400, "give one target, e.g. /scrape?target=redis://host:6379");
      return;
    }
    ScrapeTargets.Lookup lookup = targets.lookup(given.getFirst());
    if (lookup instanceof ScrapeTargets.Found found) {
      handler(found.registry()).handleRequest(exchange);
    } else if (lookup instanceof ScrapeTargets.Refused refused) {
      refuse(exchange, refused.status(), refused.reason());
    }
  }

  private synchronized MetricsHandler handler(PrometheusRegistry registry) {
    return handlers.computeIfAbsent(registry, MetricsHandler::new);
  }

  private static void refuse(HttpServerExchange exchange, int status, String reason) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(reason + "\n");
  }
}
