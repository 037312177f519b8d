package org.ccsidecar.skr.maa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.ccsidecar.skr.net.Endpoints;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.NetworkFailures;
import org.ccsidecar.skr.net.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client of Microsoft Azure Attestation's SEV-SNP endpoint: evidence in, MAA token out. */
public final class MaaClient {
  public static final String TEE_TYPE = "SevSnpVm";
  public static final String API_VERSION = "2020-10-01";
  private static final int MAX_RESPONSE_BYTES = 1 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(MaaClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final SecureRandom random = new SecureRandom();

  public MaaClient(HttpClient http) {
    this.http = http;
  }

  /** The attest URL for {@code endpoint} (a host means https; a full URL is taken as given). */
  public static URI attestUri(String endpoint) {
    return Endpoints.resolve(endpoint, "/attest/" + TEE_TYPE + "?api-version=" + API_VERSION);
  }

  /** Sends the evidence and {@code runtimeData} to {@code endpoint}; returns the MAA token. */
  public String attest(String endpoint, AttestationEvidence evidence, byte[] runtimeData)
      throws IOException {
    URI uri = attestUri(endpoint);
    byte[] body = MaaAttestRequest.build(evidence, runtimeData, random.nextLong());
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(HttpClients.REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    LOG.info("requesting MAA token from {}", uri);
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for MAA at " + uri, e);
    } catch (IOException e) {
      throw NetworkFailures.failure(
          "MAA request to " + uri + " failed: " + NetworkFailures.describe(e), e);
    }
    if (response.body().length > MAX_RESPONSE_BYTES) {
      throw new IOException("MAA response from " + uri + " is larger than 1 MiB");
    }
    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() != 200) {
      throw new IOException(
          "MAA at "
              + uri
              + " refused the attestation: HTTP "
              + response.statusCode()
              + " "
              + Redaction.excerpt(text));
    }
    String token = tokenFrom(text, uri);
    LOG.debug("MAA token: {}", Redaction.token(token));
    return token;
  }

  private static String tokenFrom(String body, URI uri) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("MAA response from " + uri + " is not JSON", e);
    }
    JsonNode token = node == null ? null : node.get("token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      throw new IOException("MAA response from " + uri + " has no token");
    }
    return token.asText();
  }
}
