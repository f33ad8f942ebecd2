package io.github.redismem.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The listening socket, its threads and the HTTP limits, wired as {@code Undertow.builder()} would wire them (the
 * same Undertow protocol listeners, options and buffers) but by hand, because the builder has no hook between
 * accepting a connection and handing it to HTTP, which is where {@link RequestStartDeadline} has to stand. One
 * non-blocking I/O thread serves every connection, idle ones included; 8 worker threads run the handlers that wait
 * on Redis. Their number is fixed, whatever clients do.
 */
final class HttpListener implements AutoCloseable {
  private static final int IO_THREADS = 1;
  private static final int WORKER_THREADS = 8;
  private final XnioWorker worker;
  private final ByteBufferPool buffers;
  private final AcceptingChannel<? extends StreamConnection> channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Listens on {@code address}: HTTPS when {@code tls} is present ({@code tlsOptions} carry client auth, versions
   * and cipher suites; {@code http2} offers HTTP/2 through ALPN), plain HTTP/1.1 otherwise.
   *
   * @throws IOException if the address cannot be bound
   */
  HttpListener(InetSocketAddress address, Optional<SSLContext> tls, OptionMap tlsOptions, boolean http2,
      HttpHandler root, HttpLimits limits) throws IOException {
    Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
    this.worker = xnio.createWorker(OptionMap.builder()
        .set(Options.WORKER_IO_THREADS, IO_THREADS)
        .set(Options.WORKER_TASK_CORE_THREADS, WORKER_THREADS)
        .set(Options.WORKER_TASK_MAX_THREADS, WORKER_THREADS)
        .set(Options.TCP_NODELAY, true)
        .set(Options.CORK, true)
        .getMap());
    this.buffers = buffers(Runtime.getRuntime().maxMemory());
    OptionMap http = OptionMap.builder()
        .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
        .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
        .set(UndertowOptions.MAX_HEADERS, 100)
        .set(UndertowOptions.MAX_PARAMETERS, 100)
        .set(UndertowOptions.MAX_ENTITY_SIZE, limits.maxBodyBytes())
        // between keep-alive requests (and, were it not for RequestStartDeadline, before the first one too)
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.keepAliveTimeout()))
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.requestParseTimeout()))
        // no byte in or out for as long: an HTTP/2 connection gone quiet, a client that stopped reading its
        // response (which frees the worker thread blocked writing it)
        .set(UndertowOptions.IDLE_TIMEOUT, millis(limits.keepAliveTimeout()))
        .set(UndertowOptions.ALWAYS_SET_DATE, true)
        .set(UndertowOptions.ENABLE_HTTP2, http2 && tls.isPresent())
        .getMap();
    OptionMap socket = OptionMap.builder()
        .set(Options.WORKER_IO_THREADS, IO_THREADS)
        .set(Options.TCP_NODELAY, true)
        .set(Options.REUSE_ADDRESSES, true)
        .set(Options.BALANCING_TOKENS, 1)
        .set(Options.BALANCING_CONNECTIONS, 2)
        .set(Options.BACKLOG, 1000)
        // XNIO stops accepting at the high water mark and resumes below the low one
        .set(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
        .set(Options.CONNECTION_LOW_WATER, limits.maxConnections())
        .addAll(tlsOptions)
        .getMap();
    HttpOpenListener http1 = new HttpOpenListener(buffers, http);
    http1.setRootHandler(root);
    try {
      if (tls.isPresent()) {
        ChannelListener<StreamConnection> protocols = http1;
        if (http2) {
          Http2OpenListener h2 = new Http2OpenListener(buffers, http);
          h2.setRootHandler(root);
          protocols = new AlpnOpenListener(buffers, http, http1)
              .addProtocol(Http2OpenListener.HTTP2, h2, 10)
              .addProtocol(Http2OpenListener.HTTP2_14, h2, 7);
        }
        UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, http2 ? OptionMap.create(Options.USE_DIRECT_BUFFERS, true)
            : OptionMap.EMPTY, tls.get(), null);
        // raw as in Undertow.start(): an SSL connection is a StreamConnection, the generics cannot say so
        @SuppressWarnings({"unchecked", "rawtypes"})
        ChannelListener<AcceptingChannel<org.xnio.ssl.SslConnection>> accept = (ChannelListener)
            ChannelListeners.openListenerAdapter(new RequestStartDeadline(protocols, limits.requestStartTimeout()));
        this.channel = ssl.createSslConnectionServer(worker, address, accept, socket);
      } else {
        this.channel = worker.createStreamConnectionServer(address, ChannelListeners.openListenerAdapter(
            new RequestStartDeadline(http1, limits.requestStartTimeout())), socket);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    channel.resumeAccepts();
  }

  /**
   * Undertow.builder()'s sizes, kept: the shipped JVM runs with -Xmx32m, where that is 512-byte heap buffers
   * (direct memory is capped at the heap size too, and 16 KiB direct buffers for many connections would reach it).
   */
  private static ByteBufferPool buffers(long maxMemory) {
    if (maxMemory < 64L * 1024 * 1024) {
      return new DefaultByteBufferPool(false, 512, -1, 4);
    }
    return new DefaultByteBufferPool(true, maxMemory < 128L * 1024 * 1024 ? 1024 : 16 * 1024 - 20, -1, 4);
  }

  private static int millis(Duration d) {
    return (int) d.toMillis();
  }

  /** The port actually bound (differs from the one asked for when that was 0). */
  int port() {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  /**
   * Stops accepting, then lets the worker finish what it runs, as {@code Undertow.stop()} does. Once only: closing
   * the accepting channel again would wait forever for the I/O thread that the first close ended.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    IoUtils.safeClose(channel);
    worker.shutdown();
    try {
      worker.awaitTermination();
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
    buffers.close();
  }
}
