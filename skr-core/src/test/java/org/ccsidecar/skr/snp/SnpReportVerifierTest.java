package org.ccsidecar.skr.snp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SnpReportVerifierTest {
  private final SnpReportVerifier verifier = new SnpReportVerifier();

  @Test
  void realReportVerifiesWithThimJsonAndWithPem() throws Exception {
    SnpReport report = SnpReport.parse(SnpTestData.reportBytes());
    AmdCertChain fromJson = AmdCertChain.parse(SnpTestData.thimJson());
    AmdCertChain fromPem = AmdCertChain.parse(SnpTestData.pemChain());

    assertDoesNotThrow(() -> verifier.verify(report, fromJson));
    assertDoesNotThrow(() -> verifier.verify(report, fromPem));
    assertEquals("7308000000000003", fromJson.declaredTcb().orElseThrow().toHex());
    assertTrue(fromPem.declaredTcb().isEmpty());
    assertEquals("7308000000000003", VcekExtensions.tcb(fromPem.vcek()).toHex());
  }

  @Test
  void flippingAnySignedOrSignatureByteBreaksIt() throws Exception {
    AmdCertChain chain = AmdCertChain.parse(SnpTestData.thimJson());
    byte[] original = SnpTestData.reportBytes();
    List<Integer> positions = new ArrayList<>(List.of(0, 1, 0x50, 0xC0, 0x180, 0x1A0, 0x29F));
    // Signature R and S: first and last byte of the value and of the zero padding.
    positions.addAll(
        List.of(0x2A0, 0x2A0 + 47, 0x2A0 + 48, 0x2A0 + 71, 0x2E8, 0x2E8 + 47, 0x2E8 + 71));
    Random random = new Random(42);
    IntStream.range(0, 30).forEach(i -> positions.add(random.nextInt(0x2A0 + 144)));
    for (int position : positions) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] tampered = original.clone();
        tampered[position] ^= (byte) bit;
        SnpReport report = SnpReport.parse(tampered);
        // The chain does not change, so check the signature alone (the chain's RSA-4096 checks
        // dominate the cost); the full verify() runs on some of them below.
        assertThrows(
            SnpVerificationException.class,
            () -> verifier.verifySignature(report, chain.vcekKey()),
            "flipping bit " + bit + " at offset 0x" + Integer.toHexString(position));
        if (position % 16 == 0) {
          assertThrows(SnpVerificationException.class, () -> verifier.verify(report, chain));
        }
      }
    }
  }

  @Test
  void tamperedReportFailsBecauseOfTheSignature() throws Exception {
    byte[] tampered = SnpTestData.reportBytes();
    tampered[0xC0] ^= 1;
    SnpVerificationException e =
        assertThrows(
            SnpVerificationException.class,
            () ->
                verifier.verify(
                    SnpReport.parse(tampered), AmdCertChain.parse(SnpTestData.thimJson())));
    assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
  }

  @Test
  void wrongOrderIsRefusedNamingThePosition() throws Exception {
    AmdCertChain good = AmdCertChain.parse(SnpTestData.pemChain());
    String swapped =
        TestCertificates.pem(good.ask())
            + TestCertificates.pem(good.vcek())
            + TestCertificates.pem(good.ark());
    IOException e =
        assertThrows(
            IOException.class,
            () -> AmdCertChain.parse(swapped.getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("certificate 1 of 3 (CN=SEV-Milan)"), e.getMessage());

    String arkFirst =
        TestCertificates.pem(good.vcek())
            + TestCertificates.pem(good.ark())
            + TestCertificates.pem(good.ask());
    assertThrows(
        IOException.class, () -> AmdCertChain.parse(arkFirst.getBytes(StandardCharsets.US_ASCII)));
    String missingArk = TestCertificates.pem(good.vcek()) + TestCertificates.pem(good.ask());
    IOException missing =
        assertThrows(
            IOException.class,
            () -> AmdCertChain.parse(missingArk.getBytes(StandardCharsets.US_ASCII)));
    assertTrue(missing.getMessage().contains("found 2"), missing.getMessage());
  }

  @Test
  void foreignVcekIsRefused() throws Exception {
    AmdCertChain good = AmdCertChain.parse(SnpTestData.pemChain());
    KeyPair foreign = TestCertificates.p384();
    String pem =
        TestCertificates.pem(TestCertificates.issue("SEV-VCEK", foreign, "SEV-VCEK", foreign))
            + TestCertificates.pem(good.ask())
            + TestCertificates.pem(good.ark());
    AmdCertChain chain = AmdCertChain.parse(pem.getBytes(StandardCharsets.US_ASCII));
    SnpVerificationException e =
        assertThrows(
            SnpVerificationException.class,
            () -> verifier.verify(SnpReport.parse(SnpTestData.reportBytes()), chain));
    assertTrue(e.getMessage().contains("VCEK is not signed by the ASK"), e.getMessage());
  }

  @Test
  void selfMadeRootIsNotAnAmdRoot() throws Exception {
    KeyPair ark = TestCertificates.rsa();
    KeyPair ask = TestCertificates.rsa();
    KeyPair vcek = TestCertificates.p384();
    String pem =
        TestCertificates.pem(TestCertificates.issue("SEV-VCEK", vcek, "SEV-Milan", ask))
            + TestCertificates.pem(TestCertificates.issue("SEV-Milan", ask, "ARK-Milan", ark))
            + TestCertificates.pem(TestCertificates.issue("ARK-Milan", ark, "ARK-Milan", ark));
    AmdCertChain chain = AmdCertChain.parse(pem.getBytes(StandardCharsets.US_ASCII));
    SnpVerificationException e =
        assertThrows(SnpVerificationException.class, () -> verifier.verifyChain(chain));
    assertTrue(e.getMessage().contains("not one of AMD's root keys"), e.getMessage());
  }

  @Test
  void expiredVcekIsRefused() throws Exception {
    SnpReportVerifier in2030 =
        new SnpReportVerifier(
            AmdRootKeys.BUILT_IN,
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    SnpVerificationException e =
        assertThrows(
            SnpVerificationException.class,
            () ->
                in2030.verify(
                    SnpReport.parse(SnpTestData.reportBytes()),
                    AmdCertChain.parse(SnpTestData.thimJson())));
    assertTrue(e.getMessage().contains("CN=SEV-VCEK is not valid now"), e.getMessage());
  }

  @Test
  void fakeReportHasNoValidSignature() throws Exception {
    byte[] fake =
        new org.ccsidecar.skr.attest.FakeReportSource(new byte[] {1}).fetchReport(new byte[64]);
    SnpVerificationException e =
        assertThrows(
            SnpVerificationException.class,
            () ->
                verifier.verify(SnpReport.parse(fake), AmdCertChain.parse(SnpTestData.thimJson())));
    assertFalse(e.getMessage().isBlank());
  }
}
