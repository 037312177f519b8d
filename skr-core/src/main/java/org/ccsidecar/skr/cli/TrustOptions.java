package org.ccsidecar.skr.cli;

import java.nio.file.Path;
import org.ccsidecar.skr.net.TlsTrust;
import picocli.CommandLine.Option;

/** {@code --ca-file}: an extra CA to trust for MAA, Key Vault and the release response. */
final class TrustOptions {
  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "extra CA certificate(s) to trust besides the system trust store, e.g. the"
              + " emulator's ca_file (default: the file named by $"
              + TlsTrust.CA_FILE_ENV
              + ", if set)")
  Path caFile;

  TlsTrust trust() {
    return TlsTrust.fromOptionOrEnvironment(caFile);
  }
}
