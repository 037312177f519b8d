package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.List;

/** Reads imported JSON Web Keys and turns them into the bytes a release wraps. */
final class KeyMaterial {
  static final List<String> RSA_PRIVATE_FIELDS = List.of("n", "e", "d", "p", "q", "dp", "dq", "qi");

  private KeyMaterial() {}

  /**
   * Checks an imported key and keeps only its material fields. Supports oct(-HSM) with k, and
   * RSA(-HSM) with the full private CRT parameters.
   */
  static ObjectNode validated(String kty, JsonNode jwk) {
    ObjectNode material = jwk.deepCopy();
    material.retain(kty.startsWith("RSA") ? RSA_PRIVATE_FIELDS : List.of("k"));
    if (kty.startsWith("RSA")) {
      for (String field : RSA_PRIVATE_FIELDS) {
        decodeField(material, field);
      }
      toBytes(kty, material);
    } else if (decodeField(material, "k").length == 0) {
      throw new IllegalArgumentException("key.k is empty");
    }
    return material;
  }

  /** Raw bytes for oct keys; PKCS#8 DER of the private key for RSA keys. */
  static byte[] toBytes(String kty, JsonNode material) {
    if (!kty.startsWith("RSA")) {
      return decodeField(material, "k");
    }
    try {
      RSAPrivateCrtKeySpec spec =
          new RSAPrivateCrtKeySpec(
              integer(material, "n"),
              integer(material, "e"),
              integer(material, "d"),
              integer(material, "p"),
              integer(material, "q"),
              integer(material, "dp"),
              integer(material, "dq"),
              integer(material, "qi"));
      return KeyFactory.getInstance("RSA").generatePrivate(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the RSA key is not valid: " + e.getMessage());
    }
  }

  private static BigInteger integer(JsonNode material, String field) {
    return new BigInteger(1, decodeField(material, field));
  }

  private static byte[] decodeField(JsonNode material, String field) {
    JsonNode value = material.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("key." + field + " is missing");
    }
    try {
      return Base64.getUrlDecoder().decode(value.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key." + field + " is not base64url");
    }
  }
}
