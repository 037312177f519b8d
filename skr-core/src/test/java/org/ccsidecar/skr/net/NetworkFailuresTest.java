package org.ccsidecar.skr.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class NetworkFailuresTest {
  @Test
  void untrustedCertificatesAreNamedWhateverWrapsThem() {
    SSLHandshakeException handshake = new SSLHandshakeException("General OpenSslEngine problem");
    handshake.initCause(new CertPathBuilderException("unable to find valid certification path"));
    String text =
        NetworkFailures.describe(new RuntimeException(new UncheckedIOException(handshake)));
    assertTrue(text.contains("TLS certificate is not trusted"), text);
    assertTrue(text.contains(TlsTrust.CA_FILE_ENV), text);
  }

  @Test
  void messagelessConnectFailuresAreNamed() {
    assertEquals(
        "cannot connect", NetworkFailures.describe(new IOException(new ConnectException())));
  }

  @Test
  void failureKeepsTheCauseOutOfTheCauseChain() {
    ConnectException cause = new ConnectException();
    IOException failure = NetworkFailures.failure("MAA request failed: cannot connect", cause);
    assertEquals(null, failure.getCause());
    assertSame(cause, failure.getSuppressed()[0]);
  }

  @Test
  void serviceErrorIsTheVaultsOwnMessage() {
    String body =
        "{\"error\":{\"code\":\"Forbidden\",\"message\":\"claim 'x-ms-sevsnpvm-vmpl' differs\"}}";
    HttpResponseException e =
        new HttpResponseException("Status code 403, \"" + body + "\"", response(403, body));
    assertEquals("HTTP 403: claim 'x-ms-sevsnpvm-vmpl' differs", NetworkFailures.serviceError(e));
    HttpResponseException plain =
        new HttpResponseException("Status code 500, (empty body)", response(500, ""));
    assertEquals("HTTP 500: Status code 500, (empty body)", NetworkFailures.serviceError(plain));
  }

  private static HttpResponse response(int status, String body) {
    HttpRequest request = new HttpRequest(HttpMethod.POST, "https://127.0.0.1/keys/k/release");
    return new HttpResponse(request) {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      @Deprecated
      public String getHeaderValue(String name) {
        return null;
      }

      @Override
      public HttpHeaders getHeaders() {
        return new HttpHeaders();
      }

      @Override
      public Flux<java.nio.ByteBuffer> getBody() {
        return Flux.just(java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
      }

      @Override
      public Mono<byte[]> getBodyAsByteArray() {
        return Mono.just(body.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public Mono<String> getBodyAsString() {
        return Mono.just(body);
      }

      @Override
      public Mono<String> getBodyAsString(java.nio.charset.Charset charset) {
        return Mono.just(body);
      }
    };
  }
}
