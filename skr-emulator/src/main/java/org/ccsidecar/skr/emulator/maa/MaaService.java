package org.ccsidecar.skr.emulator.maa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ccsidecar.skr.attest.ReportData;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.emulator.http.HttpError;
import org.ccsidecar.skr.emulator.pki.CertificateChain;
import org.ccsidecar.skr.snp.SnpReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Azure Attestation for SEV-SNP: {@code POST /attest/SevSnpVm}, {@code GET /certs},
 * {@code GET /.well-known/openid-configuration}.
 *
 * <p>NOT SECURE: it cannot check the report's signature (fake reports carry none), nor the VCEK
 * chain, nor UVM endorsements; it accepts any report with a sound layout. It does check that
 * REPORT_DATA begins with SHA-256 of the runtime data, which is what binds the wrapping key.
 */
public final class MaaService implements HttpHandler {
  public static final String API_VERSION = "2020-10-01";
  private static final Logger LOG = LoggerFactory.getLogger(MaaService.class);

  private final MaaSigner signer;

  public MaaService(KeyPair signingKey, CertificateChain chain, String issuer) {
    this.signer = new MaaSigner(signingKey, chain, issuer);
  }

  /** The paths this service answers, for the server to route. */
  public static List<String> paths() {
    return List.of("/attest/", "/certs", "/.well-known/openid-configuration");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = String.join("/", Exchanges.segments(exchange));
    switch (path) {
      case "certs" -> {
        Exchanges.requireMethod(exchange, "GET");
        Exchanges.sendJson(exchange, 200, signer.jwks());
      }
      case ".well-known/openid-configuration" -> {
        Exchanges.requireMethod(exchange, "GET");
        Exchanges.sendJson(exchange, 200, openIdConfiguration());
      }
      case "attest/SevSnpVm" -> {
        Exchanges.requireMethod(exchange, "POST");
        attest(exchange);
      }
      default ->
          throw HttpError.notFound(
              "NotFound", "the MAA emulator serves /attest/SevSnpVm only, not /" + path);
    }
  }

  private void attest(HttpExchange exchange) throws IOException {
    String apiVersion = Exchanges.query(exchange).get("api-version");
    if (apiVersion == null || apiVersion.isBlank()) {
      throw AttestRequest.invalid("the api-version query parameter is required");
    }
    AttestRequest request = AttestRequest.parse(Exchanges.jsonBody(exchange));
    SnpReport report = parseReport(request.snpReport());
    byte[] expected = Arrays.copyOf(ReportData.forRuntimeData(request.runtimeData()), 32);
    byte[] bound = Arrays.copyOf(report.reportData(), 32);
    if (!MessageDigest.isEqual(expected, bound)) {
      throw AttestRequest.invalid(
          "REPORT_DATA[0..32] is "
              + HexFormat.of().formatHex(bound)
              + " but SHA-256 of runtimeData.data is "
              + HexFormat.of().formatHex(expected));
    }
    Map<String, Object> claims = SevSnpClaims.of(report, request.runtimeJson());
    LOG.warn(
        "MAA emulator: accepting an SNP report WITHOUT checking its signature or VCEK chain"
            + " (host_data {}, vmpl {}, debuggable {})",
        claims.get("x-ms-sevsnpvm-hostdata"),
        report.vmpl(),
        report.isDebuggable());
    Exchanges.sendJson(exchange, 200, Map.of("token", signer.sign(claims)));
  }

  private static SnpReport parseReport(byte[] bytes) {
    SnpReport report;
    try {
      report = SnpReport.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw AttestRequest.invalid("report.SnpReport: " + e.getMessage());
    }
    if (report.version() < 2) {
      throw AttestRequest.invalid(
          "report.SnpReport: version "
              + report.version()
              + " is not an SEV-SNP report (2 or later)");
    }
    if (report.signatureAlgo() != SnpReport.SIGNATURE_ALGO_ECDSA_P384_SHA384) {
      throw AttestRequest.invalid(
          "report.SnpReport: signature algorithm "
              + report.signatureAlgo()
              + " is not ECDSA P-384 with SHA-384 (1)");
    }
    if (report.vmpl() > 3) {
      throw AttestRequest.invalid("report.SnpReport: VMPL " + report.vmpl() + " is out of range");
    }
    return report;
  }

  private Map<String, Object> openIdConfiguration() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("issuer", signer.issuer());
    config.put("jwks_uri", signer.issuer() + "/certs");
    config.put("id_token_signing_alg_values_supported", List.of("RS256"));
    config.put("response_types_supported", List.of("token", "none"));
    config.put("claims_supported", List.of("x-ms-attestation-type", "x-ms-runtime"));
    return config;
  }
}
