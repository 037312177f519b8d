package org.ccsidecar.skr.maa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaaAttestRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // 0xFB.. bytes encode to '-' and '_' in URL-safe base64, and a 1184-byte report needs padding.
  private static final byte[] REPORT = filled(1184, 0xFB);
  private static final byte[] CHAIN =
      "-----BEGIN CERTIFICATE-----\nVCEK\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REFERENCE = filled(5, 0xFF);
  private static final byte[] RUNTIME = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void buildsTheNestedRequestWithUrlSafePaddedBase64() throws Exception {
    JsonNode body =
        JSON.readTree(
            MaaAttestRequest.build(
                new AttestationEvidence(REPORT, CHAIN, REFERENCE), RUNTIME, -1L));

    assertEquals(List.of("report", "runtimeData", "initTimeData", "nonce"), fieldNames(body));
    assertEquals("18446744073709551615", body.get("nonce").bigIntegerValue().toString());
    assertEquals("JSON", body.at("/runtimeData/dataType").asText());
    assertArrayEquals(RUNTIME, decode(body.at("/runtimeData/data").asText()));
    assertEquals("", body.at("/initTimeData/data").asText());

    String reportField = body.get("report").asText();
    assertUrlSafeWithPadding(reportField);
    JsonNode report = JSON.readTree(decode(reportField));
    assertEquals(List.of("SnpReport", "VcekCertChain", "Endorsements"), fieldNames(report));
    String snp = report.get("SnpReport").asText();
    assertUrlSafeWithPadding(snp);
    assertTrue(snp.contains("-") || snp.contains("_"), "URL-safe alphabet in use");
    assertTrue(snp.endsWith("="), "padding kept (1184 bytes is not a multiple of 3)");
    assertArrayEquals(REPORT, decode(snp));
    assertArrayEquals(CHAIN, decode(report.get("VcekCertChain").asText()));

    JsonNode endorsements = JSON.readTree(decode(report.get("Endorsements").asText()));
    assertEquals(1, endorsements.get("Uvm").size());
    assertArrayEquals(REFERENCE, decode(endorsements.get("Uvm").get(0).asText()));
  }

  @Test
  void leavesOutEndorsementsWithoutReferenceInfo() throws Exception {
    JsonNode body =
        JSON.readTree(
            MaaAttestRequest.build(new AttestationEvidence(REPORT, CHAIN, null), RUNTIME, 7L));
    JsonNode report = JSON.readTree(decode(body.get("report").asText()));
    assertFalse(report.has("Endorsements"));
    assertEquals(7L, body.get("nonce").asLong());
  }

  private static void assertUrlSafeWithPadding(String value) {
    assertFalse(value.contains("+") || value.contains("/"), "no standard-alphabet characters");
    assertEquals(0, value.length() % 4, "padded to a multiple of 4");
  }

  private static byte[] decode(String value) {
    return Base64.getUrlDecoder().decode(value);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static byte[] filled(int size, int value) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
