package org.ccsidecar.skr.uvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ccsidecar.skr.snp.AmdCertChain;
import org.ccsidecar.skr.snp.Pem;
import org.ccsidecar.skr.snp.SnpVerificationException;
import org.ccsidecar.skr.snp.TcbVersion;
import org.ccsidecar.skr.snp.ThimCerts;
import org.ccsidecar.skr.snp.VcekExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the certificate chain for a chip at a TCB from the configured source, as the Go sidecar's
 * CertFetcher does:
 *
 * <ul>
 *   <li>AzCache: {@code GET https://{endpoint}/{tee}/certificates/{chip id}/{tcb hex}?{api
 *       version}[&{client id}]} answers the PEM chain; its TCB is read from the VCEK.
 *   <li>AMD: {@code GET https://{endpoint}/{tee}/{chip
 *       id}?ucodeSPL=..&snpSPL=..&teeSPL=..&blSPL=..} answers the VCEK in DER, {@code
 *       .../{tee}/cert_chain} the ASK + ARK PEM; the TCB is the one asked for.
 *   <li>LocalTHIM: {@code GET http://{endpoint}} with {@code Metadata: true} answers THIM JSON.
 * </ul>
 */
public final class CertChainFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CertChainFetcher.class);

  private final CertCacheConfig config;
  private final CertHttpClient http;

  public CertChainFetcher(CertCacheConfig config, CertHttpClient http) {
    this.config = config;
    this.http = http;
  }

  public FetchedCertChain fetch(String chipIdHex, TcbVersion reportedTcb) throws IOException {
    CertCacheConfig.EndpointType type = config.type();
    LOG.info(
        "fetching the VCEK chain for TCB {} from {} ({})",
        reportedTcb.toHex(),
        config.endpoint(),
        type.configName());
    return switch (type) {
      case AZ_CACHE -> fromAzCache(chipIdHex, reportedTcb);
      case AMD -> fromAmd(chipIdHex, reportedTcb);
      case LOCAL_THIM -> fromLocalThim();
    };
  }

  private FetchedCertChain fromAzCache(String chipIdHex, TcbVersion tcb) throws IOException {
    String query = config.apiVersion();
    if (!config.clientId().isEmpty()) {
      query += "&" + config.clientId();
    } else {
      LOG.warn("no client_id configured for the AzCache certificate cache");
    }
    String url =
        config.baseUrl("https")
            + "/"
            + config.teeType()
            + "/certificates/"
            + chipIdHex
            + "/"
            + Long.toHexString(tcb.raw())
            + "?"
            + query;
    byte[] pem = http.get(url, Map.of());
    AmdCertChain chain = parseChain(pem, url);
    try {
      return new FetchedCertChain(pem, VcekExtensions.tcb(chain.vcek()));
    } catch (SnpVerificationException e) {
      throw new IOException("VCEK from " + url + ": " + e.getMessage(), e);
    }
  }

  private FetchedCertChain fromAmd(String chipIdHex, TcbVersion tcb) throws IOException {
    String base = config.baseUrl("https") + "/" + config.teeType();
    String vcekUrl =
        String.format(
            "%s/%s?ucodeSPL=%d&snpSPL=%d&teeSPL=%d&blSPL=%d",
            base, chipIdHex, tcb.microcode(), tcb.snp(), tcb.tee(), tcb.bootLoader());
    byte[] der = http.get(vcekUrl, Map.of());
    String vcekPem = Pem.certificate(der);
    String chainUrl = base + "/cert_chain";
    byte[] askArk = http.get(chainUrl, Map.of());
    byte[] pem =
        (vcekPem + new String(askArk, StandardCharsets.US_ASCII))
            .getBytes(StandardCharsets.US_ASCII);
    parseChain(pem, vcekUrl + " and " + chainUrl);
    return new FetchedCertChain(pem, tcb);
  }

  private FetchedCertChain fromLocalThim() throws IOException {
    String url = config.baseUrl("http");
    ThimCerts thim;
    try {
      thim = ThimCerts.parseJson(http.get(url, Map.of("Metadata", "true")));
    } catch (IOException e) {
      throw new IOException("THIM certificates from " + url + ": " + e.getMessage(), e);
    }
    try {
      return new FetchedCertChain(thim.concatenatedPem(), thim.tcb());
    } catch (IllegalArgumentException e) {
      throw new IOException("THIM certificates from " + url + ": " + e.getMessage(), e);
    }
  }

  private static AmdCertChain parseChain(byte[] pem, String source) throws IOException {
    try {
      return AmdCertChain.fromPem(pem);
    } catch (IOException e) {
      throw new IOException("certificates from " + source + ": " + e.getMessage(), e);
    }
  }
}
