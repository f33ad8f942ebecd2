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

  /**
   * The series of one metric keyed by the values of the given labels joined with {@code |}, e.g.
   * {@code labelled("redismem_keys", "db", "data_type", "encoding")} gives {@code "0|hash|listpack" -> 12.0}.
   */
  Map<String, Double> labelled(String name, String... labels) {
    Map<String, Double> out = new java.util.TreeMap<>();
    for (String line : body.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      int close = line.lastIndexOf("} ");
      Map<String, String> values = parseLabels(line.substring(name.length() + 1, close));
      StringBuilder key = new StringBuilder();
      for (String l : labels) {
        key.append(key.length() == 0 ? "" : "|").append(values.get(l));
      }
      out.put(key.toString(), Double.parseDouble(line.substring(close + 2)));
    }
    return out;
  }

  /** name="value",... with the text format's escapes (\\, \", \n) undone. */
  static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf("=\"", i);
      String name = text.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\') {
          char next = text.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      out.put(name, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
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
