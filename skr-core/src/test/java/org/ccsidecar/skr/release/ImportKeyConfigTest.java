package org.ccsidecar.skr.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Go importkey configuration schema, the release policy built from it, and key blobs. */
class ImportKeyConfigTest {
  // tools/importkey/README.MD's example, as users have it
  private static final String GO_EXAMPLE =
      """
      {
          "key":{
              "kid": "AttestationContainer2",
              "kty": "RSA-HSM",
              "authority": { "endpoint": "sharedneu.neu.attest.azure.net" },
              "akv": {
                  "endpoint": "myhsm.managedhsm.azure.net",
                  "api_version": "api-version=7.4",
                  "bearer_token": "secret-token"
              }
          },
          "key_derivation":{
              "salt": "92a631483ca875aad7e2477da755d58cac3876b77d10bcdd7b33bfa11e7d8b8e",
              "label": "Model Encryption Key"
          },
          "claims":[
              [
                  { "claim": "x-ms-sevsnpvm-hostdata",
                    "equals": "99e1abd344fc0989288c44fde8de3b2a248b1b95814df8955d0c305a7db46680" },
                  { "claim": "x-ms-compliance-status", "equals": "azure-compliant-uvm" },
                  { "claim": "x-ms-sevsnpvm-is-debuggable", "equals": "false" },
                  { "claim": "x-ms-sevsnpvm-vmpl", "equals": "0" }
              ]
          ],
          "identity": { "client_id": "abc" }
      }
      """;

  @Test
  void readsTheGoImportKeyConfiguration() {
    ImportKeyConfig config = parse(GO_EXAMPLE);
    KeyBlob key = config.key();
    assertEquals("AttestationContainer2", key.keyName());
    assertNull(key.keyVersion());
    assertEquals("RSA-HSM", key.kty());
    assertEquals("sharedneu.neu.attest.azure.net", key.authority().endpoint());
    assertEquals("myhsm.managedhsm.azure.net", key.akv().endpoint());
    assertTrue(key.akv().hasBearerToken());
    assertFalse(key.toString().contains("secret-token"), "bearer token redacted: " + key);
    assertEquals("Model Encryption Key", config.keyDerivation().label());
    assertEquals(32, config.keyDerivation().saltBytes().length);
    assertEquals(4, config.claims().get(0).size());
    assertEquals("abc", config.clientId());
    assertEquals(KeyServiceVersion.V7_4, KeyVaultClients.serviceVersion(key.akv().apiVersion()));
  }

  @Test
  void buildsThePolicyExactlyAsImportkeyDoes() {
    ImportKeyConfig config = parse(GO_EXAMPLE);
    assertEquals(
        "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"https://sharedneu.neu.attest.azure.net\","
            + "\"allOf\":[{\"claim\":\"x-ms-sevsnpvm-hostdata\",\"equals\":"
            + "\"99e1abd344fc0989288c44fde8de3b2a248b1b95814df8955d0c305a7db46680\"},"
            + "{\"claim\":\"x-ms-compliance-status\",\"equals\":\"azure-compliant-uvm\"},"
            + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":\"false\"},"
            + "{\"claim\":\"x-ms-sevsnpvm-vmpl\",\"equals\":\"0\"}]}]}",
        ReleasePolicy.json(config.key().authority().endpoint(), config.claims()));
    // a full URL (the emulator) is taken as given
    assertEquals(
        "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"https://127.0.0.1:8443\",\"allOf\":[]}]}",
        ReleasePolicy.json("https://127.0.0.1:8443/", List.of(List.of())));
  }

  @Test
  void acceptsABareKeyBlobAndANameSlashVersionKid() {
    ImportKeyConfig config =
        parse(
            "{\"kid\":\"disk/0123abcd\",\"kty\":\"oct-HSM\",\"authority\":{\"endpoint\":\"m\"},"
                + "\"akv\":{\"endpoint\":\"v\"}}");
    assertEquals("disk", config.key().keyName());
    assertEquals("0123abcd", config.key().keyVersion());
    assertArrayEquals(new byte[0], config.keyDerivation().saltBytes());
    assertArrayEquals(
        KeyDerivation.DEFAULT_LABEL.getBytes(StandardCharsets.UTF_8),
        config.keyDerivation().info());
    assertFalse(config.key().akv().hasBearerToken());
  }

  @Test
  void refusesConfigurationsWithoutAKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("{\"claims\":[]}"));
    assertTrue(e.getMessage().contains("has no \"key\""), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("[1]"));
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("{\"key\":{\"kid\":\"k\"}}").key().validated());
    assertTrue(e.getMessage().contains("key.authority.endpoint"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> KeyVaultClients.serviceVersion("api-version=1.0"));
  }

  @Test
  void bearerTokenFromTheBlobIsPresentedAsItIs() {
    KeyBlob blob = parse(GO_EXAMPLE).key();
    String token =
        VaultCredentials.forKeyBlob(blob, null, null)
            .getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default"))
            .getToken();
    assertEquals("secret-token", token);
  }

  @Test
  void malformedJsonIsOneCleanLineWithoutJacksonInternals() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("{\"key\":\n"));
    assertEquals(
        "test config is not a valid key configuration: Unexpected end-of-input within/between"
            + " Object entries (line 2, column 1)",
        e.getMessage());
    assertNull(e.getCause(), "the Jackson exception would repeat the reason with its source text");
    e = assertThrows(IllegalArgumentException.class, () -> parse("[".repeat(2000)));
    assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
    assertFalse(e.getMessage().contains("Source:"), e.getMessage());
    assertTrue(e.getMessage().contains("exceeds the maximum allowed (1000)"), e.getMessage());
  }

  private static ImportKeyConfig parse(String json) {
    return ImportKeyConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test config");
  }
}
