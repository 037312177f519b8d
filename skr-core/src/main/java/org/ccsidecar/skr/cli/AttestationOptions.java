package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ccsidecar.skr.attest.AttestationReportSources;
import org.ccsidecar.skr.maa.EvidenceSource;
import org.ccsidecar.skr.maa.ReportEvidenceSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where attestation evidence comes from: the SEV-SNP hardware, or an explicitly asked-for fake. */
final class AttestationOptions {
  private static final int MAX_POLICY_BYTES = 1 << 20;

  @Option(
      names = "--fake-attestation",
      description = {
        "NOT SECURE: use a fake SEV-SNP report (zero signature, HOST_DATA = SHA-256 of the",
        "policy); only an emulator accepts it"
      })
  boolean fake;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "the security policy (as the host hashed it) for --fake-attestation")
  Path policy;

  EvidenceSource evidenceSource() throws IOException {
    if (fake) {
      if (policy == null) {
        throw new ParameterException(
            command.commandLine(), "--fake-attestation needs --policy FILE");
      }
      byte[] policyBytes = InputFiles.read(policy, "policy", MAX_POLICY_BYTES);
      return new ReportEvidenceSource(AttestationReportSources.fake(policyBytes), null, null);
    }
    if (policy != null) {
      throw new ParameterException(
          command.commandLine(),
          "--policy applies only with --fake-attestation (hardware reports carry the host's)");
    }
    return new ReportEvidenceSource(AttestationReportSources.detect(), null, null);
  }
}
