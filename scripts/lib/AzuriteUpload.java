// Uploads a file to a blob, for the local demo and benchmarks against Azurite.
//   java -cp 'azmount/target/lib/*' scripts/lib/AzuriteUpload.java FILE URL block|page
// Credential: the connection string in AZURE_STORAGE_CONNECTION_STRING (Azurite's well-known
// account). The container is created when missing. A page blob needs a size that is a multiple
// of 512 bytes. Against Azure Storage, use `az storage blob upload --type block|page` or
// `azcopy copy --blob-type BlockBlob|PageBlob` instead.

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public final class AzuriteUpload {
  private static final int PAGE_CHUNK = 4 << 20;

  public static void main(String[] args) throws Exception {
    // The SDK's request logs are not wanted here (logback would print them at DEBUG).
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    if (args.length != 3 || !(args[2].equals("block") || args[2].equals("page"))) {
      System.err.println("usage: AzuriteUpload FILE URL block|page");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    BlobUrlParts parts = BlobUrlParts.parse(args[1]);
    String connectionString = System.getenv("AZURE_STORAGE_CONNECTION_STRING");
    if (connectionString == null || connectionString.isBlank()) {
      System.err.println("AzuriteUpload: AZURE_STORAGE_CONNECTION_STRING is not set");
      System.exit(1);
    }
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .connectionString(connectionString)
            .buildClient()
            .getBlobContainerClient(parts.getBlobContainerName());
    container.createIfNotExists();
    BlobClient blob = container.getBlobClient(parts.getBlobName());
    long size = Files.size(file);
    if (args[2].equals("block")) {
      blob.uploadFromFile(file.toString(), true);
    } else {
      if (size % 512 != 0) {
        System.err.println("AzuriteUpload: a page blob needs a multiple of 512 bytes: " + file);
        System.exit(1);
      }
      PageBlobClient pages = blob.getPageBlobClient();
      pages.create(size, true);
      byte[] chunk = new byte[PAGE_CHUNK];
      try (InputStream in = Files.newInputStream(file)) {
        for (long offset = 0; offset < size; ) {
          int n = in.readNBytes(chunk, 0, (int) Math.min(PAGE_CHUNK, size - offset));
          pages.uploadPages(
              new PageRange().setStart(offset).setEnd(offset + n - 1),
              new ByteArrayInputStream(chunk, 0, n));
          offset += n;
        }
      }
    }
    System.out.println("uploaded " + file + " (" + size + " bytes) as a " + args[2] + " blob");
  }
}
