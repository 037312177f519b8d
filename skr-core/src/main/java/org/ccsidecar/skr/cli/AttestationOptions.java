package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ccsidecar.skr.attest.AttestationReportSources;
import org.ccsidecar.skr.maa.EvidenceSource;
import org.ccsidecar.skr.maa.ReportEvidenceSource;
import org.ccsidecar.skr.uvm.CertCacheConfig;
import org.ccsidecar.skr.uvm.UvmEvidenceSources;
import org.ccsidecar.skr.uvm.UvmSecurityContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where attestation evidence comes from: the SEV-SNP hardware with the UVM security context's
 * certificates and reference info, or an explicitly asked-for fake report.
 */
final class AttestationOptions {
  private static final int MAX_POLICY_BYTES = 1 << 20;

  @Option(
      names = "--fake-attestation",
      description =
          "NOT SECURE: use a fake SEV-SNP report (zero signature, HOST_DATA = SHA-256 of the"
              + " policy); only an emulator accepts it")
  boolean fake;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "with --fake-attestation: the security policy bytes to hash into HOST_DATA (default:"
              + " the UVM security context's policy)")
  Path policy;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  EvidenceSource evidenceSource() throws IOException {
    if (fake && policy != null) {
      byte[] policyBytes = InputFiles.read(policy, "policy", MAX_POLICY_BYTES);
      return new ReportEvidenceSource(AttestationReportSources.fake(policyBytes), null, null);
    }
    if (policy != null) {
      throw new ParameterException(
          command.commandLine(),
          "--policy applies only with --fake-attestation (hardware reports carry the host's)");
    }
    UvmSecurityContext context = UvmSecurityContext.load();
    return fake
        ? UvmEvidenceSources.fake(context)
        : UvmEvidenceSources.hardware(context, CertCacheConfig.azureDefault());
  }
}
