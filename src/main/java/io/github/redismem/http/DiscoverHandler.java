package io.github.redismem.http;

import io.github.redismem.report.JsonWriter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /discover}: Prometheus http_sd JSON, one entry per cluster node, whose target is this exporter (as the
 * client reached it: the Host header) and whose {@code __param_target} makes Prometheus scrape
 * {@code /scrape?target=redis://node:port}. So one scrape job follows every node, added, removed or promoted.
 */
final class DiscoverHandler implements HttpHandler {
  /** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing else is echoed back. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
  private final DiscoveredNodes discovered;

  DiscoverHandler(DiscoveredNodes discovered) {
    this.discovered = discovered;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Optional<List<DiscoveredNodes.Node>> nodes = discovered.nodes();
    if (nodes.isEmpty()) {
      text(exchange, 404, "/discover lists the nodes of a Redis Cluster: set redis.cluster to use it");
      return;
    }
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host == null || host.isBlank()) {
      host = exchange.getHostAndPort();
    }
    if (!HOST.matcher(host).matches()) {
      text(exchange, 400, "the Host header is no host[:port]");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json")
        .put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(render(host, nodes.get()));
  }

  /** The http_sd document: one target group per node. */
  static String render(String exporter, List<DiscoveredNodes.Node> nodes) {
    StringBuilder out = new StringBuilder("[");
    for (DiscoveredNodes.Node node : nodes) {
      if (out.length() > 1) {
        out.append(',');
      }
      Map<String, String> labels = new TreeMap<>(node.labels());
      labels.put("__param_target", node.target());
      out.append("{\"targets\":[").append(JsonWriter.quote(exporter)).append("],\"labels\":{");
      boolean first = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        out.append(first ? "" : ",").append(JsonWriter.quote(label.getKey())).append(':')
            .append(JsonWriter.quote(label.getValue()));
        first = false;
      }
      out.append("}}");
    }
    return out.append("]\n").toString();
  }

  private static void text(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(body + "\n");
  }
}
