package org.ccsidecar.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of a local service, for failure tests: it can cut
 * every open connection, refuse new ones, or stall (accept and hold connections without passing a
 * byte) until told to forward again.
 *
 * <pre>{@code
 * try (CuttableProxy proxy = CuttableProxy.start(azurite.port())) {
 *   String url = Azurite.blobUrl(proxy.port(), "c", "b");   // traffic goes through the proxy
 *   proxy.refuse();   // cut open connections; new ones are reset at once
 *   proxy.stall();    // connections hang silently (tests per-try timeouts)
 *   proxy.forward();  // back to normal
 *   proxy.cutAll();   // reset the open connections, keep accepting new ones
 * }
 * }</pre>
 */
public final class CuttableProxy implements AutoCloseable {
  /** What the proxy does with connections. */
  public enum Mode {
    FORWARD,
    REFUSE,
    STALL
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;

  private CuttableProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort}. */
  public static CuttableProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    CuttableProxy proxy = new CuttableProxy(server, targetPort);
    daemon("proxy-accept-" + server.getLocalPort(), proxy::acceptLoop).start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  public Mode mode() {
    return mode;
  }

  /** Passes traffic through (the initial mode); stalled connections resume. */
  public void forward() {
    mode = Mode.FORWARD;
  }

  /** Cuts every open connection and resets new ones as soon as they are accepted. */
  public void refuse() {
    mode = Mode.REFUSE;
    cutAll();
  }

  /** Accepts connections but passes no bytes in either direction until {@link #forward()}. */
  public void stall() {
    mode = Mode.STALL;
  }

  /** Resets every open connection (both sides see a broken connection); the mode is unchanged. */
  public void cutAll() {
    for (Socket socket : open) {
      reset(socket);
    }
  }

  /** Number of connections currently open through the proxy (both sides counted once each). */
  public int openConnections() {
    return open.size() / 2;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (mode == Mode.REFUSE) {
        reset(client);
        continue;
      }
      daemon("proxy-conn", () -> connect(client)).start();
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
      daemon("proxy-up", () -> pump(client, upstream)).start();
      pump(upstream, client);
    } catch (IOException e) {
      reset(client);
      reset(upstream);
    }
  }

  /** Copies bytes from {@code from} to {@code to} until either side closes or is cut. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        while (mode == Mode.STALL && !from.isClosed()) {
          Thread.sleep(20);
        }
        if (mode == Mode.REFUSE) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // a cut or a peer going away ends the pump
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      reset(from);
      reset(to);
    }
  }

  private void reset(Socket socket) {
    open.remove(socket);
    try {
      if (!socket.isClosed()) {
        if (socket.isConnected()) {
          socket.setSoLinger(true, 0); // RST rather than an orderly FIN: a real network cut
        }
        socket.close();
      }
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
