package org.ccsidecar.skr.uvm;

import static org.ccsidecar.skr.uvm.CertServer.ok;
import static org.ccsidecar.skr.uvm.CertServer.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ccsidecar.skr.snp.AmdCertChain;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.SnpTestData;
import org.ccsidecar.skr.snp.ThimCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CertChainFetcherTest {
  private final CertServer server;
  private final SnpReport report = SnpReport.parse(SnpTestData.reportBytes());
  private final String chip = report.chipIdHex();

  CertChainFetcherTest() throws IOException {
    server = new CertServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static CertHttpClient fastHttp() {
    return new CertHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(2), 2, Duration.ZERO);
  }

  private FetchedCertChain fetch(CertCacheConfig config) throws IOException {
    return new CertChainFetcher(config, fastHttp()).fetch(chip, report.reportedTcb());
  }

  @Test
  void azCacheAsksByChipAndTcbAndReadsTheTcbFromTheVcek() throws Exception {
    server.on(
        "/SevSnpVM/certificates/"
            + chip
            + "/7308000000000003?api-version=2020-10-15-preview&clientId=ConfidentialACI",
        ok(SnpTestData.pemChain()));
    CertCacheConfig config =
        new CertCacheConfig(
            "AzCache",
            server.url(),
            "SevSnpVM",
            "api-version=2020-10-15-preview",
            "clientId=ConfidentialACI");

    FetchedCertChain chain = fetch(config);

    assertArrayEquals(SnpTestData.pemChain(), chain.pem());
    assertEquals("7308000000000003", chain.tcb().toHex());
    assertEquals(1, server.requests.size());
  }

  @Test
  void amdKdsGivesTheVcekInDerAndTheChainSeparately() throws Exception {
    AmdCertChain real = AmdCertChain.parse(SnpTestData.pemChain());
    ThimCerts thim = ThimCerts.parseJson(SnpTestData.thimJson());
    server
        .on(
            "/vcek/v1/Milan/" + chip + "?ucodeSPL=115&snpSPL=8&teeSPL=0&blSPL=3",
            ok(real.vcek().getEncoded()))
        .on(
            "/vcek/v1/Milan/cert_chain",
            ok(thim.certificateChain().getBytes(StandardCharsets.US_ASCII)));
    CertCacheConfig config = new CertCacheConfig("AMD", server.url() + "/vcek/v1", "Milan", "", "");

    FetchedCertChain chain = fetch(config);

    AmdCertChain parsed = AmdCertChain.fromPem(chain.pem());
    assertEquals(real.vcek(), parsed.vcek());
    assertEquals(real.ark(), parsed.ark());
    assertEquals(report.reportedTcb(), chain.tcb());
  }

  @Test
  void localThimSendsTheMetadataHeaderAndUsesTcbm() throws Exception {
    server.on("/metadata/THIM/amd/certification", ok(SnpTestData.thimJson()));
    CertCacheConfig config =
        new CertCacheConfig(
            "LocalTHIM", server.url() + "/metadata/THIM/amd/certification", "", "", "");

    FetchedCertChain chain = fetch(config);

    ThimCerts thim = ThimCerts.parseJson(SnpTestData.thimJson());
    assertArrayEquals(thim.concatenatedPem(), chain.pem());
    assertEquals("7308000000000003", chain.tcb().toHex());
    assertEquals("true", server.requests.get(0).metadataHeader());
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws Exception {
    server.on("/thim", status(503), status(429), ok(SnpTestData.thimJson()));
    FetchedCertChain chain =
        fetch(new CertCacheConfig("LocalTHIM", server.url() + "/thim", "", "", ""));
    assertEquals("7308000000000003", chain.tcb().toHex());
    assertEquals(3, server.requests.size());
  }

  @Test
  void givesUpAfterTwoRetries() {
    server.on("/thim", status(500));
    IOException e =
        assertThrows(
            IOException.class,
            () -> fetch(new CertCacheConfig("LocalTHIM", server.url() + "/thim", "", "", "")));
    assertTrue(e.getMessage().contains("after 3 attempts: HTTP 500"), e.getMessage());
    assertEquals(3, server.requests.size());
  }

  @Test
  void clientErrorsAreNotRetried() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> fetch(new CertCacheConfig("LocalTHIM", server.url() + "/missing", "", "", "")));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(1, server.requests.size());
  }

  @Test
  void aSlowServerTimesOut() {
    server.on("/slow", new CertServer.Answer(200, SnpTestData.thimJson(), 1_500));
    CertHttpClient impatient =
        new CertHttpClient(Duration.ofMillis(500), Duration.ofMillis(300), 0, Duration.ZERO);
    CertCacheConfig config = new CertCacheConfig("LocalTHIM", server.url() + "/slow", "", "", "");
    IOException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(3),
            () ->
                assertThrows(
                    IOException.class,
                    () ->
                        new CertChainFetcher(config, impatient).fetch(chip, report.reportedTcb())));
    assertTrue(e.getMessage().contains("Timeout"), e.getMessage());
  }

  @Test
  void garbageAnswersAreRefused() {
    server.on(
        "/SevSnpVM/certificates/" + chip + "/7308000000000003?api-version=1",
        ok("<html>".getBytes()));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                fetch(
                    new CertCacheConfig("AzCache", server.url(), "SevSnpVM", "api-version=1", "")));
    assertTrue(e.getMessage().contains("cannot read the certificates"), e.getMessage());
  }

  @Test
  void configurationNamesAndDefaults() {
    assertEquals(CertCacheConfig.EndpointType.AZ_CACHE, CertCacheConfig.azureDefault().type());
    assertEquals(CertCacheConfig.EndpointType.AMD, CertCacheConfig.amdMilan().type());
    assertEquals(
        CertCacheConfig.EndpointType.LOCAL_THIM,
        new CertCacheConfig(null, null, null, null, null).type());
    assertEquals(
        "http://169.254.169.254/metadata/THIM/amd/certification",
        new CertCacheConfig(null, null, null, null, null).baseUrl("http"));
    assertEquals("https://kdsintf.amd.com/vcek/v1", CertCacheConfig.amdMilan().baseUrl("https"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CertCacheConfig("Nope", "x", "", "", "").type());
    assertTrue(e.getMessage().contains("AzCache, AMD, LocalTHIM"), e.getMessage());
  }
}
