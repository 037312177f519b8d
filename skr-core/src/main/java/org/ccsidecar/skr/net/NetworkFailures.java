package org.ccsidecar.skr.net;

import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One-line descriptions of network failures, from the cause that matters (the JDK and Netty wrap
 * them several layers deep, often without messages).
 */
public final class NetworkFailures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NetworkFailures() {}

  /**
   * An IOException saying {@code message}, with {@code cause} kept as suppressed rather than as
   * cause: the CLI prints a failure's causes after its message, and {@code message} already says
   * what the cause said. Debug logs still show it.
   */
  public static IOException failure(String message, Throwable cause) {
    IOException failure = new IOException(message);
    failure.addSuppressed(cause);
    return failure;
  }

  /** The service's own error message from an Azure SDK HTTP failure, with the status. */
  public static String serviceError(HttpResponseException e) {
    String text = e.getMessage() == null ? "" : e.getMessage();
    String detail = text;
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start >= 0 && end > start) {
      try {
        JsonNode message =
            JSON.readTree(text.substring(start, end + 1)).path("error").path("message");
        if (message.isTextual()) {
          detail = message.asText();
        }
      } catch (IOException notJson) {
        // keep the whole text
      }
    }
    return "HTTP " + e.getResponse().getStatusCode() + ": " + Redaction.excerpt(detail);
  }

  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException
          || t instanceof CertificateException) {
        return "the server's TLS certificate is not trusted (add its CA with --ca-file or "
            + TlsTrust.CA_FILE_ENV
            + ")";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within " + HttpClients.CONNECT_TIMEOUT.toSeconds() + " s";
      }
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
        return "no answer within " + HttpClients.REQUEST_TIMEOUT.toSeconds() + " s";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof ConnectException) {
        return "cannot connect";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    String message = failure.getMessage();
    return message == null || message.isBlank()
        ? failure.getClass().getSimpleName()
        : Redaction.excerpt(message);
  }
}
