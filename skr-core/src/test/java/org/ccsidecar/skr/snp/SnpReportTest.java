package org.ccsidecar.skr.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SnpReportTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void parsesTheRealReportsFields() throws Exception {
    SnpReport report = SnpReport.parse(SnpTestData.reportBytes());

    assertEquals(2, report.version());
    assertEquals(2, report.guestSvn());
    assertEquals(0x3001FL, report.policy());
    assertFalse(report.isDebuggable());
    assertEquals(0, report.vmpl());
    assertEquals(1, report.signatureAlgo());
    assertEquals("7308000000000003", report.reportedTcb().toHex());
    assertEquals(115, report.reportedTcb().microcode());
    assertEquals(8, report.reportedTcb().snp());
    assertEquals(3, report.reportedTcb().bootLoader());
    assertEquals(report.reportedTcb(), report.currentTcb());
    assertEquals(report.reportedTcb(), report.launchTcb());
    assertTrue(report.chipIdHex().startsWith("b12164b45a2a2742"));
    assertEquals(
        "51068107cdc7ee3d89c7821b05bca6147eb77b2005ae759050fc049b65a1b0beabc65a9d857acecf23225f5ec76849f5",
        HEX.formatHex(report.measurement()));
    assertEquals(
        "ee986ff2bd7e3f22e29f640918627816cf8e23b9d9c312767168eab68c861c71",
        HEX.formatHex(report.reportData(), 0, 32));
    assertArrayEquals(new byte[32], Arrays.copyOfRange(report.reportData(), 32, 64));
    // HOST_DATA is the SHA-256 of the decoded security policy the host launched the UVM with.
    byte[] policy =
        Base64.getDecoder()
            .decode(new String(SnpTestData.read("uvm_security_policy.base64")).strip());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(policy), report.hostData());
  }

  @Test
  void serializeIsByteIdenticalToWhatWasParsed() {
    byte[] original = SnpTestData.reportBytes();
    assertArrayEquals(original, SnpReport.parse(original).toBytes());
  }

  @Test
  void rebuildingFromEveryFieldReproducesTheReport() {
    byte[] original = SnpTestData.reportBytes();
    SnpReport r = SnpReport.parse(original);
    SnpReport rebuilt =
        SnpReport.builder()
            .version(r.version())
            .guestSvn(r.guestSvn())
            .policy(r.policy())
            .familyId(r.familyId())
            .imageId(r.imageId())
            .vmpl(r.vmpl())
            .signatureAlgo(r.signatureAlgo())
            .currentTcb(r.currentTcb())
            .platformInfo(r.platformInfo())
            .keyInfo(r.keyInfo())
            .reportData(r.reportData())
            .measurement(r.measurement())
            .hostData(r.hostData())
            .idKeyDigest(r.idKeyDigest())
            .authorKeyDigest(r.authorKeyDigest())
            .reportId(r.reportId())
            .reportIdMa(r.reportIdMa())
            .reportedTcb(r.reportedTcb())
            .cpuid(r.cpuid())
            .chipId(r.chipId())
            .committedTcb(r.committedTcb())
            .currentVersion(r.currentVersion())
            .committedVersion(r.committedVersion())
            .launchTcb(r.launchTcb())
            .signatureR(r.signatureR())
            .signatureS(r.signatureS())
            .build();
    assertArrayEquals(original, rebuilt.toBytes());
    assertEquals(r, rebuilt);
  }

  @Test
  void debugPolicyBitIsReported() {
    SnpReport r = SnpReport.parse(SnpTestData.reportBytes());
    SnpReport debug = r.toBuilder().policy(r.policy() | SnpReport.POLICY_DEBUG).build();
    assertTrue(debug.isDebuggable());
    assertEquals(0x0B, debug.toBytes()[0x0A]); // 0x03 (SMT, reserved) | 0x08 (DEBUG)
  }

  @Test
  void signedRegionIsTheFirst0x2A0Bytes() {
    byte[] original = SnpTestData.reportBytes();
    assertArrayEquals(Arrays.copyOf(original, 0x2A0), SnpReport.parse(original).signedRegion());
    assertArrayEquals(
        Arrays.copyOfRange(original, 0x2A0, 0x2A0 + 72), SnpReport.parse(original).signatureR());
    assertArrayEquals(
        Arrays.copyOfRange(original, 0x2E8, 0x2E8 + 72), SnpReport.parse(original).signatureS());
  }

  @Test
  void rejectsWrongSizes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SnpReport.parse(new byte[1183]));
    assertTrue(e.getMessage().contains("1184"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SnpReport.parse(new byte[1185]));
    assertThrows(IllegalArgumentException.class, () -> SnpReport.parse(null));
    assertThrows(IllegalArgumentException.class, () -> SnpReport.builder().hostData(new byte[31]));
  }

  @Test
  void parseCopiesItsInput() {
    byte[] original = SnpTestData.reportBytes();
    SnpReport r = SnpReport.parse(original);
    original[0xC0] ^= 1;
    assertEquals(
        "cadd74f71ebb8fbf9782baab649612520f3c416bc5ce9ac768808ddc8d9b031c",
        HEX.formatHex(r.hostData()));
  }
}
