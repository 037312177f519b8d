package org.ccsidecar.azmount.source;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobType;
import java.io.IOException;

/**
 * Opens an Azure blob as a {@link BlockSource}: checks it exists and what type it is, refuses to
 * open anything but a page blob read-write, and takes the write lease for read-write opens.
 */
public final class BlobSources {
  private BlobSources() {}

  public static AzureBlobSource open(
      BlobLocation location, BlobCredentialOptions credentials, boolean writable)
      throws IOException {
    return open(location, credentials, writable, BlobRetryPolicy.defaults());
  }

  /**
   * @throws IOException naming the blob and the cause: not found, access denied, unreachable, a
   *     block blob opened read-write ("upload it as a page blob"), or leased by another writer
   */
  public static AzureBlobSource open(
      BlobLocation location,
      BlobCredentialOptions credentials,
      boolean writable,
      BlobRetryPolicy retry)
      throws IOException {
    BlobClient blob;
    try {
      blob = BlobClients.build(location, credentials, retry);
    } catch (RuntimeException e) {
      throw new IOException(
          "blob "
              + location
              + ": cannot set up the storage client: "
              + Redaction.redact(e.getMessage()));
    }
    BlobProperties properties;
    try {
      properties =
          blob.getPropertiesWithResponse(null, retry.totalTimeout(), Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw StorageErrors.io(location, "reading its properties", e);
    }
    BlobType type = properties.getBlobType();
    if (writable && type != BlobType.PAGE_BLOB) {
      throw new IOException(
          "blob "
              + location
              + " is a "
              + describe(type)
              + ", which cannot be written in place; upload the image as a page blob"
              + " (e.g. az storage blob upload --type page) to mount it read-write");
    }
    BlobLease lease =
        writable ? BlobLease.acquire(blob, location, BlobLease.DEFAULT_DURATION, retry) : null;
    return new AzureBlobSource(
        location, blob, type, properties.getBlobSize(), retry, properties.getETag(), lease);
  }

  private static String describe(BlobType type) {
    return switch (type) {
      case BLOCK_BLOB -> "block blob";
      case APPEND_BLOB -> "append blob";
      case PAGE_BLOB -> "page blob";
    };
  }
}
