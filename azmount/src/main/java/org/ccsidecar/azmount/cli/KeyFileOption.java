package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ccsidecar.azmount.image.KeyFiles;
import picocli.CommandLine.Option;

/** {@code --key-file KEY}: the file whose bytes are the passphrase. */
final class KeyFileOption {
  @Option(
      names = "--key-file",
      required = true,
      paramLabel = "KEY",
      description =
          "File whose whole content is the passphrase, as with cryptsetup --key-file "
              + "(the sidecar's keys are 32 random bytes).")
  Path keyFile;

  /** The key bytes; the caller zeroes them. */
  byte[] read() throws IOException {
    return KeyFiles.read(keyFile);
  }
}
