package org.ccsidecar.skr.maa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WrappingKeyTest {
  @Test
  void jwkSetCarriesThePublicKeyForEncryption() throws Exception {
    WrappingKey key = WrappingKey.generate();
    JsonNode set = new ObjectMapper().readTree(key.jwkSetJson());
    assertEquals(1, set.get("keys").size());
    JsonNode jwk = set.get("keys").get(0);
    assertEquals("RSA", jwk.get("kty").asText());
    assertEquals("[\"encrypt\"]", jwk.get("key_ops").toString());
    assertEquals(false, jwk.has("d"), "no private parts");
    RSAKey parsed =
        (RSAKey)
            JWKSet.parse(new String(key.jwkSetJson(), StandardCharsets.UTF_8)).getKeys().get(0);
    assertEquals(key.publicKey().getModulus(), parsed.toRSAPublicKey().getModulus());
    assertEquals(2048, parsed.size());
    assertEquals(parsed.computeThumbprint().toString(), jwk.get("kid").asText());
  }

  @Test
  void reportDataIsSha256OfTheExactJwkSetBytesThenZeros() throws Exception {
    WrappingKey key = WrappingKey.generate();
    byte[] reportData = key.reportData();
    assertEquals(64, reportData.length);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.jwkSetJson());
    assertArrayEquals(digest, Arrays.copyOf(reportData, 32));
    assertArrayEquals(new byte[32], Arrays.copyOfRange(reportData, 32, 64));
  }

  @Test
  void everyReleaseGetsAFreshKey() {
    assertNotEquals(
        WrappingKey.generate().publicKey().getModulus(),
        WrappingKey.generate().publicKey().getModulus());
  }
}
