package org.ccsidecar.skr.cli;

import static org.ccsidecar.skr.cli.SkrCliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ccsidecar.skr.snp.SnpTestData;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkrCliTest {
  @TempDir Path dir;

  private static String report() {
    return TestData.snp("snp_report.bin").toString();
  }

  @Test
  void verifyPrintsASummaryForTheRealReport() {
    for (String certs :
        new String[] {"uvm_host_amd_certificate.json", "uvm_host_amd_certificate.pem"}) {
      SkrCliRun r =
          run("report", "verify", "--report", report(), "--certs", TestData.snp(certs).toString());
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains("chain SEV-VCEK -> SEV-Milan -> ARK-Milan holds"), r.out());
      assertTrue(r.out().contains("version:      2"), r.out());
      assertTrue(r.out().contains("vmpl:         0"), r.out());
      assertTrue(r.out().contains("debuggable:   false"), r.out());
      assertTrue(
          r.out()
              .contains(
                  "host_data:    cadd74f71ebb8fbf9782baab649612520f3c416bc5ce9ac768808ddc8d9b031c"),
          r.out());
      assertTrue(r.out().contains("reported_tcb: 7308000000000003"), r.out());
      assertTrue(r.out().contains("chip_id:      b12164b45a2a2742..."), r.out());
    }
  }

  @Test
  void tamperedReportExitsOneWithOneLine() throws Exception {
    byte[] tampered = SnpTestData.reportBytes();
    tampered[0x90] ^= 0x40;
    Path file = Files.write(dir.resolve("tampered.bin"), tampered);
    SkrCliRun r =
        run(
            "report",
            "verify",
            "--report",
            file.toString(),
            "--certs",
            TestData.snp("uvm_host_amd_certificate.json").toString());
    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("signature does not verify"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals("", r.out());
  }

  @Test
  void unreadableInputsExitOne() throws Exception {
    SkrCliRun missing =
        run("report", "verify", "--report", dir.resolve("nope").toString(), "--certs", report());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());

    Path garbage = Files.writeString(dir.resolve("certs.json"), "{\"vcekCert\": 5, ");
    SkrCliRun badJson =
        run("report", "verify", "--report", report(), "--certs", garbage.toString());
    assertEquals(1, badJson.exit());
    assertEquals(1, badJson.err().strip().lines().count(), badJson.err());

    Path shortReport = Files.write(dir.resolve("short.bin"), new byte[100]);
    SkrCliRun tooShort =
        run(
            "report",
            "verify",
            "--report",
            shortReport.toString(),
            "--certs",
            TestData.snp("uvm_host_amd_certificate.pem").toString());
    assertEquals(1, tooShort.exit());
    assertTrue(tooShort.err().contains("1184"), tooShort.err());
  }

  @Test
  void hostileCertificateFilesFailWithOneLine() throws Exception {
    byte[] noise = new byte[5000];
    new Random(7).nextBytes(noise);
    String[] inputs = {
      "-----BEGIN CERTIFICATE-----\nAAAA!!\n-----END CERTIFICATE-----\n",
      "{\"vcekCert\": \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\"}",
      "{\"vcekCert\": \"\", \"certificateChain\": \"\"}",
      new String(noise, StandardCharsets.ISO_8859_1),
      ""
    };
    for (String input : inputs) {
      Path certs = Files.writeString(dir.resolve("certs"), input, StandardCharsets.ISO_8859_1);
      SkrCliRun r = run("report", "verify", "--report", report(), "--certs", certs.toString());
      assertEquals(1, r.exit(), input + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("skr report verify: certificates "), r.err());
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run("report", "verify", "--report", report()).exit());
    assertEquals(2, run("report", "verify", "--bogus").exit());
    assertEquals(2, run().exit());
    assertEquals(2, run("report").exit());
    SkrCliRun badLevel = run("--log-level", "loud", "report");
    assertEquals(2, badLevel.exit());
    assertEquals(1, badLevel.err().strip().lines().count(), badLevel.err());
  }

  @Test
  void logLevelIsAcceptedOnSubcommands() {
    SkrCliRun r =
        run(
            "report",
            "verify",
            "--log-level",
            "debug",
            "--report",
            report(),
            "--certs",
            TestData.snp("uvm_host_amd_certificate.pem").toString());
    assertEquals(0, r.exit(), r.err());
  }
}
