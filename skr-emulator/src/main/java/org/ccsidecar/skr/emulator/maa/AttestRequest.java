package org.ccsidecar.skr.emulator.maa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.emulator.http.HttpError;

/**
 * The body of MAA's "Attest Sev Snp Vm" request: {@code report} is base64url of JSON {SnpReport,
 * VcekCertChain, Endorsements}; {@code runtimeData} is {data: base64url, dataType: JSON|Binary}.
 * Base64url is accepted with or without padding, as MAA does.
 */
record AttestRequest(byte[] snpReport, byte[] runtimeData, JsonNode runtimeJson, JsonNode nonce) {

  static AttestRequest parse(JsonNode body) {
    JsonNode reportJson = decodeJson(text(body, "report"), "report");
    byte[] snpReport = decode(text(reportJson, "SnpReport"), "report.SnpReport");
    JsonNode runtime = body.get("runtimeData");
    if (runtime == null || !runtime.isObject()) {
      throw invalid("runtimeData is missing: the emulator needs it to check REPORT_DATA");
    }
    byte[] data = decode(text(runtime, "data"), "runtimeData.data");
    String dataType = runtime.path("dataType").asText("");
    JsonNode runtimeJson = null;
    if ("JSON".equalsIgnoreCase(dataType)) {
      runtimeJson = parseJson(data, "runtimeData.data");
    } else if (!"Binary".equalsIgnoreCase(dataType)) {
      throw invalid("runtimeData.dataType must be JSON or Binary, got '" + dataType + "'");
    }
    return new AttestRequest(snpReport, data, runtimeJson, body.get("nonce"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw invalid(field + " is missing or not a string");
    }
    return value.asText();
  }

  private static byte[] decode(String value, String field) {
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid(field + " is not base64url: " + e.getMessage());
    }
  }

  private static JsonNode decodeJson(String value, String field) {
    return parseJson(decode(value, field), field);
  }

  private static JsonNode parseJson(byte[] data, String field) {
    try {
      JsonNode node = Exchanges.JSON.readTree(data);
      if (node == null || !node.isObject()) {
        throw invalid(field + " is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw invalid(field + " is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw invalid(field + " cannot be read: " + e.getMessage());
    }
  }

  static HttpError invalid(String message) {
    return new HttpError(400, "InvalidParameter", message);
  }
}
