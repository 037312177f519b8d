package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes key files: owner-only (0600) from creation, complete or not at all. */
final class KeyFiles {
  private KeyFiles() {}

  static void write(Path file, byte[] key) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(
          "cannot write key file " + file + ": directory " + dir + " does not exist");
    }
    // The rename below would replace a device node or an empty directory, not write into it.
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(absolute)) {
      throw new IOException("cannot write key file " + file + ": not a regular file");
    }
    Path temp =
        Files.createTempFile(
            dir,
            ".skr-key-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
