package org.ccsidecar.azmount.source;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccsidecar.testkit.Azurite;

/**
 * Test helper: a fresh container on an {@link Azurite} and uploads of block and page blobs into it,
 * through the real SDK.
 */
public final class AzuriteBlobs {
  private static final AtomicInteger containers = new AtomicInteger();

  private final Azurite azurite;
  private final BlobContainerClient container;

  public AzuriteBlobs(Azurite azurite) {
    this.azurite = azurite;
    this.container =
        new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString())
            .buildClient()
            .getBlobContainerClient("test" + containers.incrementAndGet());
    container.create();
  }

  public BlobContainerClient container() {
    return container;
  }

  /** Uploads {@code data} as a block blob and returns its location. */
  public BlobLocation blockBlob(String name, byte[] data) {
    container.getBlobClient(name).upload(BinaryData.fromBytes(data), true);
    return location(name);
  }

  /** Uploads {@code data} (length a multiple of 512) as a page blob and returns its location. */
  public BlobLocation pageBlob(String name, byte[] data) {
    PageBlobClient pages = container.getBlobClient(name).getPageBlobClient();
    pages.create(data.length, true);
    for (int off = 0; off < data.length; off += AzureBlobSource.MAX_PAGES_PER_CALL) {
      int n = Math.min(AzureBlobSource.MAX_PAGES_PER_CALL, data.length - off);
      pages.uploadPages(
          new com.azure.storage.blob.models.PageRange().setStart(off).setEnd(off + n - 1L),
          new ByteArrayInputStream(data, off, n));
    }
    return location(name);
  }

  public BlobLocation location(String name) {
    return BlobLocation.parse(azurite.blobUrl(container.getBlobContainerName(), name));
  }

  /** The same blob as reached through another local port (a proxy in front of Azurite). */
  public BlobLocation locationVia(int port, String name) {
    return BlobLocation.parse(Azurite.blobUrl(port, container.getBlobContainerName(), name));
  }

  public BlobCredentialOptions credentials() {
    return BlobCredentialOptions.connectionString(azurite.connectionString());
  }

  public byte[] download(String name) {
    return container.getBlobClient(name).downloadContent().toBytes();
  }

  public static byte[] randomBytes(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }
}
