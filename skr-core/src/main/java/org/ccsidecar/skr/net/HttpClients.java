package org.ccsidecar.skr.net;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * HTTP clients for the attestation and key release calls, all with the same timeouts and trust: a
 * JDK {@link HttpClient} for MAA, and the Azure SDK's Netty client for Key Vault and
 * azure-identity.
 */
public final class HttpClients {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private HttpClients() {}

  public static HttpClient jdk(TlsTrust trust) {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(trust.sslContext())
        .build();
  }

  public static com.azure.core.http.HttpClient azure(TlsTrust trust) {
    SslContext ssl;
    try {
      // The JDK's TLS, as the MAA client uses: Netty would otherwise unpack and load its own
      // BoringSSL library at every start, for a handful of requests.
      ssl =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .trustManager(trust.trustManager())
              .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
    }
    reactor.netty.http.client.HttpClient netty =
        reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl));
    return new NettyAsyncHttpClientBuilder(netty)
        .connectTimeout(CONNECT_TIMEOUT)
        .responseTimeout(REQUEST_TIMEOUT)
        .readTimeout(REQUEST_TIMEOUT)
        .build();
  }
}
