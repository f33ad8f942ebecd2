package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RawHttp;
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
 * HTTP abuse against the real exporter at its default limits (http/HttpLimits: 16 KiB of request headers, 10 s for
 * a new connection to start its request, 10 s to finish sending it, 90 s idle between keep-alive requests, 256
 * connections), all at once: 200 idle connections (more than the old cap of 64, which they used to fill for a
 * minute), clients sending 1 MB of headers, slowloris clients sending one header byte a second. Meanwhile a normal
 * client scrapes /metrics every 200 ms and is answered every time, within 5 s; the oversized requests get 400
 * (Undertow's answer to a header over MAX_HEADER_SIZE), 431 or a closed connection at once, the slow ones are closed
 * within the parse timeout, the idle ones within the request start timeout (issue 15, hostile input), while a
 * keep-alive connection that was used once is still served after idling longer than that, as Prometheus reuses
 * one between scrapes; the exporter's HTTP threads stay at their fixed number. {@code WebSecurityTest} checks each
 * limit alone, with short limits; this checks them together at the shipped defaults. The figures measured are
 * printed for docs/reliability.md.
 */
class HttpAbuseIT {
  private static final int SLOW_CLIENTS = 10;
  private static final int IDLE_CLIENTS = 200;
  private static final int HUGE_HEADER_CLIENTS = 4;
  /**
   * HttpLimits.DEFAULT's request parse timeout and request start timeout (both 10 s), and the slack allowed for the
   * server's timers to fire.
   */
  private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  /** The exporter's HTTP threads: 1 I/O thread, 8 workers and XNIO's accept thread. */
  private static final int HTTP_THREADS = 10;
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
      try (Socket keptAlive = new Socket("127.0.0.1", port)) {
        keptAlive.setSoTimeout(10_000);
        assertThat(RawHttp.exchange(keptAlive, "/-/healthy")).startsWith("HTTP/1.1 200");
        long opened = System.nanoTime();
        for (int i = 0; i < IDLE_CLIENTS; i++) {
          idle.add(new Socket("127.0.0.1", port));
        }
        Future<Duration> idleLife = pool.submit(() -> untilClosed(idle.get(IDLE_CLIENTS - 1), opened));
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

        List<FreshScrape> scrapes = new ArrayList<>();
        int mostHttpThreads = 0;
        long end = System.nanoTime() + PARSE_TIMEOUT.plus(SLACK).toNanos();
        while (System.nanoTime() < end) {
          scrapes.add(FreshScrape.get(port));
          mostHttpThreads = Math.max(mostHttpThreads, httpThreads());
          Thread.sleep(200);
        }
        stop.set(true);
        for (Future<?> f : huge) {
          f.get(30, TimeUnit.SECONDS);
        }

        assertThat(scrapes).hasSizeGreaterThan(20).allSatisfy(s -> {
          assertThat(s.status()).isEqualTo("200");
          assertThat(s.body()).contains("redismem_up 1.0");
          // the scrape's own bound: redis.timeout (2 s here) and a margin, never the abusers' timeouts; on a new
          // connection each time, so a server that accepts none (its cap full of idle ones) fails here
          assertThat(s.took()).isLessThan(Duration.ofSeconds(5));
        });
        assertThat(hugeAnswers).isNotEmpty().allSatisfy(a -> assertThat(a).isIn("400", "431", "closed"));
        Duration longestSlow = Duration.ZERO;
        for (Future<Duration> f : slow) {
          Duration life = f.get(60, TimeUnit.SECONDS);
          assertThat(life).as("a slowloris connection's life").isLessThan(PARSE_TIMEOUT.plus(SLACK));
          longestSlow = life.compareTo(longestSlow) > 0 ? life : longestSlow;
        }
        // the last idle connection opened was closed by the server (EOF or reset) within the request start timeout,
        // and by now (more than that since they were opened) every other one is closed too
        Duration lastIdle = idleLife.get(30, TimeUnit.SECONDS);
        assertThat(lastIdle).as("an idle connection's life").isLessThan(START_TIMEOUT.plus(SLACK));
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThan(START_TIMEOUT.plus(SLACK));
        assertThat(idle).allSatisfy(s -> assertThat(closedByServer(s)).as("idle connection closed").isTrue());
        // the connection used before the abuse began sat idle longer than the start timeout and is served again
        assertThat(RawHttp.exchange(keptAlive, "/-/healthy")).startsWith("HTTP/1.1 200");
        assertThat(mostHttpThreads).as("the exporter's HTTP threads").isLessThanOrEqualTo(HTTP_THREADS);
        System.out.printf("HttpAbuseIT: %d scrapes, slowest %d ms; %d oversized requests refused; longest "
            + "slowloris connection %d ms; %d idle connections, the last closed after %d ms; at most %d HTTP "
            + "threads%n", scrapes.size(), scrapes.stream().mapToLong(x -> x.took().toMillis()).max().orElse(0),
            hugeAnswers.size(), longestSlow.toMillis(), IDLE_CLIENTS, lastIdle.toMillis(), mostHttpThreads);
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

  /**
   * One scrape of /metrics on a new connection, as Prometheus makes its first one or after its connection was
   * closed (the test's shared HttpClient would reuse the connection it opened before the abuse began, and miss a
   * server that accepts no new one).
   */
  private record FreshScrape(String status, String body, Duration took) {
    static FreshScrape get(int port) throws IOException {
      long start = System.nanoTime();
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        // HTTP/1.0: the body comes whole, not chunked, and the server closes the connection after it
        s.getOutputStream().write("GET /metrics HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String status = answer.startsWith("HTTP/1.") ? answer.substring(9, 12) : "closed";
        return new FreshScrape(status, answer, Duration.ofNanos(System.nanoTime() - start));
      } catch (java.net.SocketTimeoutException e) {
        return new FreshScrape("no answer within 10 s", "", Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }

  /** Reads until the server closes {@code socket}: how long after {@code since} that was (at most 40 s). */
  private static Duration untilClosed(Socket socket, long since) throws IOException {
    socket.setSoTimeout(40_000);
    try {
      while (socket.getInputStream().read() >= 0) {
        // a 408 or any other answer before the close: read on
      }
    } catch (SocketException reset) {
      // closed with a reset: closed all the same
    } catch (java.net.SocketTimeoutException open) {
      return Duration.ofSeconds(40);
    }
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /** Whether the server has closed {@code socket}: EOF or a reset at once, rather than nothing to read. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(100);
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Threads of the exporter's HTTP server (XNIO's I/O, worker and accept threads) alive now. */
  private static int httpThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("XNIO-")).count();
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
