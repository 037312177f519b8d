package org.ccsidecar.skr.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ThimCertsTest {
  @Test
  void parsesTheHostCertificateJson() throws Exception {
    ThimCerts thim = ThimCerts.parseJson(SnpTestData.thimJson());
    assertEquals("7308000000000003", thim.tcbm());
    assertEquals(0x7308000000000003L, thim.tcb().raw());
    assertEquals("86400", thim.cacheControl());
    assertTrue(thim.vcekCert().startsWith("-----BEGIN CERTIFICATE-----"));
    assertEquals(2, thim.certificateChain().split("BEGIN CERTIFICATE").length - 1);
    assertFalse(thim.absent());
    assertEquals(
        thim, ThimCerts.parseBase64(Base64.getEncoder().encodeToString(SnpTestData.thimJson())));
    assertEquals(thim, ThimCerts.parseJson(thim.toJson()));
  }

  @Test
  void concatenationIsVcekThenChainAndMatchesThePemBundle() throws Exception {
    ThimCerts thim = ThimCerts.parseJson(SnpTestData.thimJson());
    AmdCertChain fromConcat = AmdCertChain.fromPem(thim.concatenatedPem());
    AmdCertChain fromBundle = AmdCertChain.fromPem(SnpTestData.pemChain());
    assertEquals(fromBundle.vcek(), fromConcat.vcek());
    assertEquals(fromBundle.ask(), fromConcat.ask());
    assertEquals(fromBundle.ark(), fromConcat.ark());
    assertEquals(
        new String(SnpTestData.pemChain(), StandardCharsets.US_ASCII).replaceAll("\\s", ""),
        new String(fromBundle.toPem(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
  }

  @Test
  void chainParsesFromBase64ThimJsonAsTheUvmFileHoldsIt() throws Exception {
    byte[] base64 = Base64.getEncoder().encode(SnpTestData.thimJson());
    AmdCertChain chain = AmdCertChain.parse(base64);
    assertEquals("SEV-VCEK -> SEV-Milan -> ARK-Milan", chain.describe());
    assertEquals("7308000000000003", chain.declaredTcb().orElseThrow().toHex());
    IOException e =
        assertThrows(IOException.class, () -> AmdCertChain.parse("bm90IGpzb24=".getBytes()));
    assertTrue(e.getMessage().startsWith("neither THIM JSON"), e.getMessage());
  }

  @Test
  void missingFieldsAndUnknownFieldsAreTolerated() throws Exception {
    ThimCerts thim = ThimCerts.parseJson("{\"tcbm\":\"1\",\"extra\":true}".getBytes());
    assertTrue(thim.absent());
    assertEquals(1, thim.tcb().raw());
  }

  @Test
  void malformedInputIsAnIoError() {
    assertThrows(IOException.class, () -> ThimCerts.parseJson("{\"tcbm\": ".getBytes()));
    assertThrows(IOException.class, () -> ThimCerts.parseJson("[]".getBytes()));
    assertThrows(IOException.class, () -> ThimCerts.parseJson("null".getBytes()));
    assertThrows(IOException.class, () -> ThimCerts.parseBase64("%%%"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ThimCerts.parseJson("{\"tcbm\":\"xyz\"}".getBytes()).tcb());
  }

  @Test
  void malformedJsonIsOneCleanLine() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> AmdCertChain.parse("{\"vcekCert\":\n".getBytes(StandardCharsets.UTF_8)));
    assertFalse(e.getMessage().contains("Source:"), e.getMessage());
    assertEquals(
        "not a THIM certificate JSON document: Unexpected end-of-input within/between Object"
            + " entries (line 2, column 1)",
        e.getMessage());
  }
}
