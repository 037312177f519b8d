package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.ccsidecar.skr.maa.WrappingKey;
import org.ccsidecar.skr.release.SecureKeyRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skr attest}: gets an MAA token for this (or a fake) SEV-SNP guest and prints it. */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Attest to MAA and print the token.",
      "Fetches an SEV-SNP report whose REPORT_DATA binds a fresh RSA wrapping key's JWK set,"
          + " sends it to MAA and prints the token MAA returns."
    })
final class AttestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--maa",
      required = true,
      paramLabel = "ENDPOINT",
      description = "MAA host (https) or full URL, e.g. sharedneu.neu.attest.azure.net")
  String maa;

  @Mixin AttestationOptions attestation;
  @Mixin TrustOptions trust;

  @Override
  public Integer call() throws IOException {
    String token =
        SecureKeyRelease.builder()
            .evidenceSource(attestation.evidenceSource())
            .trust(trust.trust())
            .build()
            .attest(maa, WrappingKey.generate());
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
