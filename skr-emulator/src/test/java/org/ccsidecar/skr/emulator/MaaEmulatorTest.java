package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaaEmulatorTest {
  static final byte[] POLICY =
      "package policy\ndefault allow := true\n".getBytes(StandardCharsets.UTF_8);
  static EmulatorFixture emulator;
  static AttestingClient client;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmulatorFixture.shared("main");
    client = new AttestingClient();
  }

  @Test
  void tokenCarriesMaaSevSnpClaimsAndVerifiesWithCertsX5c() throws Exception {
    SignedJWT jwt = SignedJWT.parse(client.tokenForPolicy(emulator, POLICY));

    assertEquals(emulator.endpoints.maa() + "/certs", jwt.getHeader().getJWKURL().toString());
    JsonNode certs =
        EmulatorFixture.JSON.readTree(emulator.get(emulator.endpoints.maa() + "/certs").body());
    JsonNode key = certs.get("keys").get(0);
    assertEquals(jwt.getHeader().getKeyID(), key.get("kid").asText());
    assertNull(key.get("n"), "MAA publishes its keys as x5c only");
    RSAPublicKey publicKey =
        (RSAPublicKey)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        Base64.getDecoder().decode(key.get("x5c").get(0).asText())))
                .getPublicKey();
    assertTrue(jwt.verify(new RSASSAVerifier(publicKey)));

    Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
    assertEquals(emulator.endpoints.maa(), claims.get("iss"));
    assertEquals("sevsnpvm", claims.get("x-ms-attestation-type"));
    assertEquals("azure-compliant-uvm", claims.get("x-ms-compliance-status"));
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(POLICY)),
        claims.get("x-ms-sevsnpvm-hostdata"));
    assertEquals(false, claims.get("x-ms-sevsnpvm-is-debuggable"));
    assertEquals(0L, ((Number) claims.get("x-ms-sevsnpvm-vmpl")).longValue());
    assertEquals("aa".repeat(48), claims.get("x-ms-sevsnpvm-launchmeasurement"));
    JsonNode runtime = EmulatorFixture.JSON.valueToTree(claims.get("x-ms-runtime"));
    assertEquals(EmulatorFixture.JSON.readTree(client.runtimeData), runtime);
    assertTrue(
        jwt.getJWTClaimsSet().getExpirationTime().after(jwt.getJWTClaimsSet().getIssueTime()));
  }

  @Test
  void debugBitAndVmplComeFromTheReport() throws Exception {
    byte[] report = client.report(POLICY, b -> b.policy(0x3001FL | (1L << 19)).vmpl(2));
    Map<String, Object> claims =
        SignedJWT.parse(client.token(emulator, report)).getJWTClaimsSet().getClaims();
    assertEquals(true, claims.get("x-ms-sevsnpvm-is-debuggable"));
    assertEquals(2L, ((Number) claims.get("x-ms-sevsnpvm-vmpl")).longValue());
  }

  @Test
  void refusesReportDataThatDoesNotBindTheRuntimeData() throws Exception {
    byte[] report = client.report(POLICY, b -> b.reportData(new byte[64]));
    HttpResponse<String> response = client.attest(emulator, report);
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("REPORT_DATA"), response.body());
  }

  @Test
  void refusesAReportOfTheWrongSize() throws Exception {
    HttpResponse<String> response = client.attest(emulator, new byte[1000]);
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("1184"), response.body());
  }

  @Test
  void refusesGarbageWithoutFailingTheServer() throws Exception {
    HttpResponse<String> response =
        emulator.post(
            emulator.endpoints.maa() + "/attest/SevSnpVm?api-version=2020-10-01",
            Map.of("report", "!!"),
            null);
    assertEquals(400, response.statusCode());
    assertFalse(response.body().isEmpty());
    HttpResponse<String> notJson =
        emulator.http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        emulator.endpoints.maa() + "/attest/SevSnpVm?api-version=2020-10-01"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, notJson.statusCode());
  }

  @Test
  void publishesOpenIdConfiguration() throws Exception {
    JsonNode config =
        EmulatorFixture.JSON.readTree(
            emulator.get(emulator.endpoints.maa() + "/.well-known/openid-configuration").body());
    assertEquals(emulator.endpoints.maa(), config.get("issuer").asText());
    assertEquals(emulator.endpoints.maa() + "/certs", config.get("jwks_uri").asText());
  }
}
