package org.ccsidecar.remotefs.e2e;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ccsidecar.testkit.Azurite;

/** Uploads image files to Azurite as block blobs (read-only use) or page blobs (read-write). */
final class BlobUploads {
  private static final int PAGE_CHUNK = 4 << 20;

  private BlobUploads() {}

  static String blockBlob(Azurite azurite, String container, String name, Path file) {
    BlobClient blob = container(azurite, container).getBlobClient(name);
    blob.uploadFromFile(file.toString(), true);
    return azurite.blobUrl(container, name);
  }

  static String pageBlob(Azurite azurite, String container, String name, Path file)
      throws IOException {
    long size = Files.size(file);
    if (size % 512 != 0) {
      throw new IllegalArgumentException(file + " is not a multiple of 512 bytes");
    }
    PageBlobClient blob = container(azurite, container).getBlobClient(name).getPageBlobClient();
    blob.create(size, true);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[PAGE_CHUNK];
      for (long offset = 0; offset < size; ) {
        int length = in.readNBytes(chunk, 0, (int) Math.min(PAGE_CHUNK, size - offset));
        blob.uploadPages(
            new PageRange().setStart(offset).setEnd(offset + length - 1),
            new ByteArrayInputStream(chunk, 0, length));
        offset += length;
      }
    }
    return azurite.blobUrl(container, name);
  }

  private static BlobContainerClient container(Azurite azurite, String name) {
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString())
            .buildClient()
            .getBlobContainerClient(name);
    container.createIfNotExists();
    return container;
  }
}
