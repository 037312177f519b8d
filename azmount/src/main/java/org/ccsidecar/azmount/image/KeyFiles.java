package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/** Reads key files and makes new random ones. */
public final class KeyFiles {
  /** Length of a generated key: what the sidecar's key release hands over. */
  public static final int GENERATED_KEY_BYTES = 32;

  /** cryptsetup's default limit for a key file read whole. */
  static final long MAX_KEY_FILE_BYTES = 8L << 20;

  private KeyFiles() {}

  /** The whole content of {@code file}; the caller zeroes the array after use. */
  public static byte[] read(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (attributes.isDirectory()) {
      throw new ImageException(file + ": is a directory, not a key file");
    }
    // A device or pipe reports size 0 (or none): its content is not what the key file's size says.
    if (!attributes.isRegularFile()) {
      throw new ImageException(file + ": key file is not a regular file");
    }
    long size = attributes.size();
    if (size == 0) {
      throw new ImageException(file + ": key file is empty");
    }
    if (size > MAX_KEY_FILE_BYTES) {
      throw new ImageException(
          file + ": key file is " + size + " bytes, more than the limit of " + MAX_KEY_FILE_BYTES);
    }
    return Files.readAllBytes(file);
  }

  /**
   * Writes {@value #GENERATED_KEY_BYTES} random bytes to a new file readable only by its owner.
   * Never replaces an existing file: a key another image depends on must not be lost.
   */
  public static void generate(Path file) throws IOException {
    byte[] key = new byte[GENERATED_KEY_BYTES];
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      new SecureRandom().nextBytes(key);
      ByteBuffer buffer = ByteBuffer.wrap(key);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
