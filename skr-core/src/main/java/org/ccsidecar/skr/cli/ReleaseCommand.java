package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ccsidecar.skr.release.ImportKeyConfig;
import org.ccsidecar.skr.release.SecureKeyRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skr release}: releases a key as the sidecar does and writes the 32-byte key file. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Release a key and write the 32-byte filesystem key.",
      "Attests to the key's MAA authority, releases the key from Key Vault or managed HSM with"
          + " the token, unwraps it and writes the 32-byte key: oct keys as they are, RSA keys"
          + " through HKDF-SHA256 with key_derivation's salt and label."
    })
final class ReleaseCommand implements Callable<Integer> {
  private static final int MAX_CONFIG_BYTES = 1 << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--key-config",
      required = true,
      paramLabel = "FILE",
      description =
          "JSON with \"key\" (kid, kty, authority, akv) and optional \"key_derivation\" and"
              + " \"identity\" (an importkey configuration works), or a bare key blob")
  Path keyConfig;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "KEYFILE",
      description = "where to write the 32-byte key (mode 0600)")
  Path out;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "client id of a user-assigned managed identity (default: identity.client_id)")
  String clientId;

  @Mixin AttestationOptions attestation;
  @Mixin TrustOptions trust;

  @Override
  public Integer call() throws IOException {
    ImportKeyConfig config =
        ImportKeyConfig.parse(
            InputFiles.read(keyConfig, "key config", MAX_CONFIG_BYTES), "key config " + keyConfig);
    SecureKeyRelease release =
        SecureKeyRelease.builder()
            .evidenceSource(attestation.evidenceSource())
            .trust(trust.trust())
            .clientId(clientId != null ? clientId : config.clientId())
            .build();
    byte[] key = release.release(config.key(), config.keyDerivation());
    try {
      KeyFiles.write(out, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    spec.commandLine().getErr().println("skr release: wrote " + key.length + "-byte key to " + out);
    return 0;
  }
}
