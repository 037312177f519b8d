package org.ccsidecar.skr.emulator.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure Instance Metadata Service token endpoint, {@code GET
 * /metadata/identity/oauth2/token?api-version=..&resource=..[&client_id=..]} with the header {@code
 * Metadata: true}. Answers as IMDS does: every number as a string, errors as {@code
 * {"error","error_description"}}.
 */
public final class ImdsService implements HttpHandler {
  public static final String TOKEN_PATH = "/metadata/identity/oauth2/token";
  private static final Logger LOG = LoggerFactory.getLogger(ImdsService.class);

  private final AccessTokens tokens;

  public ImdsService(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = requestPath(exchange.getRequestURI());
      if (!TOKEN_PATH.equals(path)) {
        error(exchange, 404, "not_found", "no IMDS endpoint at " + path);
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        error(exchange, 405, "invalid_request", "use GET");
        return;
      }
      if (!"true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Metadata"))) {
        error(exchange, 400, "invalid_request", "Required metadata header not specified");
        return;
      }
      Map<String, String> query = Exchanges.query(exchange);
      if (query.getOrDefault("api-version", "").isBlank()) {
        error(exchange, 400, "invalid_request", "Required query variable 'api-version' is missing");
        return;
      }
      String resource = query.getOrDefault("resource", "");
      if (resource.isBlank()) {
        error(exchange, 400, "invalid_request", "Required audience parameter not specified");
        return;
      }
      AccessTokens.Issued issued = tokens.issue(resource, query.get("client_id"));
      long expiresIn = issued.expiresOn().getEpochSecond() - issued.notBefore().getEpochSecond();
      ObjectNode body = Exchanges.JSON.createObjectNode();
      body.put("access_token", issued.token());
      body.put("client_id", issued.clientId());
      body.put("expires_in", Long.toString(expiresIn));
      body.put("expires_on", Long.toString(issued.expiresOn().getEpochSecond()));
      body.put("ext_expires_in", Long.toString(expiresIn));
      body.put("not_before", Long.toString(issued.notBefore().getEpochSecond()));
      body.put("resource", resource);
      body.put("token_type", "Bearer");
      LOG.info("IMDS issued a token for {} (client {})", resource, issued.clientId());
      Exchanges.sendJson(exchange, 200, body);
    } catch (RuntimeException e) {
      LOG.warn("IMDS request failed", e);
    }
  }

  /**
   * MSAL joins AZURE_POD_IDENTITY_AUTHORITY_HOST and the token path with a doubled slash; the
   * server then reads "//metadata/..." as an authority named "metadata". IMDS accepts it, so do we.
   */
  static String requestPath(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getScheme() == null && uri.getRawAuthority() != null) {
      path = "/" + uri.getRawAuthority() + path;
    }
    return path.replaceAll("/+", "/");
  }

  private static void error(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    LOG.info("IMDS refused: {}", description);
    Exchanges.sendJson(exchange, status, Map.of("error", error, "error_description", description));
  }
}
