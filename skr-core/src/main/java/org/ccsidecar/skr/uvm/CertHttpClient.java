package org.ccsidecar.skr.uvm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs certificates with timeouts, a body size cap and the Go sidecar's retry rule: retry on
 * connection errors, 408, 429 and 5xx (twice by default, random exponential backoff); fail at once
 * on other statuses.
 */
public final class CertHttpClient {
  private static final Logger LOG = LoggerFactory.getLogger(CertHttpClient.class);
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration backoffBase;

  public CertHttpClient() {
    this(Duration.ofSeconds(10), Duration.ofSeconds(30), 2, Duration.ofSeconds(2));
  }

  /**
   * @param backoffBase the n-th retry waits a random time up to backoffBase * 2^(n-1)
   */
  public CertHttpClient(
      Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration backoffBase) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.requestTimeout = requestTimeout;
    this.maxRetries = maxRetries;
    this.backoffBase = backoffBase;
  }

  public byte[] get(String url, Map<String, String> headers) throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a valid URL: " + url, e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
    headers.forEach(request::header);
    String lastProblem = "";
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        sleepBeforeRetry(attempt);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        lastProblem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.debug("GET {} attempt {} failed: {}", url, attempt + 1, lastProblem);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + url, e);
      }
      int status = response.statusCode();
      byte[] body = readCapped(response.body(), url);
      if (status >= 200 && status < 300) {
        return body;
      }
      lastProblem = "HTTP " + status + snippet(body);
      if (status != 408 && status != 429 && status < 500) {
        throw new IOException("GET " + url + " failed: " + lastProblem);
      }
      LOG.debug("GET {} attempt {}: {}, will retry", url, attempt + 1, lastProblem);
    }
    throw new IOException(
        "GET " + url + " failed after " + (maxRetries + 1) + " attempts: " + lastProblem);
  }

  private static byte[] readCapped(InputStream in, String url) throws IOException {
    try (in) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new IOException(
            "answer from " + url + " is larger than " + MAX_BODY_BYTES + " bytes");
      }
      return body;
    }
  }

  private void sleepBeforeRetry(int attempt) throws IOException {
    long maxMillis = backoffBase.toMillis() << (attempt - 1);
    long millis = maxMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxMillis + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry", e);
    }
  }

  private static String snippet(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
  }
}
