package io.github.redismem.http;

import io.github.redismem.config.WebConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In front of every route: only GET and HEAD (405 with Allow otherwise), no request body, the web config's
 * headers on every answer, basic auth when users are configured (every path, health checks included, as the
 * exporter-toolkit does), and no stack trace ever sent to a client: a failure is logged and answered with a plain
 * 500.
 */
final class GuardHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(GuardHandler.class.getName());

  private final HttpHandler next;
  private final LiveWebConfig web;
  private final BasicAuth auth;
  private final long maxBodyBytes;

  GuardHandler(HttpHandler next, LiveWebConfig web, BasicAuth auth, long maxBodyBytes) {
    this.next = next;
    this.web = web;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      guard(exchange);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "request " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
          + " failed", e);
      fail(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "Internal Server Error\n");
    }
  }

  private void guard(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      // bcrypt takes milliseconds, never on the I/O thread; and every route then runs inside this try
      exchange.dispatch(this);
      return;
    }
    LiveWebConfig.State state = web.current();
    if (state.config().isEmpty()) {
      fail(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "Internal Server Error\n");
      return;
    }
    WebConfig config = state.config().get();
    // set as the response commits, so that the operator's value wins over a route's own (the page's CSP)
    exchange.addResponseCommitListener(committed -> {
      for (Map.Entry<String, String> h : config.headers().entrySet()) {
        committed.getResponseHeaders().put(HttpString.tryFromString(h.getKey()), h.getValue());
      }
    });
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      fail(exchange, StatusCodes.METHOD_NOT_ALLOWED, "Method Not Allowed\n");
      return;
    }
    if (exchange.getRequestContentLength() > maxBodyBytes || exchange.getRequestHeaders()
        .contains(Headers.TRANSFER_ENCODING)) {
      fail(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large\n");
      return;
    }
    if (!config.users().isEmpty()
        && !auth.allows(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), config.users())) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic");
      fail(exchange, StatusCodes.UNAUTHORIZED, "Unauthorized\n");
      return;
    }
    next.handleRequest(exchange);
  }

  private static void fail(HttpServerExchange exchange, int status, String text) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.setPersistent(status < 500 && status != StatusCodes.REQUEST_ENTITY_TOO_LARGE);
    exchange.getResponseSender().send(text);
  }
}
