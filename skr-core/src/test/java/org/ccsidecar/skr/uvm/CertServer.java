package org.ccsidecar.skr.uvm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server standing in for AMD KDS / Azure's certificate cache / THIM (which cannot
 * be reached from tests): answers configured paths and records every request.
 */
final class CertServer implements AutoCloseable {
  record Answer(int status, byte[] body, long delayMillis) {}

  record Request(String pathAndQuery, String metadataHeader) {}

  private final HttpServer server;
  private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  CertServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code pathAndQuery} with these answers in turn; the last one repeats. */
  CertServer on(String pathAndQuery, Answer... inTurn) {
    answers.put(pathAndQuery, new CopyOnWriteArrayList<>(List.of(inTurn)));
    return this;
  }

  static Answer ok(byte[] body) {
    return new Answer(200, body, 0);
  }

  static Answer status(int status) {
    return new Answer(status, ("status " + status).getBytes(), 0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String pathAndQuery = exchange.getRequestURI().toString();
    requests.add(new Request(pathAndQuery, exchange.getRequestHeaders().getFirst("Metadata")));
    List<Answer> queue = answers.get(pathAndQuery);
    Answer answer = queue == null ? status(404) : queue.size() > 1 ? queue.remove(0) : queue.get(0);
    try {
      Thread.sleep(answer.delayMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.sendResponseHeaders(answer.status(), answer.body().length);
    exchange.getResponseBody().write(answer.body());
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
