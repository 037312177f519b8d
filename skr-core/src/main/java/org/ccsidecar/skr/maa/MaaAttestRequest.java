package org.ccsidecar.skr.maa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of MAA's "Attest SevSnpVm" call, built as the Go sidecar builds it: every binary field
 * is URL-safe base64 with padding; {@code report} wraps a JSON object holding the SNP report, the
 * VCEK chain and the UVM endorsements; the runtime data is the JWK set as JSON.
 */
public final class MaaAttestRequest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder();

  private MaaAttestRequest() {}

  /** The request body; {@code nonce} is sent as an unsigned 64-bit number. */
  public static byte[] build(AttestationEvidence evidence, byte[] runtimeData, long nonce) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("SnpReport", B64URL.encodeToString(evidence.report()));
    report.put("VcekCertChain", B64URL.encodeToString(evidence.vcekCertChain()));
    if (evidence.uvmReferenceInfo().length > 0) {
      Map<String, Object> endorsements =
          Map.of("Uvm", List.of(B64URL.encodeToString(evidence.uvmReferenceInfo())));
      report.put("Endorsements", B64URL.encodeToString(toJson(endorsements)));
    }

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("report", B64URL.encodeToString(toJson(report)));
    body.put("runtimeData", attestedData(B64URL.encodeToString(runtimeData), "JSON"));
    // The Go client always sends initTimeData, empty: MAA accepts only JSON there, not Rego.
    body.put("initTimeData", attestedData("", ""));
    body.put("nonce", new BigInteger(Long.toUnsignedString(nonce)));
    return toJson(body);
  }

  private static Map<String, Object> attestedData(String data, String dataType) {
    Map<String, Object> attested = new LinkedHashMap<>();
    attested.put("data", data);
    attested.put("dataType", dataType);
    return attested;
  }

  private static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the MAA request", e);
    }
  }
}
