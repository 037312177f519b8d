package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.release.ImportKeyConfig;
import org.ccsidecar.skr.release.KeyImporter;
import org.ccsidecar.skr.release.VaultCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skr import-key}: the Go importkey tool, on the same configuration file. */
@Command(
    name = "import-key",
    mixinStandardHelpOptions = true,
    description = {
      "Create a key and import it with a release policy.",
      "Creates an oct-HSM (32 random bytes) or RSA-HSM (2048-bit) key and imports it into the"
          + " vault or managed HSM, exportable, with a release policy built from the"
          + " configuration's claims under the key's MAA authority. Prints the key id and the"
          + " policy."
    })
final class ImportKeyCommand implements Callable<Integer> {
  private static final int MAX_CONFIG_BYTES = 1 << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "importkey configuration: key, key_derivation, claims, identity")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "KEYFILE",
      description =
          "also write the 32-byte filesystem key (mode 0600): the oct key itself, or for RSA"
              + " the HKDF-derived key the sidecar will derive after release")
  Path out;

  @Mixin TrustOptions trust;

  @Override
  public Integer call() throws IOException {
    ImportKeyConfig parsed =
        ImportKeyConfig.parse(
            InputFiles.read(config, "import-key config", MAX_CONFIG_BYTES),
            "import-key config " + config);
    com.azure.core.http.HttpClient http = HttpClients.azure(trust.trust());
    try (KeyImporter.Result result =
        new KeyImporter(http)
            .importKey(
                parsed, VaultCredentials.forKeyBlob(parsed.key(), parsed.clientId(), http))) {
      if (out != null) {
        KeyFiles.write(out, result.filesystemKey());
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(result.keyId());
      stdout.println(result.policy());
      if (result.isDerived()) {
        stdout.println(
            "key_derivation: salt "
                + result.derivation().salt()
                + " label \""
                + new String(result.derivation().info(), java.nio.charset.StandardCharsets.UTF_8)
                + "\"");
      }
      stdout.flush();
    }
    return 0;
  }
}
