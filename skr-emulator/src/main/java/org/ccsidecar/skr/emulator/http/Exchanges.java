package org.ccsidecar.skr.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request and response plumbing shared by the emulated services. */
public final class Exchanges {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);
  private static final int MAX_BODY = 1 << 20;

  private Exchanges() {}

  /**
   * Wraps {@code handler} so that an {@link HttpError} becomes its status and error body, and any
   * other failure a 500 that names it, without the exception escaping into the server thread.
   */
  public static HttpHandler guarded(String service, HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        try {
          handler.handle(exchange);
        } catch (HttpError e) {
          LOG.info(
              "{} {} {} -> {} {}",
              service,
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              e.status(),
              e.getMessage());
          sendError(exchange, e);
        } catch (RuntimeException | IOException e) {
          LOG.warn("{} {} failed", service, exchange.getRequestURI().getPath(), e);
          sendError(exchange, new HttpError(500, "InternalError", String.valueOf(e.getMessage())));
        }
      }
    };
  }

  /** Path segments, ignoring empty ones (clients send {@code //} for empty versions). */
  public static List<String> segments(HttpExchange exchange) {
    List<String> result = new ArrayList<>();
    for (String part : exchange.getRequestURI().getPath().split("/")) {
      if (!part.isEmpty()) {
        result.add(part);
      }
    }
    return result;
  }

  public static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> result = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.put(decode(key), decode(value));
    }
    return result;
  }

  public static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] data = in.readNBytes(MAX_BODY + 1);
      if (data.length > MAX_BODY) {
        throw new HttpError(413, "RequestTooLarge", "request body exceeds " + MAX_BODY + " bytes");
      }
      return data;
    }
  }

  public static JsonNode jsonBody(HttpExchange exchange) throws IOException {
    byte[] data = body(exchange);
    if (data.length == 0) {
      throw HttpError.badRequest("request body is empty; expected JSON");
    }
    try {
      JsonNode node = JSON.readTree(data);
      if (node == null || !node.isObject()) {
        throw HttpError.badRequest("request body is not a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, JSON.writeValueAsBytes(body), "application/json; charset=utf-8");
  }

  public static void send(HttpExchange exchange, int status, byte[] body, String contentType)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void sendError(HttpExchange exchange, HttpError error) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode inner = body.putObject("error");
    inner.put("code", error.code());
    inner.put("message", error.getMessage());
    sendJson(exchange, error.status(), body);
  }

  public static void requireMethod(HttpExchange exchange, String... allowed) {
    for (String method : allowed) {
      if (method.equals(exchange.getRequestMethod())) {
        return;
      }
    }
    throw new HttpError(
        405,
        "MethodNotAllowed",
        exchange.getRequestMethod() + " is not supported on " + exchange.getRequestURI().getPath());
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
