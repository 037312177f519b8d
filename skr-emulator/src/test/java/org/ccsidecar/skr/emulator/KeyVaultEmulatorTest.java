package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.ImportKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyExportEncryptionAlgorithm;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyReleasePolicy;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.keys.models.ReleaseKeyOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.ccsidecar.skr.emulator.pki.RsaKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Azure SDK KeyClient against the emulator: only endpoint and trust differ. */
class KeyVaultEmulatorTest {
  static final byte[] POLICY =
      "package policy\ndefault mount_device := true\n".getBytes(StandardCharsets.UTF_8);
  static EmulatorFixture emulator;
  static KeyClient keys;
  static AttestingClient client;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmulatorFixture.shared("main");
    keys = emulator.keyClient();
    client = new AttestingClient();
  }

  static String releasePolicy(String authority) throws Exception {
    return releasePolicy(authority, POLICY);
  }

  static String releasePolicy(String authority, byte[] policy) throws Exception {
    String hostData = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(policy));
    return EmulatorFixture.JSON.writeValueAsString(
        Map.of(
            "version",
            "1.0.0",
            "anyOf",
            List.of(
                Map.of(
                    "authority",
                    authority,
                    "allOf",
                    List.of(
                        Map.of("claim", "x-ms-sevsnpvm-hostdata", "equals", hostData),
                        Map.of("claim", "x-ms-compliance-status", "equals", "azure-compliant-uvm"),
                        Map.of("claim", "x-ms-sevsnpvm-is-debuggable", "equals", "false"),
                        Map.of("claim", "x-ms-sevsnpvm-vmpl", "equals", "0"))))));
  }

  /**
   * Imports a fresh exportable oct-HSM key into {@code target} whose policy wants {@code policy};
   * returns the key bytes.
   */
  static byte[] importInto(EmulatorFixture target, String name, byte[] policy) throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    JsonWebKey jwk =
        JsonWebKey.fromAes(new SecretKeySpec(secret, "AES"), List.of(KeyOperation.WRAP_KEY))
            .setKeyType(KeyType.OCT_HSM);
    ImportKeyOptions options = new ImportKeyOptions(name, jwk).setHardwareProtected(true);
    options
        .setExportable(true)
        .setReleasePolicy(
            new KeyReleasePolicy(
                BinaryData.fromString(releasePolicy(target.endpoints.maa(), policy))));
    target.keyClient().importKey(options);
    return secret;
  }

  static KeyVaultKey importExportable(String name, JsonWebKey key) throws Exception {
    ImportKeyOptions options = new ImportKeyOptions(name, key).setHardwareProtected(true);
    options
        .setExportable(true)
        .setReleasePolicy(
            new KeyReleasePolicy(BinaryData.fromString(releasePolicy(emulator.endpoints.maa()))));
    return keys.importKey(options);
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void octHsmKeyImportsGetsAndReleasesWithTheDefaultWrap() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String name = uniqueName("oct");
    JsonWebKey jwk =
        JsonWebKey.fromAes(
                new SecretKeySpec(secret, "AES"),
                List.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY))
            .setKeyType(KeyType.OCT_HSM);
    KeyVaultKey imported = importExportable(name, jwk);
    assertEquals(KeyType.OCT_HSM, imported.getKeyType());
    assertTrue(
        imported.getId().startsWith(emulator.endpoints.vault() + "/keys/" + name + "/"),
        imported.getId());

    KeyVaultKey fetched = keys.getKey(name);
    assertEquals(imported.getId(), fetched.getId());
    assertTrue(fetched.getProperties().isExportable());
    assertEquals(
        EmulatorFixture.JSON.readTree(releasePolicy(emulator.endpoints.maa())),
        EmulatorFixture.JSON.readTree(
            fetched.getProperties().getReleasePolicy().getEncodedPolicy().toBytes()));

    String jws =
        keys.releaseKey(
                name, fetched.getProperties().getVersion(), client.tokenForPolicy(emulator, POLICY))
            .getValue();
    assertArrayEquals(secret, client.unwrapRelease(jws, emulator.caCertificate()));
  }

  @Test
  void rsaHsmKeyReleasesAsPkcs8WithRsaAesKeyWrap256() throws Exception {
    KeyPair pair = RsaKeys.generate(2048);
    String name = uniqueName("rsa");
    KeyVaultKey imported =
        importExportable(
            name, JsonWebKey.fromRsa(pair, List.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT)));
    assertEquals(KeyType.RSA_HSM, imported.getKeyType());
    assertArrayEquals(
        ((java.security.interfaces.RSAPublicKey) pair.getPublic()).getModulus().toByteArray(),
        new java.math.BigInteger(1, imported.getKey().getN()).toByteArray());

    String jws =
        keys.releaseKeyWithResponse(
                name,
                null,
                client.tokenForPolicy(emulator, POLICY),
                new ReleaseKeyOptions()
                    .setAlgorithm(KeyExportEncryptionAlgorithm.RSA_AES_KEY_WRAP_256),
                Context.NONE)
            .getValue()
            .getValue();
    assertArrayEquals(
        pair.getPrivate().getEncoded(), client.unwrapRelease(jws, emulator.caCertificate()));
    String payload = com.nimbusds.jose.JWSObject.parse(jws).getPayload().toString();
    assertEquals(
        "RSA_AES_KEY_WRAP_256", EmulatorFixture.JSON.readTree(payload).at("/request/enc").asText());
  }

  @Test
  void refusesWhenHostDataDiffersAndNamesTheClaim() throws Exception {
    String name = uniqueName("host");
    importExportable(name, octKey());
    String token =
        client.tokenForPolicy(emulator, "another policy".getBytes(StandardCharsets.UTF_8));
    assertRefusedNaming(name, token, "x-ms-sevsnpvm-hostdata");
  }

  @Test
  void refusesADebuggableGuestAndNamesTheClaim() throws Exception {
    String name = uniqueName("debug");
    importExportable(name, octKey());
    String token =
        client.token(emulator, client.report(POLICY, b -> b.policy(0x3001FL | (1L << 19))));
    assertRefusedNaming(name, token, "x-ms-sevsnpvm-is-debuggable");
  }

  @Test
  void refusesAnotherVmplAndNamesTheClaim() throws Exception {
    String name = uniqueName("vmpl");
    importExportable(name, octKey());
    String token = client.token(emulator, client.report(POLICY, b -> b.vmpl(1)));
    assertRefusedNaming(name, token, "x-ms-sevsnpvm-vmpl");
  }

  @Test
  void refusesATokenFromAnAuthorityThePolicyDoesNotName() throws Exception {
    String name = uniqueName("authority");
    importExportable(name, octKey());
    EmulatorFixture other = EmulatorFixture.shared("other");
    String foreign = client.tokenForPolicy(other, POLICY);
    HttpResponseException refused =
        assertThrows(HttpResponseException.class, () -> keys.releaseKey(name, null, foreign));
    assertEquals(403, refused.getResponse().getStatusCode());
    assertTrue(refused.getMessage().contains(other.endpoints.maa()), refused.getMessage());
  }

  @Test
  void refusesAnAttestationTokenWhoseClaimsWereEdited() throws Exception {
    String name = uniqueName("edited");
    importExportable(name, octKey());
    String token =
        client.token(emulator, client.report(POLICY, b -> b.policy(0x3001FL | (1L << 19))));
    String[] parts = token.split("\\.");
    String claims =
        com.nimbusds.jose.util.Base64URL.from(parts[1])
            .decodeToString()
            .replace(
                "\"x-ms-sevsnpvm-is-debuggable\":true", "\"x-ms-sevsnpvm-is-debuggable\":false");
    String edited =
        parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(claims) + "." + parts[2];
    HttpResponseException refused =
        assertThrows(HttpResponseException.class, () -> keys.releaseKey(name, null, edited));
    assertEquals(403, refused.getResponse().getStatusCode());
    assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
  }

  @Test
  void refusesAKeyImportedWithoutExport() throws Exception {
    String name = uniqueName("plain");
    keys.importKey(new ImportKeyOptions(name, octKey()).setHardwareProtected(true));
    String token = client.tokenForPolicy(emulator, POLICY);
    HttpResponseException refused =
        assertThrows(HttpResponseException.class, () -> keys.releaseKey(name, null, token));
    assertEquals(403, refused.getResponse().getStatusCode());
    assertTrue(refused.getMessage().contains("not exportable"), refused.getMessage());
  }

  @Test
  void answersWithoutATokenWithTheBearerChallengeTheSdkParses() throws Exception {
    HttpResponse<String> response =
        emulator.get(emulator.endpoints.vault() + "/keys/any?api-version=7.4");
    assertEquals(401, response.statusCode());
    assertEquals(
        "Bearer authorization=\"https://login.microsoftonline.com/"
            + org.ccsidecar.skr.emulator.identity.AccessTokens.TENANT_ID
            + "\", resource=\"https://vault.azure.net\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
  }

  @Test
  void refusesTokensItDidNotIssueOrForAnotherResource() throws Exception {
    String storageToken =
        emulator.imdsToken("https://storage.azure.com").get("access_token").asText();
    HttpResponse<String> wrongAudience =
        emulator.post(
            emulator.endpoints.vault() + "/keys/x/release?api-version=7.4",
            Map.of("target", "t"),
            storageToken);
    assertEquals(401, wrongAudience.statusCode());
    assertTrue(wrongAudience.body().contains("audience"), wrongAudience.body());

    String mine = emulator.imdsToken("https://vault.azure.net").get("access_token").asText();
    String[] parts = mine.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    HttpResponse<String> forgedResponse =
        emulator.post(
            emulator.endpoints.vault() + "/keys/x/release?api-version=7.4",
            Map.of("target", "t"),
            forged);
    assertEquals(401, forgedResponse.statusCode());
  }

  @Test
  void imdsAcceptsTheDoubledSlashMsalSends() throws Exception {
    HttpResponse<String> response =
        emulator.http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        emulator.endpoints.imds()
                            + "//metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net"))
                .header("Metadata", "true")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        "https://vault.azure.net",
        EmulatorFixture.JSON.readTree(response.body()).get("resource").asText());
  }

  @Test
  void imdsRequiresTheMetadataHeader() throws Exception {
    HttpResponse<String> response =
        emulator.get(
            emulator.endpoints.imds()
                + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net");
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("metadata header"), response.body());
  }

  private static JsonWebKey octKey() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return JsonWebKey.fromAes(new SecretKeySpec(secret, "AES"), List.of(KeyOperation.WRAP_KEY))
        .setKeyType(KeyType.OCT_HSM);
  }

  private static void assertRefusedNaming(String name, String token, String claim) {
    HttpResponseException refused =
        assertThrows(HttpResponseException.class, () -> keys.releaseKey(name, null, token));
    assertEquals(403, refused.getResponse().getStatusCode());
    assertTrue(refused.getMessage().contains("claim '" + claim + "'"), refused.getMessage());
  }
}
