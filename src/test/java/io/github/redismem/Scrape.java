package io.github.redismem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP response from a running exporter, with the Prometheus text exposition parsed into series. */
record Scrape(int status, String body, HttpResponse<String> response, Duration took) {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*})?) (\\S+)$");

  static Scrape get(int port, String path) {
    return get(port, path, Map.of());
  }

  static Scrape get(int port, String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Scrape(response.statusCode(), response.body(), response, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** series text (name{labels} exactly as exposed) -> value. */
  Map<String, Double> series() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }

  OptionalDouble value(String series) {
    Double v = series().get(series);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  double require(String series) {
    return value(series).orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + body));
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse("");
  }
}
