package io.github.redismem.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Closes a connection that has not sent the first byte of a request within the deadline: a port scanner, a broken
 * load balancer health check, a client that connects and forgets. Undertow's NO_REQUEST_TIMEOUT cannot do this
 * alone: its one value bounds both the wait for a connection's first request and the wait between keep-alive
 * requests, and the second has to outlast Prometheus's scrape interval (see {@link HttpLimits}). Once the first
 * byte is in, Undertow's REQUEST_PARSE_TIMEOUT bounds the rest of the request.
 *
 * <p>It stands between the accepting socket and the protocol listener (HTTP/1.1, or ALPN with TLS), so it sees
 * every connection before HTTP does. With TLS the bytes it watches are the decrypted ones: the handshake must be
 * done by the deadline too. The timer runs on the connection's own I/O thread and costs no worker thread.
 */
final class RequestStartDeadline implements ChannelListener<StreamConnection> {
  private static final Logger LOG = Logger.getLogger(RequestStartDeadline.class.getName());
  private final ChannelListener<? super StreamConnection> next;
  private final long deadlineMillis;

  RequestStartDeadline(ChannelListener<? super StreamConnection> next, Duration deadline) {
    this.next = next;
    this.deadlineMillis = deadline.toMillis();
  }

  @Override
  public void handleEvent(StreamConnection connection) {
    FirstByte first = new FirstByte(connection.getSourceChannel().getConduit());
    connection.getSourceChannel().setConduit(first);
    connection.getIoThread().executeAfter(() -> {
      if (!first.seen && connection.isOpen()) {
        // FINE: a scanner would otherwise fill the log, one line a connection
        LOG.log(Level.FINE, () -> "closing a connection that sent nothing for " + deadlineMillis + " ms: "
            + connection.getPeerAddress());
        IoUtils.safeClose(connection);
      }
    }, deadlineMillis, TimeUnit.MILLISECONDS);
    next.handleEvent(connection);
  }

  /** Passes every read through and notes the first one that brought a byte. */
  private static final class FirstByte extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private volatile boolean seen;

    FirstByte(StreamSourceConduit next) {
      super(next);
    }

    private <T extends Number> T noted(T read) {
      if (!seen && read.longValue() > 0) {
        seen = true;
      }
      return read;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return noted(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      return noted(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      return noted(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
      return noted(next.transferTo(count, throughBuffer, target));
    }
  }
}
