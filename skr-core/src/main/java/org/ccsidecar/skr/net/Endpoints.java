package org.ccsidecar.skr.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The endpoint rule shared by the MAA, Key Vault and IMDS clients: the sidecar's configuration
 * names Azure services by host ({@code myvault.vault.azure.net}), which means HTTPS; a full URL
 * ({@code http://127.0.0.1:8443}) is taken as given so local stand-ins work.
 */
public final class Endpoints {
  private Endpoints() {}

  /** The base URI of {@code endpoint}, without a trailing slash. */
  public static URI baseUri(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("endpoint is empty");
    }
    String trimmed = endpoint.trim();
    String withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed;
    while (withScheme.endsWith("/")) {
      withScheme = withScheme.substring(0, withScheme.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a host or URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "endpoint '" + endpoint + "' must be a host name or an http(s) URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' has no host");
    }
    return uri;
  }

  /** The host name of {@code endpoint} (no port), lower case. */
  public static String host(String endpoint) {
    return baseUri(endpoint).getHost().toLowerCase(Locale.ROOT);
  }

  /** {@code base} joined with an absolute path and optional query. */
  public static URI resolve(String endpoint, String pathAndQuery) {
    return URI.create(baseUri(endpoint) + pathAndQuery);
  }

  /** True for endpoints on this machine (loopback), which the emulator serves. */
  public static boolean isLocal(String endpoint) {
    String host = host(endpoint);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }
}
