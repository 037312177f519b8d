package org.ccsidecar.skr.uvm;

import java.io.IOException;
import org.ccsidecar.skr.attest.AttestationReportSource;
import org.ccsidecar.skr.attest.AttestationReportSources;
import org.ccsidecar.skr.maa.AttestationEvidence;
import org.ccsidecar.skr.maa.EvidenceSource;

/**
 * Attestation evidence inside a confidential container: reports from the hardware, the VCEK chain
 * that matches their TCB (the host's, refreshed from the certificate cache when stale) and the UVM
 * reference info from the security context; or, when explicitly asked for, a fake report.
 */
public final class UvmEvidenceSources {
  private UvmEvidenceSources() {}

  /** Hardware reports (configfs-tsm or /dev/sev-guest); fails when there is no SEV-SNP. */
  public static EvidenceSource hardware(UvmSecurityContext context, CertCacheConfig certCache)
      throws IOException {
    return of(
        AttestationReportSources.detect(),
        context,
        new CertChainFetcher(certCache, new CertHttpClient()));
  }

  /** Reports from {@code reports}, with certificates kept in step with their TCB. */
  public static EvidenceSource of(
      AttestationReportSource reports, UvmSecurityContext context, CertChainFetcher fetcher)
      throws IOException {
    PlatformCertificates certificates = new PlatformCertificates(context.hostAmdCerts(), fetcher);
    byte[] referenceInfo = context.referenceInfo();
    return reportData -> {
      PlatformCertificates.ReportAndCerts fetched = certificates.fetchReport(reports, reportData);
      return new AttestationEvidence(fetched.report(), fetched.vcekCertChain(), referenceInfo);
    };
  }

  /**
   * NOT SECURE: fake reports whose HOST_DATA is the SHA-256 of the context's security policy, with
   * the host's certificates (if any) passed along as they are.
   */
  public static EvidenceSource fake(UvmSecurityContext context) throws IOException {
    AttestationReportSource reports = AttestationReportSources.fake(context.securityPolicy());
    byte[] chain = context.hostAmdCerts().concatenatedPem();
    byte[] referenceInfo = context.referenceInfo();
    return reportData ->
        new AttestationEvidence(reports.fetchReport(reportData), chain, referenceInfo);
  }
}
