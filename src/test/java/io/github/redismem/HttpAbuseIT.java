package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinaries;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * HTTP abuse against the real exporter at its default limits (http/HttpLimits: 16 KiB of request headers, 10 s to
 * send a request, 60 s idle, 64 connections), all at once: clients sending 1 MB of headers, slowloris clients sending
 * one header byte a second, and idle connections, fewer than the connection limit in all. Meanwhile a normal client
 * scrapes /metrics every 200 ms and is answered every time; the oversized requests get 400 (Undertow's answer to a
 * header over MAX_HEADER_SIZE), 431 or a closed connection at once, the slow ones are closed within the parse
 * timeout (issue 15, hostile input). {@code WebSecurityTest} checks each limit alone, with short limits; this checks
 * them together at the shipped defaults. The figures measured are printed for docs/reliability.md.
 */
class HttpAbuseIT {
  private static final int SLOW_CLIENTS = 10;
  private static final int IDLE_CLIENTS = 30;
  private static final int HUGE_HEADER_CLIENTS = 4;
  /** HttpLimits.DEFAULT's request parse timeout, and the slack allowed for the server's timer to fire. */
  private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SLACK = Duration.ofSeconds(3);

  /** On Debian's 7.0 only: the abuse is the HTTP server's to bound, whatever Redis is behind it. */
  @Test
  void abuseIsCutOffWhileScrapesGoOnBeingAnswered() throws Exception {
    RedisBinary binary = RedisBinaries.required();
    try (RedisServer redis = binary.start();
        Exporter exporter = RunningExporter.against(redis, "--sampling.enabled=false")) {
      int port = exporter.port();
      ExecutorService pool = Executors.newCachedThreadPool();
      AtomicBoolean stop = new AtomicBoolean();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < IDLE_CLIENTS; i++) {
          idle.add(new Socket("127.0.0.1", port));
        }
        List<Future<Duration>> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          slow.add(pool.submit(() -> slowloris(port)));
        }
        ConcurrentLinkedQueue<String> hugeAnswers = new ConcurrentLinkedQueue<>();
        List<Future<?>> huge = new ArrayList<>();
        for (int i = 0; i < HUGE_HEADER_CLIENTS; i++) {
          huge.add(pool.submit(() -> {
            while (!stop.get()) {
              hugeAnswers.add(hugeHeaders(port));
            }
            return null;
          }));
        }

        List<Scrape> scrapes = new ArrayList<>();
        long end = System.nanoTime() + PARSE_TIMEOUT.plus(SLACK).toNanos();
        while (System.nanoTime() < end) {
          scrapes.add(Scrape.get(port, "/metrics"));
          Thread.sleep(200);
        }
        stop.set(true);
        for (Future<?> f : huge) {
          f.get(30, TimeUnit.SECONDS);
        }

        assertThat(scrapes).hasSizeGreaterThan(20).allSatisfy(s -> {
          assertThat(s.status()).isEqualTo(200);
          assertThat(s.body()).contains("redismem_up 1.0");
          // the scrape's own bound: redis.timeout (2 s here) and a margin, never the abusers' timeouts
          assertThat(s.took()).isLessThan(Duration.ofSeconds(5));
        });
        assertThat(hugeAnswers).isNotEmpty().allSatisfy(a -> assertThat(a).isIn("400", "431", "closed"));
        Duration longestSlow = Duration.ZERO;
        for (Future<Duration> f : slow) {
          Duration life = f.get(60, TimeUnit.SECONDS);
          assertThat(life).as("a slowloris connection's life").isLessThan(PARSE_TIMEOUT.plus(SLACK));
          longestSlow = life.compareTo(longestSlow) > 0 ? life : longestSlow;
        }
        System.out.printf("HttpAbuseIT: %d scrapes, slowest %d ms; %d oversized requests refused; longest "
            + "slowloris connection %d ms%n", scrapes.size(), scrapes.stream().mapToLong(x -> x.took().toMillis())
            .max().orElse(0), hugeAnswers.size(), longestSlow.toMillis());
        // the idle connections did not stop anyone: still open (60 s idle timeout), and the server still answers
        assertThat(Scrape.get(port, "/-/healthy").status()).isEqualTo(200);
      } finally {
        stop.set(true);
        for (Socket s : idle) {
          s.close();
        }
        pool.shutdownNow();
      }
    }
  }

  /** Sends a request line and then one header byte a second; how long the server let the connection live. */
  private static Duration slowloris(int port) throws IOException {
    long start = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (System.nanoTime() - start < Duration.ofSeconds(40).toNanos()) {
        try {
          out.write('a');
          out.flush();
        } catch (SocketException closed) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        try {
          if (in.read() < 0) {
            return Duration.ofNanos(System.nanoTime() - start);
          }
          // the server answered something (a 408, a 400) before closing: read on until it closes
        } catch (java.net.SocketTimeoutException stillOpen) {
          // nothing within a second: the connection lives on, send the next byte
        } catch (SocketException reset) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      }
      return Duration.ofSeconds(40);
    }
  }

  /** One request with a 1 MB header: the status the server answered, or "closed". */
  private static String hugeHeaders(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(1 << 20) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] head = s.getInputStream().readNBytes(12);
      String line = new String(head, StandardCharsets.US_ASCII);
      return line.startsWith("HTTP/1.1 ") ? line.substring(9, 12) : "closed";
    } catch (IOException e) {
      return "closed"; // the server closed while the header was still being sent
    }
  }
}
