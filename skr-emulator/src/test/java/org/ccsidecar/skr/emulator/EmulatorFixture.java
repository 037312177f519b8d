package org.ccsidecar.skr.emulator;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.TlsTrust;
import reactor.core.publisher.Mono;

/** A running emulator plus clients that trust its CA, for tests. */
final class EmulatorFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final EmulatorServer server;
  final Endpoints endpoints;
  final HttpClient http;

  private static final java.util.Map<String, EmulatorFixture> SHARED = new java.util.HashMap<>();

  /**
   * One emulator per name for the whole test JVM (starting one costs several RSA key generations);
   * stopped, and its state directory deleted, when the JVM exits.
   */
  static synchronized EmulatorFixture shared(String name) throws Exception {
    EmulatorFixture fixture = SHARED.get(name);
    if (fixture == null) {
      Path dir = java.nio.file.Files.createTempDirectory("skr-emulator-" + name);
      EmulatorFixture started = new EmulatorFixture(dir);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    deleteTree(dir);
                  }));
      SHARED.put(name, started);
      fixture = started;
    }
    return fixture;
  }

  private static void deleteTree(Path dir) {
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  EmulatorFixture(Path stateDir) throws Exception {
    this(stateDir, 0);
  }

  EmulatorFixture(Path stateDir, int port) throws Exception {
    this.server = EmulatorServer.start(port, stateDir);
    this.endpoints = server.endpoints();
    this.http = HttpClients.jdk(TlsTrust.withExtraCaFile(Path.of(endpoints.caFile())));
  }

  X509Certificate caCertificate() throws Exception {
    try (var in = java.nio.file.Files.newInputStream(Path.of(endpoints.caFile()))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** The real Azure SDK KeyClient; only the vault URL, trust and challenge check differ. */
  KeyClient keyClient() throws Exception {
    return new KeyClientBuilder()
        .vaultUrl(endpoints.vault())
        .credential(imdsCredential())
        .httpClient(HttpClients.azure(TlsTrust.withExtraCaFile(Path.of(endpoints.caFile()))))
        .disableChallengeResourceVerification()
        .buildClient();
  }

  /** Asks the emulator's IMDS for tokens, as a VM's managed identity would. */
  TokenCredential imdsCredential() {
    return context ->
        Mono.fromCallable(
            () -> {
              String scope = context.getScopes().get(0);
              String resource =
                  scope.endsWith("/.default") ? scope.substring(0, scope.length() - 9) : scope;
              JsonNode body = imdsToken(resource);
              return new AccessToken(
                  body.get("access_token").asText(),
                  OffsetDateTime.ofInstant(
                      Instant.ofEpochSecond(Long.parseLong(body.get("expires_on").asText())),
                      ZoneOffset.UTC));
            });
  }

  JsonNode imdsToken(String resource) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        endpoints.imds()
                            + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                            + URLEncoder.encode(resource, StandardCharsets.UTF_8)))
                .header("Metadata", "true")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("IMDS answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  HttpResponse<String> post(String url, Object body, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
