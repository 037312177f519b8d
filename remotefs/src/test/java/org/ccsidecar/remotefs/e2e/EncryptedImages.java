package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.ccsidecar.testkit.Cryptsetup;
import org.ccsidecar.testkit.SystemTests;

/**
 * LUKS2 images of an ext4 file system, made with the reference tools (mkfs.ext4 -d, then cryptsetup
 * reencrypt --encrypt on the plain file; no device-mapper, no root), with a cheap KDF.
 */
final class EncryptedImages {
  private EncryptedImages() {}

  static void requireTools() {
    SystemTests.requireCommand("mkfs.ext4");
    SystemTests.requireCommand("cryptsetup");
  }

  /** Encrypts an ext4 image of {@code source} ({@code megabytes} large) into {@code image}. */
  static void create(Path source, Path image, byte[] key, int megabytes) throws Exception {
    Path keyFile = Files.write(image.resolveSibling(image.getFileName() + ".key"), key);
    run("mkfs.ext4", "-q", "-F", "-d", source.toString(), image.toString(), megabytes + "M");
    // reencrypt needs room for the header at the end of the file; it shifts the data up.
    run("truncate", "-s", "+16M", image.toString());
    Cryptsetup.encryptInPlace(image, keyFile);
    Files.delete(keyFile);
  }

  static String hex(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    assertEquals(
        0, SystemTests.Commands.run(60, command), "command failed: " + String.join(" ", command));
  }
}
