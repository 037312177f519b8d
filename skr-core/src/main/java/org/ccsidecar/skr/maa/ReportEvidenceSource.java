package org.ccsidecar.skr.maa;

import java.io.IOException;
import org.ccsidecar.skr.attest.AttestationReportSource;

/**
 * Evidence from a report source plus the collateral the host provided: the VCEK certificate chain
 * (PEM, VCEK first) and the UVM reference info.
 */
public final class ReportEvidenceSource implements EvidenceSource {
  private final AttestationReportSource reports;
  private final byte[] vcekCertChain;
  private final byte[] uvmReferenceInfo;

  public ReportEvidenceSource(
      AttestationReportSource reports, byte[] vcekCertChain, byte[] uvmReferenceInfo) {
    this.reports = reports;
    this.vcekCertChain = vcekCertChain == null ? new byte[0] : vcekCertChain.clone();
    this.uvmReferenceInfo = uvmReferenceInfo == null ? new byte[0] : uvmReferenceInfo.clone();
  }

  @Override
  public AttestationEvidence collect(byte[] reportData) throws IOException {
    return new AttestationEvidence(
        reports.fetchReport(reportData), vcekCertChain, uvmReferenceInfo);
  }
}
