package org.ccsidecar.azmount.source;

import com.azure.storage.blob.BlobUrlParts;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a blob lives: an http(s) URL naming account endpoint, container and blob, with an optional
 * SAS token in its query. Both Azure ({@code https://ACCOUNT.blob.core.windows.net/C/B}) and
 * path-style emulator URLs ({@code http://127.0.0.1:10000/devstoreaccount1/C/B}) are accepted.
 * {@link #toString()} never shows the SAS signature.
 */
public final class BlobLocation {
  private final String url;
  private final String container;
  private final String blobName;
  private final boolean hasSas;

  private BlobLocation(String url, String container, String blobName, boolean hasSas) {
    this.url = url;
    this.container = container;
    this.blobName = blobName;
    this.hasSas = hasSas;
  }

  /**
   * Parses a blob URL.
   *
   * @throws IllegalArgumentException naming what is wrong with the URL (secrets redacted)
   */
  public static BlobLocation parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + Redaction.redact(url));
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "blob URL must be http(s)://HOST/CONTAINER/BLOB: " + Redaction.redact(url));
    }
    BlobUrlParts parts;
    try {
      parts = BlobUrlParts.parse(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot parse blob URL " + Redaction.redact(url));
    }
    String container = parts.getBlobContainerName();
    String blob = parts.getBlobName();
    if (container == null || container.isEmpty() || blob == null || blob.isEmpty()) {
      throw new IllegalArgumentException(
          "blob URL names no container and blob (expected .../CONTAINER/BLOB): "
              + Redaction.redact(url));
    }
    boolean hasSas =
        parts.getCommonSasQueryParameters() != null
            && parts.getCommonSasQueryParameters().getSignature() != null;
    return new BlobLocation(url, container, blob, hasSas);
  }

  /** The full URL, SAS included: hand it only to the storage client, never to a log. */
  String url() {
    return url;
  }

  public String container() {
    return container;
  }

  public String blobName() {
    return blobName;
  }

  /** True when the URL carries a SAS token (which then is the credential). */
  public boolean hasSas() {
    return hasSas;
  }

  /** The URL with its query (SAS) left out, for messages. */
  public String display() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    return display();
  }
}
