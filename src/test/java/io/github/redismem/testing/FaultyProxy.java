package io.github.redismem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a Redis that misbehaves on demand, for fault tests: it passes bytes through,
 * delays each chunk ({@link #delay}), holds them ({@link #stall}: a partition, the connections open and the bytes
 * waiting, as TCP keeps them until the network heals), or cuts every connection at once ({@link #cut}). Thread per direction per
 * connection: tests open a handful.
 */
public final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile long delayMillis;
  private volatile boolean stalled;
  private volatile boolean closed;

  public FaultyProxy(String host, int port) {
    this.upstream = new InetSocketAddress(host, port);
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
    Thread acceptor = new Thread(this::accept, "faulty-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted since start. */
  public int accepted() {
    return accepted.get();
  }

  /** Each chunk is held this long before it is passed on (0: none). */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** While on, nothing is passed in either direction; the bytes wait, and flow again once it is off. */
  public void stall(boolean on) {
    stalled = on;
  }

  /** Closes every connection now (a network cut, a restart of a middlebox); new ones are accepted. */
  public void cut() {
    for (Socket s : open) {
      quietly(s);
    }
    open.clear();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Socket target = new Socket();
      try {
        target.connect(upstream, 2000);
      } catch (IOException e) {
        quietly(client);
        quietly(target);
        continue;
      }
      open.add(client);
      open.add(target);
      pump(client, target, "up");
      pump(target, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          long delay = delayMillis;
          if (delay > 0) {
            Thread.sleep(delay);
          }
          while (stalled && !closed && !from.isClosed()) {
            Thread.sleep(20);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        // cut, or the other side closed
      } catch (IOException e) {
        // the same, seen from a stream
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        quietly(from);
        quietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "faulty-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    quietly(server);
    cut();
  }

  private static void quietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
