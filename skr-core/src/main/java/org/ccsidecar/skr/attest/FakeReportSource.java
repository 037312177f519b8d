package org.ccsidecar.skr.attest;

import java.util.Arrays;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.TcbVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOT SECURE: makes reports with the real layout but a zero signature, for local runs against the
 * emulator. HOST_DATA is SHA-256 of the security policy, as the host would set it at launch. Used
 * only when explicitly requested; every report it makes is announced with a warning.
 */
public final class FakeReportSource implements AttestationReportSource {
  private static final Logger LOG = LoggerFactory.getLogger(FakeReportSource.class);

  /** Guest policy: ABI 0.31, SMT allowed, reserved bit 17 set, not debuggable. */
  static final long POLICY = 0x3001FL;

  /** The TCB of the real Milan report in testdata, so the fake looks like a current platform. */
  static final TcbVersion TCB = new TcbVersion(0x7308000000000003L);

  private final byte[] hostData;

  /**
   * @param securityPolicyBytes the decoded security policy (not its base64); its SHA-256 becomes
   *     HOST_DATA
   */
  public FakeReportSource(byte[] securityPolicyBytes) {
    this.hostData = ReportData.sha256(securityPolicyBytes);
  }

  @Override
  public byte[] fetchReport(byte[] reportData64) {
    ReportData.requireSize(reportData64);
    LOG.warn(
        "using a FAKE SEV-SNP attestation report (zero signature): only an emulator will accept it");
    return SnpReport.builder()
        .version(2)
        .guestSvn(1)
        .policy(POLICY)
        .familyId(filled(16, 0x01))
        .imageId(filled(16, 0x02))
        .vmpl(0)
        .signatureAlgo(SnpReport.SIGNATURE_ALGO_ECDSA_P384_SHA384)
        .currentTcb(TCB)
        .platformInfo(1)
        .reportData(reportData64)
        .measurement(filled(48, 0xAA))
        .hostData(hostData)
        .reportId(filled(32, 0x11))
        .reportIdMa(filled(32, 0xFF))
        .reportedTcb(TCB)
        .chipId(filled(64, 0xCC))
        .committedTcb(TCB)
        .launchTcb(TCB)
        .build()
        .toBytes();
  }

  @Override
  public String name() {
    return "fake";
  }

  private static byte[] filled(int size, int value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
