package org.ccsidecar.skr.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ccsidecar.skr.snp.SnpReport;
import org.junit.jupiter.api.Test;

class FakeReportSourceTest {
  @Test
  void fakeReportHasTheRealLayoutWithPolicyHashAndReportData() throws Exception {
    byte[] policy = "package policy\nallow := true\n".getBytes(StandardCharsets.UTF_8);
    byte[] reportData = ReportData.forRuntimeData("{\"keys\":[]}".getBytes(StandardCharsets.UTF_8));

    byte[] raw = new FakeReportSource(policy).fetchReport(reportData);

    assertEquals(1184, raw.length);
    byte[] policyHash = MessageDigest.getInstance("SHA-256").digest(policy);
    assertArrayEquals(policyHash, Arrays.copyOfRange(raw, 0xC0, 0xE0));
    assertArrayEquals(reportData, Arrays.copyOfRange(raw, 0x50, 0x90));
    assertEquals(2, raw[0]);
    SnpReport report = SnpReport.parse(raw);
    assertEquals(2, report.version());
    assertEquals(0, report.vmpl());
    assertFalse(report.isDebuggable());
    assertEquals(SnpReport.SIGNATURE_ALGO_ECDSA_P384_SHA384, report.signatureAlgo());
    assertArrayEquals(new byte[72], report.signatureR());
    assertArrayEquals(new byte[72], report.signatureS());
    assertEquals(report.reportedTcb(), report.currentTcb());
  }

  @Test
  void reportDataIsSha256ThenZeros() throws Exception {
    byte[] runtime = "runtime".getBytes(StandardCharsets.UTF_8);
    byte[] reportData = ReportData.forRuntimeData(runtime);
    assertEquals(64, reportData.length);
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(runtime), Arrays.copyOf(reportData, 32));
    assertArrayEquals(new byte[32], Arrays.copyOfRange(reportData, 32, 64));
  }

  @Test
  void reportDataMustBe64Bytes() {
    FakeReportSource fake = new FakeReportSource(new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> fake.fetchReport(new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> fake.fetchReport(new byte[65]));
  }
}
