import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.time.OffsetDateTime;

/**
 * Creates a container when missing and prints a SAS URL for it (read, list, create, write; valid
 * for a day): rclone's `sas_url` for Azurite (Debian's rclone 1.60 builds a URL without a scheme
 * when use_emulator is set).
 * Usage: java -cp 'azmount/target/lib/*' ContainerSas.java CONNECTION_STRING CONTAINER
 */
public class ContainerSas {
  public static void main(String[] args) {
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .connectionString(args[0])
            .buildClient()
            .getBlobContainerClient(args[1]);
    container.createIfNotExists();
    BlobServiceSasSignatureValues values =
        new BlobServiceSasSignatureValues(
            OffsetDateTime.now().plusDays(1),
            new BlobContainerSasPermission()
                .setReadPermission(true)
                .setListPermission(true)
                .setCreatePermission(true)
                .setWritePermission(true));
    System.out.println(container.getBlobContainerUrl() + "?" + container.generateSas(values));
  }
}
