package io.github.redismem.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's own
 * WebSocket client, so tests need no browser library. One page (tab) per instance; every event the page raises is
 * kept, so a test can assert that no console error, uncaught exception or JavaScript dialog happened. A dialog is
 * dismissed at once, so a page that opens one cannot hang the test.
 *
 * <p>CI installs Chromium and sets CI=true, where its absence fails the test; elsewhere the test is skipped,
 * saying so.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final String session;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();

  /** The browser binary: CHROMIUM_BIN, else chromium on the PATH. */
  public static Path binary() {
    String configured = System.getenv("CHROMIUM_BIN");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("chromium is not on the PATH; .ci/run installs Debian's chromium package");
    }
    Assumptions.abort("chromium not installed (apt-get install chromium); CI runs this test");
    return null;
  }

  /** Starts the browser with one blank page of the given size. */
  public HeadlessChromium(Path binary, int width, int height) throws Exception {
    profile = Files.createTempDirectory("chromium-profile");
    process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ProcessReaper.register(process);
    try {
      socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(devToolsUrl()), new Listener()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      String target = (String) call(null, "Target.createTarget", "{\"url\":\"about:blank\"}").get("targetId");
      session = (String) call(null, "Target.attachToTarget",
          "{\"targetId\":" + Json.quote(target) + ",\"flatten\":true}").get("sessionId");
      for (String domain : List.of("Page", "Runtime", "Log")) {
        call(domain + ".enable", "{}");
      }
      call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
          + ",\"deviceScaleFactor\":1,\"mobile\":false}");
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  /** Opens a URL and waits for its load event. */
  public void open(String url) throws Exception {
    int loadsBefore = events("Page.loadEventFired").size();
    call("Page.navigate", "{\"url\":" + Json.quote(url) + "}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (events("Page.loadEventFired").size() <= loadsBefore) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("page did not load within " + TIMEOUT_SECONDS + " s: " + url);
      }
      Thread.sleep(20);
    }
  }

  /** Evaluates a JavaScript expression in the page; returns its value (JSON types as {@link Json} gives them). */
  public Object evaluate(String expression) throws Exception {
    Map<String, Object> result = call("Runtime.evaluate",
        "{\"expression\":" + Json.quote(expression) + ",\"returnByValue\":true,\"awaitPromise\":true}");
    if (result.containsKey("exceptionDetails")) {
      throw new AssertionError("evaluation failed: " + result.get("exceptionDetails"));
    }
    return ((Map<?, ?>) result.get("result")).get("value");
  }

  /** A PNG of the whole page however long ({@code fullPage}), or of the window. */
  public void screenshot(Path file, boolean fullPage) throws Exception {
    String params = "{\"format\":\"png\"}";
    if (fullPage) {
      Map<?, ?> size = (Map<?, ?>) call("Page.getLayoutMetrics", "{}").get("cssContentSize");
      params = "{\"format\":\"png\",\"captureBeyondViewport\":true,\"clip\":{\"x\":0,\"y\":0,\"width\":"
          + size.get("width") + ",\"height\":" + size.get("height") + ",\"scale\":1}}";
    }
    Map<String, Object> shot = call("Page.captureScreenshot", params);
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** The page's events of one method so far, e.g. {@code Runtime.exceptionThrown}. */
  public List<Map<String, Object>> events(String method) {
    synchronized (events) {
      return events.stream().filter(e -> method.equals(e.get("method"))).toList();
    }
  }

  /** What the browser printed on stderr so far, for failure messages. */
  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  private Map<String, Object> call(String method, String params) throws Exception {
    return call(session, method, params);
  }

  private Map<String, Object> call(String sessionId, String method, String params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    String message = "{\"id\":" + id + (sessionId == null ? "" : ",\"sessionId\":" + Json.quote(sessionId))
        + ",\"method\":" + Json.quote(method) + ",\"params\":" + params + "}";
    synchronized (this) {
      socket.sendText(message, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    Map<String, Object> response = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (response.containsKey("error")) {
      throw new AssertionError(method + " failed: " + response.get("error"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) response.get("result");
    return result;
  }

  /** Reads "DevTools listening on ws://..." from stderr, then keeps draining it so the browser never blocks. */
  private String devToolsUrl() throws Exception {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
          int at = line.indexOf("ws://");
          if (line.startsWith("DevTools listening on") && at >= 0) {
            url.complete(line.substring(at).strip());
          }
        }
        url.completeExceptionally(new AssertionError("chromium exited before listening: " + stderr()));
      } catch (IOException e) {
        url.completeExceptionally(new UncheckedIOException(e));
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    return url.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Routes replies to their callers and keeps events; messages may arrive in fragments. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) Json.parse(partial.toString());
        partial.setLength(0);
        Object id = message.get("id");
        if (id instanceof Double d) {
          CompletableFuture<Map<String, Object>> reply = pending.remove(d.intValue());
          if (reply != null) {
            reply.complete(message);
          }
        } else {
          synchronized (events) {
            events.add(message);
          }
          if ("Page.javascriptDialogOpening".equals(message.get("method"))) {
            // answered off this thread: the reply to our command arrives through this same listener
            CompletableFuture.runAsync(() -> {
              try {
                call("Page.handleJavaScriptDialog", "{\"accept\":false}");
              } catch (Exception e) {
                // the page may be gone already; the event itself is what the test checks
              }
            });
          }
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // renderer and zygote processes normally leave with the browser; make sure none outlives the test
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    ProcessReaper.unregister(process);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is no test failure
    }
  }
}
