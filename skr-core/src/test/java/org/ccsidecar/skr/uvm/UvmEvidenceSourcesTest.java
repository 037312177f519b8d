package org.ccsidecar.skr.uvm;

import static org.ccsidecar.skr.uvm.CertServer.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Base64;
import org.ccsidecar.skr.attest.ReportData;
import org.ccsidecar.skr.maa.AttestationEvidence;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.SnpTestData;
import org.ccsidecar.skr.snp.ThimCerts;
import org.junit.jupiter.api.Test;

class UvmEvidenceSourcesTest {
  private static final byte[] REFERENCE = SnpTestData.read("body.uvm_reference_info.bin");
  private static final String POLICY_B64 =
      new String(SnpTestData.read("uvm_security_policy.base64")).strip();

  @Test
  void fakeEvidenceCarriesPolicyHashReportDataAndTheContextsCollateral() throws Exception {
    ThimCerts host = ThimCerts.parseJson(SnpTestData.thimJson());
    UvmSecurityContext context =
        new UvmSecurityContext(POLICY_B64, host, Base64.getEncoder().encodeToString(REFERENCE));
    byte[] reportData = ReportData.forRuntimeData("{\"keys\":[]}".getBytes());

    AttestationEvidence evidence = UvmEvidenceSources.fake(context).collect(reportData);

    SnpReport report = SnpReport.parse(evidence.report());
    assertArrayEquals(reportData, report.reportData());
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(POLICY_B64)),
        report.hostData());
    assertArrayEquals(host.concatenatedPem(), evidence.vcekCertChain());
    assertArrayEquals(REFERENCE, evidence.uvmReferenceInfo());
  }

  @Test
  void hardwareStyleEvidenceGetsAChainMatchingTheReportsTcb() throws Exception {
    try (CertServer server = new CertServer()) {
      server.on("/thim", ok(SnpTestData.thimJson()));
      UvmSecurityContext noHostCerts =
          new UvmSecurityContext(POLICY_B64, null, Base64.getEncoder().encodeToString(REFERENCE));
      CertChainFetcher fetcher =
          new CertChainFetcher(
              new CertCacheConfig("LocalTHIM", server.url() + "/thim", "", "", ""),
              CertChainFetcherTest.fastHttp());
      PlatformCertificatesTest.CountingSource source =
          new PlatformCertificatesTest.CountingSource();

      AttestationEvidence evidence =
          UvmEvidenceSources.of(source, noHostCerts, fetcher).collect(new byte[64]);

      assertArrayEquals(SnpTestData.reportBytes(), evidence.report());
      assertArrayEquals(
          ThimCerts.parseJson(SnpTestData.thimJson()).concatenatedPem(), evidence.vcekCertChain());
      assertArrayEquals(REFERENCE, evidence.uvmReferenceInfo());
      assertEquals(1, server.requests.size());
    }
  }
}
