package org.ccsidecar.skr.maa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.TlsTrust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP exchange, against a loopback server that records what it receives. */
class MaaClientTest {
  private static HttpServer server;
  private static final AtomicReference<String> requestLine = new AtomicReference<>();
  private static final AtomicReference<byte[]> requestBody = new AtomicReference<>();
  private static volatile int status;
  private static volatile String answer;

  @BeforeEach
  void reset() {
    status = 200;
    answer = "{\"token\":\"h.p.s\"}";
  }

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requestLine.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type"));
          requestBody.set(exchange.getRequestBody().readAllBytes());
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void postsTheAttestRequestAndReturnsTheToken() throws Exception {
    WrappingKey key = WrappingKey.generate();
    AttestationEvidence evidence = new AttestationEvidence(new byte[1184], new byte[] {1}, null);

    String token = client().attest(endpoint(), evidence, key.jwkSetJson());

    assertEquals("h.p.s", token);
    assertEquals(
        "POST /attest/SevSnpVm?api-version=2020-10-01 application/json", requestLine.get());
    JsonNode body = new ObjectMapper().readTree(requestBody.get());
    assertArrayEquals(
        key.jwkSetJson(), Base64.getUrlDecoder().decode(body.at("/runtimeData/data").asText()));
  }

  @Test
  void namesTheStatusWhenMaaRefuses() {
    status = 400;
    answer = "{\"error\":{\"code\":\"InvalidParameter\",\"message\":\"bad report\"}}";
    IOException e = assertThrows(IOException.class, this::attestOnce);
    assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    assertTrue(e.getMessage().contains("bad report"), e.getMessage());
  }

  @Test
  void refusesAnAnswerWithoutToken() {
    answer = "{\"nottoken\":1}";
    IOException e = assertThrows(IOException.class, this::attestOnce);
    assertTrue(e.getMessage().contains("has no token"), e.getMessage());
    answer = "<html>";
    e = assertThrows(IOException.class, this::attestOnce);
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
  }

  @Test
  void unreachableMaaIsNamed() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String unreachable = "http://127.0.0.1:" + closedPort;
    IOException e = assertThrows(IOException.class, () -> attestOnce(unreachable));
    assertTrue(e.getMessage().contains(unreachable), e.getMessage());
  }

  private void attestOnce() throws IOException {
    attestOnce(endpoint());
  }

  private static void attestOnce(String endpoint) throws IOException {
    client().attest(endpoint, new AttestationEvidence(new byte[1184], null, null), new byte[2]);
  }

  private static MaaClient client() {
    return new MaaClient(HttpClients.jdk(TlsTrust.system()));
  }
}
