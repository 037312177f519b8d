package org.ccsidecar.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference LUKS implementation as tests drive it: cheap key derivation (PBKDF2, 1000
 * iterations) so tests stay fast. Call {@code SystemTests.requireCommand("cryptsetup")} first.
 */
public final class Cryptsetup {
  private static final long TIMEOUT_SECONDS = 120;

  private Cryptsetup() {}

  /**
   * Encrypts {@code image} in place as LUKS2 with the key in {@code keyFile}. The file's last 16
   * MiB must be spare: the header goes in front and the data shifts up. {@code options} (such as
   * {@code --sector-size 4096}) are added to the command.
   */
  public static void encryptInPlace(Path image, Path keyFile, String... options)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "cryptsetup",
                "reencrypt",
                "--encrypt",
                "--type",
                "luks2",
                "--batch-mode",
                "--reduce-device-size",
                "16M",
                "--pbkdf",
                "pbkdf2",
                "--pbkdf-force-iterations",
                "1000",
                "--key-file",
                keyFile.toString()));
    command.addAll(List.of(options));
    command.add(image.toString());
    run(command);
  }

  /** Re-encrypts the LUKS2 {@code image} offline with a new volume key, same passphrase. */
  public static void reencryptOffline(Path image, Path keyFile) throws IOException {
    run(
        List.of(
            "cryptsetup",
            "reencrypt",
            "--batch-mode",
            "--force-offline-reencrypt",
            "--key-file",
            keyFile.toString(),
            "--pbkdf",
            "pbkdf2",
            "--pbkdf-force-iterations",
            "1000",
            image.toString()));
  }

  private static void run(List<String> command) throws IOException {
    int exitCode;
    try {
      exitCode = SystemTests.Commands.run(TIMEOUT_SECONDS, command.toArray(String[]::new));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + String.join(" ", command));
    }
    if (exitCode != 0) {
      throw new IOException("exit code " + exitCode + ": " + String.join(" ", command));
    }
  }
}
