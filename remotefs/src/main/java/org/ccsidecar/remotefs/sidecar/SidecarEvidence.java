package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.ccsidecar.remotefs.config.AzureInfo;
import org.ccsidecar.skr.attest.AttestationReportSource;
import org.ccsidecar.skr.attest.AttestationReportSources;
import org.ccsidecar.skr.maa.AttestationEvidence;
import org.ccsidecar.skr.maa.EvidenceSource;
import org.ccsidecar.skr.snp.ThimCerts;

/**
 * Attestation evidence for key release, from the UVM security context the host provides (the
 * directory named by UVM_SECURITY_CONTEXT_DIR, with the files security-policy-base64,
 * host-amd-cert-base64 and reference-info-base64). With fake attestation the report is made up,
 * HOST_DATA = SHA-256 of that security policy.
 */
final class SidecarEvidence {
  static final String CONTEXT_DIR_ENV = "UVM_SECURITY_CONTEXT_DIR";

  private SidecarEvidence() {}

  static EvidenceSource create(boolean fake, AzureInfo azureInfo) throws IOException {
    String dirName = System.getenv(CONTEXT_DIR_ENV);
    if (dirName == null || dirName.isBlank()) {
      throw new IOException(
          CONTEXT_DIR_ENV + " is not set: no UVM security context to attest with");
    }
    Path dir = Path.of(dirName);
    byte[] policy = decoded(dir.resolve("security-policy-base64"));
    byte[] certs = optional(dir.resolve("host-amd-cert-base64"));
    byte[] chain =
        certs.length == 0
            ? new byte[0]
            : ThimCerts.parseBase64(new String(certs, StandardCharsets.US_ASCII).strip())
                .concatenatedPem();
    byte[] referenceInfo = decodedOptional(dir.resolve("reference-info-base64"));
    AttestationReportSource reports =
        fake ? AttestationReportSources.fake(policy) : AttestationReportSources.detect();
    return reportData ->
        new AttestationEvidence(reports.fetchReport(reportData), chain, referenceInfo);
  }

  private static byte[] decoded(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("UVM security context has no " + file);
    }
    return decodedOptional(file);
  }

  private static byte[] decodedOptional(Path file) throws IOException {
    byte[] text = optional(file);
    try {
      return Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not base64");
    }
  }

  private static byte[] optional(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
  }
}
