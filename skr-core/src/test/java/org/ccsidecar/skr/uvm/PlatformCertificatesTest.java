package org.ccsidecar.skr.uvm;

import static org.ccsidecar.skr.uvm.CertServer.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccsidecar.skr.attest.AttestationReportSource;
import org.ccsidecar.skr.snp.SnpTestData;
import org.ccsidecar.skr.snp.ThimCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlatformCertificatesTest {
  private final CertServer server;
  private final ThimCerts hostCerts;
  private final CountingSource source = new CountingSource();

  PlatformCertificatesTest() throws IOException {
    server = new CertServer();
    hostCerts = ThimCerts.parseJson(SnpTestData.thimJson());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Hands out the real report, counting calls. */
  static final class CountingSource implements AttestationReportSource {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public byte[] fetchReport(byte[] reportData64) {
      calls.incrementAndGet();
      return SnpTestData.reportBytes();
    }

    @Override
    public String name() {
      return "test";
    }
  }

  private PlatformCertificates certificates(ThimCerts host) {
    CertCacheConfig thim = new CertCacheConfig("LocalTHIM", server.url() + "/thim", "", "", "");
    return new PlatformCertificates(
        host, new CertChainFetcher(thim, CertChainFetcherTest.fastHttp()));
  }

  private static ThimCerts withTcbm(ThimCerts certs, String tcbm) {
    return new ThimCerts(certs.vcekCert(), tcbm, certs.certificateChain(), certs.cacheControl());
  }

  @Test
  void matchingHostCertificatesAreUsedWithoutFetching() throws Exception {
    PlatformCertificates.ReportAndCerts result =
        certificates(hostCerts).fetchReport(source, new byte[64]);
    assertArrayEquals(hostCerts.concatenatedPem(), result.vcekCertChain());
    assertArrayEquals(SnpTestData.reportBytes(), result.report());
    assertEquals(0, server.requests.size());
    assertEquals(1, source.calls.get());
  }

  @Test
  void staleHostCertificatesAreRefreshedOnceAndTheRefreshIsKept() throws Exception {
    server.on("/thim", ok(SnpTestData.thimJson()));
    PlatformCertificates certs = certificates(withTcbm(hostCerts, "7308000000000002"));

    PlatformCertificates.ReportAndCerts first = certs.fetchReport(source, new byte[64]);
    PlatformCertificates.ReportAndCerts second = certs.fetchReport(source, new byte[64]);

    assertArrayEquals(hostCerts.concatenatedPem(), first.vcekCertChain());
    assertArrayEquals(first.vcekCertChain(), second.vcekCertChain());
    assertEquals(1, server.requests.size());
    assertEquals(2, source.calls.get());
  }

  @Test
  void absentHostCertificatesAreFetchedForTheReportsChip() throws Exception {
    server.on("/thim", ok(SnpTestData.thimJson()));
    PlatformCertificates.ReportAndCerts result =
        certificates(new ThimCerts(null, null, null, null)).fetchReport(source, new byte[64]);
    assertArrayEquals(hostCerts.concatenatedPem(), result.vcekCertChain());
    assertEquals(1, server.requests.size());
  }

  @Test
  void persistentMismatchRefetchesTheReportThenFails() {
    server.on("/thim", ok(withTcbm(hostCerts, "7308000000000001").toJson()));
    PlatformCertificates certs = certificates(withTcbm(hostCerts, "7308000000000002"));

    IOException e = assertThrows(IOException.class, () -> certs.fetchReport(source, new byte[64]));

    assertTrue(e.getMessage().contains("TCB 7308000000000003"), e.getMessage());
    assertTrue(e.getMessage().contains("7308000000000001"), e.getMessage());
    assertEquals(2, source.calls.get());
    assertEquals(2, server.requests.size());
  }

  @Test
  void unreachableCacheIsReportedAsARefreshFailure() {
    PlatformCertificates certs = certificates(withTcbm(hostCerts, "0000000000000000"));
    IOException e = assertThrows(IOException.class, () -> certs.fetchReport(source, new byte[64]));
    assertTrue(
        e.getMessage().startsWith("refreshing the VCEK certificate chain failed"), e.getMessage());
  }
}
