package org.ccsidecar.skr.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.ccsidecar.skr.attest.FakeReportSource;
import org.ccsidecar.skr.emulator.pki.RsaKeys;
import org.ccsidecar.skr.snp.SnpReport;

/**
 * The client side of a release, written independently of the emulator for its tests: a wrapping key
 * whose JWK set is the runtime data, a fake report bound to it, the MAA request as the Go sidecar
 * builds it (padded base64url), and the checks and unwrap of the vault's answer.
 */
final class AttestingClient {
  static final java.util.Base64.Encoder B64URL_PADDED = java.util.Base64.getUrlEncoder();

  final KeyPair wrappingKey = RsaKeys.generate(2048);
  final byte[] runtimeData;

  AttestingClient() throws Exception {
    RSAPublicKey pub = (RSAPublicKey) wrappingKey.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("key_ops", List.of("encrypt"));
    jwk.put("kid", "wrapping-key");
    jwk.put("kty", "RSA");
    jwk.put(
        "n",
        com.nimbusds.jose.util.Base64URL.encode(unsigned(pub.getModulus().toByteArray()))
            .toString());
    jwk.put(
        "e",
        com.nimbusds.jose.util.Base64URL.encode(unsigned(pub.getPublicExponent().toByteArray()))
            .toString());
    runtimeData = EmulatorFixture.JSON.writeValueAsBytes(Map.of("keys", List.of(jwk)));
  }

  /** A fake report for {@code policy} bound to the runtime data, edited by {@code edit}. */
  byte[] report(byte[] policy, UnaryOperator<SnpReport.Builder> edit) throws Exception {
    byte[] reportData = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(runtimeData), 64);
    byte[] fake = new FakeReportSource(policy).fetchReport(reportData);
    return edit.apply(SnpReport.parse(fake).toBuilder()).build().toBytes();
  }

  Map<String, Object> attestRequest(byte[] report) throws Exception {
    Map<String, Object> maaReport = new LinkedHashMap<>();
    maaReport.put("SnpReport", B64URL_PADDED.encodeToString(report));
    maaReport.put(
        "VcekCertChain",
        B64URL_PADDED.encodeToString("not checked".getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "report", B64URL_PADDED.encodeToString(EmulatorFixture.JSON.writeValueAsBytes(maaReport)));
    body.put(
        "runtimeData",
        Map.of("data", B64URL_PADDED.encodeToString(runtimeData), "dataType", "JSON"));
    body.put("initTimeData", Map.of("data", "", "dataType", ""));
    body.put("nonce", 12345678901L);
    return body;
  }

  HttpResponse<String> attest(EmulatorFixture emulator, byte[] report) throws Exception {
    return emulator.post(
        emulator.endpoints.maa() + "/attest/SevSnpVm?api-version=2020-10-01",
        attestRequest(report),
        null);
  }

  String tokenForPolicy(EmulatorFixture emulator, byte[] policy) throws Exception {
    return token(emulator, report(policy, b -> b));
  }

  String token(EmulatorFixture emulator, byte[] report) throws Exception {
    HttpResponse<String> response = attest(emulator, report);
    if (response.statusCode() != 200) {
      throw new AssertionError("MAA answered " + response.statusCode() + ": " + response.body());
    }
    return EmulatorFixture.JSON.readTree(response.body()).get("token").asText();
  }

  /** Checks the release JWS (signature by x5c[0], chain to {@code root}) and unwraps the key. */
  byte[] unwrapRelease(String jws, X509Certificate root) throws Exception {
    JWSObject object = JWSObject.parse(jws);
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (Base64 cert : object.getHeader().getX509CertChain()) {
      chain.add(
          (X509Certificate)
              factory.generateCertificate(new java.io.ByteArrayInputStream(cert.decode())));
    }
    if (!object.verify(new RSASSAVerifier((RSAPublicKey) chain.get(0).getPublicKey()))) {
      throw new SecurityException("release JWS signature does not verify with x5c[0]");
    }
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(factory.generateCertPath(chain.subList(0, 1)), params);
    JsonNode payload = EmulatorFixture.JSON.readTree(object.getPayload().toString());
    String enc = payload.at("/request/enc").asText();
    JsonNode keyHsm =
        EmulatorFixture.JSON.readTree(
            java.util.Base64.getUrlDecoder()
                .decode(payload.at("/response/key/key/key_hsm").asText()));
    byte[] ciphertext = java.util.Base64.getUrlDecoder().decode(keyHsm.get("ciphertext").asText());
    return unwrap(enc, ciphertext);
  }

  byte[] unwrap(String enc, byte[] ciphertext) throws Exception {
    String hash =
        switch (enc) {
          case "CKM_RSA_AES_KEY_WRAP" -> "SHA-1";
          case "RSA_AES_KEY_WRAP_256" -> "SHA-256";
          case "RSA_AES_KEY_WRAP_384" -> "SHA-384";
          default -> throw new IllegalArgumentException(enc);
        };
    int modulus = ((RSAPrivateCrtKey) wrappingKey.getPrivate()).getModulus().bitLength() / 8;
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        Cipher.DECRYPT_MODE,
        wrappingKey.getPrivate(),
        new OAEPParameterSpec(
            hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
    byte[] aesKey = rsa.doFinal(ciphertext, 0, modulus);
    Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
    kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
    return kwp.doFinal(ciphertext, modulus, ciphertext.length - modulus);
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement.length > 1 && twosComplement[0] == 0
        ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
        : twosComplement;
  }
}
