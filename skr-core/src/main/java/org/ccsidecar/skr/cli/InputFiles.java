package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads small input files with a size cap, so a wrong path (a disk image, /dev/zero) fails fast.
 */
final class InputFiles {
  private InputFiles() {}

  static byte[] read(Path file, String what, int maxBytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(what + " " + file + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new IOException(what + " " + file + " does not exist", e);
    }
  }
}
