package io.github.redismem;

import io.github.redismem.testing.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of Prometheus's HTTP API (and Alertmanager's, whose replies are bare JSON) that the monitoring e2e test
 * uses. Replies are parsed with {@link Json}: objects are maps, numbers doubles.
 */
final class PrometheusHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  PrometheusHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** One reply: Prometheus's {@code status}, {@code data}, {@code errorType} and {@code error} fields. */
  record Reply(int httpStatus, String body, Object json) {
    boolean success() {
      return httpStatus == 200 && json instanceof Map<?, ?> m && "success".equals(m.get("status"));
    }

    Object data() {
      return ((Map<?, ?>) json).get("data");
    }

    /** What went wrong, for a message: HTTP status, error type and Prometheus's error text. */
    String error() {
      if (json instanceof Map<?, ?> m && m.get("error") != null) {
        return "HTTP " + httpStatus + ", " + m.get("errorType") + ": " + m.get("error");
      }
      return "HTTP " + httpStatus + ": " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }

    /** Of a query: the label sets of its series (one empty map for a scalar or string result). */
    List<Map<String, String>> series() {
      Map<?, ?> data = (Map<?, ?>) data();
      if (!(data.get("result") instanceof List<?> result)) {
        return List.of(Map.of());
      }
      List<Map<String, String>> out = new ArrayList<>();
      for (Object r : result) {
        Map<String, String> labels = new LinkedHashMap<>();
        ((Map<?, ?>) ((Map<?, ?>) r).get("metric")).forEach((k, v) -> labels.put((String) k, (String) v));
        out.add(labels);
      }
      return out;
    }

    /** Of a query, for a message: its first few series with their values. */
    String summary() {
      if (!success()) {
        return error();
      }
      Map<?, ?> data = (Map<?, ?>) data();
      if (!(data.get("result") instanceof List<?> result)) {
        return data.get("resultType") + " " + data.get("result");
      }
      if (result.isEmpty()) {
        return "an empty " + data.get("resultType");
      }
      StringBuilder out = new StringBuilder(result.size() + " series: ");
      for (int i = 0; i < Math.min(3, result.size()); i++) {
        Map<?, ?> r = (Map<?, ?>) result.get(i);
        out.append(i == 0 ? "" : "; ").append(r.get("metric")).append(" = ").append(r.get("value"));
      }
      return out.append(result.size() > 3 ? "; ..." : "").toString();
    }
  }

  /** An instant query at the current time. */
  Reply query(String expr) {
    return post("/api/v1/query", Map.of("query", List.of(expr)));
  }

  /** The label sets of the series matching a selector (Prometheus keeps every series since it started). */
  List<Map<String, String>> series(String match) {
    Reply reply = post("/api/v1/series", Map.of("match[]", List.of(match)));
    if (!reply.success()) {
      throw new AssertionError("series " + match + ": " + reply.error());
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (Object s : (List<?>) reply.data()) {
      Map<String, String> labels = new LinkedHashMap<>();
      ((Map<?, ?>) s).forEach((k, v) -> labels.put((String) k, (String) v));
      out.add(labels);
    }
    return out;
  }

  /** A label's values, of the series matching {@code match} when it is not null. */
  Reply labelValues(String label, String match) {
    return get("/api/v1/label/" + label + "/values" + (match == null ? "" : "?match[]=" + encode(match)));
  }

  /** The label names, of the series matching {@code match} when it is not null. */
  Reply labelNames(String match) {
    return get("/api/v1/labels" + (match == null ? "" : "?match[]=" + encode(match)));
  }

  Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
  }

  private Reply post(String path, Map<String, List<String>> form) {
    StringBuilder body = new StringBuilder();
    form.forEach((name, values) -> values.forEach(v ->
        body.append(body.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(v))));
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      Object json;
      try {
        json = Json.parse(response.body());
      } catch (IllegalArgumentException e) {
        json = null;
      }
      return new Reply(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
