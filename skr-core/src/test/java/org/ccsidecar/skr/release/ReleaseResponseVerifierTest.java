package org.ccsidecar.skr.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ccsidecar.skr.maa.WrappingKey;
import org.ccsidecar.skr.net.TlsTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReleaseResponseVerifierTest {
  private static final String HOST = "myhsm.managedhsm.azure.net";
  private static TestPki pki;
  private static TestPki.Leaf leaf;
  private static ReleaseResponseVerifier verifier;

  @BeforeAll
  static void setUp() throws Exception {
    pki = new TestPki("Test Vault CA");
    leaf = pki.leaf("*.managedhsm.azure.net", "*.managedhsm.azure.net", "127.0.0.1");
    verifier = new ReleaseResponseVerifier(TlsTrust.withExtraCas(List.of(pki.ca)));
  }

  @Test
  void acceptsAResponseFromTheVaultAndUnwrapsItsKey() throws Exception {
    WrappingKey wrappingKey = WrappingKey.generate();
    byte[] material = new byte[32];
    new SecureRandom().nextBytes(material);
    String jws = sign(payload(material, wrappingKey), leaf, List.of(leaf.certificate(), pki.ca));

    ReleasePayload payload = ReleasePayload.parse(verifier.verify(jws, HOST));

    assertEquals("oct-HSM", payload.kty());
    assertEquals(List.of("encrypt", "decrypt"), payload.keyOps());
    try (ReleasedKey key = payload.unwrap(wrappingKey.privateKey())) {
      assertArrayEquals(material, key.material());
    }
  }

  @Test
  void acceptsAnIpSanForALocalVault() throws Exception {
    String jws = sign("{}", leaf, List.of(leaf.certificate()));
    assertEquals("{}", verifier.verify(jws, "127.0.0.1"));
  }

  @Test
  void refusesATamperedPayload() throws Exception {
    String jws = sign("{\"a\":1}", leaf, List.of(leaf.certificate(), pki.ca));
    String[] parts = jws.split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.encode("{\"a\":2}".getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace('+', '-')
                .replace('/', '_')
                .replace("=", "")
            + "."
            + parts[2];
    assertRefused(tampered, HOST, "signature does not verify");
  }

  @Test
  void refusesAChainToAnUntrustedRoot() throws Exception {
    TestPki other = new TestPki("Other CA");
    TestPki.Leaf stranger = other.leaf(HOST, HOST);
    assertRefused(
        sign("{}", stranger, List.of(stranger.certificate(), other.ca)),
        HOST,
        "does not lead to a trusted root");
  }

  @Test
  void refusesASignatureByAKeyOtherThanTheLeaf() throws Exception {
    TestPki.Leaf other = pki.leaf(HOST, HOST);
    // signed by `other`, but x5c[0] is `leaf`
    assertRefused(
        sign("{}", other, List.of(leaf.certificate(), pki.ca)), HOST, "signature does not verify");
  }

  @Test
  void refusesALeafThatDoesNotNameTheVault() throws Exception {
    assertRefused(
        sign("{}", leaf, List.of(leaf.certificate(), pki.ca)),
        "myvault.vault.azure.net",
        "does not name the vault host myvault.vault.azure.net");
    // a wildcard covers one label only
    assertRefused(
        sign("{}", leaf, List.of(leaf.certificate(), pki.ca)),
        "a.b.managedhsm.azure.net",
        "does not name the vault host");
  }

  @Test
  void fallsBackToTheCommonNameWithoutDnsNames() throws Exception {
    TestPki.Leaf cnOnly = pki.leaf(HOST);
    assertEquals("{}", verifier.verify(sign("{}", cnOnly, List.of(cnOnly.certificate())), HOST));
  }

  @Test
  void refusesWhatIsNotASignedResponse() throws Exception {
    assertRefused("not-a-jws", HOST, "not a JWS");
    JWSObject unsignedChain = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{}"));
    unsignedChain.sign(new RSASSASigner(leaf.privateKey()));
    assertRefused(unsignedChain.serialize(), HOST, "no x5c");
  }

  private static void assertRefused(String jws, String host, String expected) {
    ReleaseRefusedException e =
        assertThrows(ReleaseRefusedException.class, () -> verifier.verify(jws, host));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  static String sign(String payload, TestPki.Leaf signer, List<X509Certificate> x5c)
      throws Exception {
    List<Base64> chain = new ArrayList<>();
    for (X509Certificate cert : x5c) {
      chain.add(Base64.encode(cert.getEncoded()));
    }
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertChain(chain).build(),
            new Payload(payload));
    jws.sign(new RSASSASigner(signer.privateKey()));
    return jws.serialize();
  }

  /** A release payload shaped as Key Vault's, with {@code material} wrapped for the key. */
  static String payload(byte[] material, WrappingKey wrappingKey) throws Exception {
    ObjectMapper json = new ObjectMapper();
    java.util.Base64.Encoder b64url = java.util.Base64.getUrlEncoder().withoutPadding();
    String algorithm = "RSA_AES_KEY_WRAP_256";
    byte[] wrapped = IndependentWrap.wrap(algorithm, material, wrappingKey.publicKey());
    String keyHsm =
        b64url.encodeToString(
            json.writeValueAsBytes(
                Map.of(
                    "schema_version", "1.0",
                    "header",
                        Map.of(
                            "kid",
                            "TpmEphemeralEncryptionKey",
                            "alg",
                            "dir",
                            "enc",
                            "CKM_RSA_AES_KEY_WRAP"),
                    "ciphertext", b64url.encodeToString(wrapped))));
    return json.writeValueAsString(
        Map.of(
            "request", Map.of("api-version", "7.4", "enc", algorithm, "kid", "k"),
            "response",
                Map.of(
                    "key",
                    Map.of(
                        "key",
                        Map.of(
                            "kid",
                            "https://vault/keys/k/1",
                            "kty",
                            "oct-HSM",
                            "key_ops",
                            List.of("encrypt", "decrypt"),
                            "key_hsm",
                            keyHsm)))));
  }
}
