package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ccsidecar.testkit.Cryptsetup;

/**
 * LUKS2 images of ext4 filesystems made by the reference tools: mkfs.ext4 -d fills the filesystem,
 * then cryptsetup encrypts it in place (offline reencryption of a plain file; no device-mapper
 * needed). Cheap PBKDF2 so tests stay fast.
 */
final class EncryptedImages {
  static final int HEADER_MIB = 16;

  private EncryptedImages() {}

  /** Writes a 32-byte random key file, as the sidecar's released keys are. */
  static Path keyFile(Path file, long seed) throws IOException {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    Files.write(file, key);
    return file;
  }

  /**
   * An image whose LUKS2 payload is a {@code payloadMib} MiB ext4 filesystem holding {@code
   * content}; the file is {@code payloadMib + 16} MiB.
   */
  static void create(Path image, int payloadMib, Path content, Path keyFile) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength((long) (payloadMib + HEADER_MIB) << 20);
    }
    KernelMounts.run(
        "mkfs.ext4", "-q", "-F", "-d", content.toString(), image.toString(), payloadMib + "M");
    Cryptsetup.encryptInPlace(image, keyFile);
  }
}
