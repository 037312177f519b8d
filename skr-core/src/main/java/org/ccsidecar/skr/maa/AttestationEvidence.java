package org.ccsidecar.skr.maa;

/**
 * What MAA needs besides the runtime data: the SNP report (whose REPORT_DATA binds the runtime
 * data), the VCEK certificate chain (VCEK PEM then ASK/ARK PEM) and the UVM reference info
 * (COSE_Sign1 document; empty when the host gave none).
 */
public record AttestationEvidence(byte[] report, byte[] vcekCertChain, byte[] uvmReferenceInfo) {
  public AttestationEvidence {
    if (report == null || report.length == 0) {
      throw new IllegalArgumentException("attestation report is empty");
    }
    vcekCertChain = vcekCertChain == null ? new byte[0] : vcekCertChain;
    uvmReferenceInfo = uvmReferenceInfo == null ? new byte[0] : uvmReferenceInfo;
  }
}
