package org.ccsidecar.skr.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The verified payload of Key Vault's release response: {@code request.enc} names the wrapping
 * algorithm, {@code response.key.key} carries kty, key_ops and {@code key_hsm}, itself base64url
 * JSON whose {@code ciphertext} is the wrapped key.
 */
public record ReleasePayload(String algorithm, String kty, List<String> keyOps, byte[] ciphertext) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ReleasePayload parse(String payloadJson) {
    try {
      JsonNode root = JSON.readTree(payloadJson);
      JsonNode key = root.path("response").path("key").path("key");
      String kty = text(key, "kty", "response.key.key.kty");
      JsonNode keyHsm = JSON.readTree(decode(text(key, "key_hsm", "response.key.key.key_hsm")));
      String algorithm = root.path("request").path("enc").asText("");
      if (algorithm.isEmpty()) {
        algorithm = keyHsm.path("header").path("enc").asText("");
      }
      byte[] ciphertext = decode(text(keyHsm, "ciphertext", "key_hsm.ciphertext"));
      List<String> keyOps = new ArrayList<>();
      key.path("key_ops").forEach(op -> keyOps.add(op.asText()));
      return new ReleasePayload(algorithm, kty, keyOps, ciphertext);
    } catch (IOException e) {
      throw new ReleaseRefusedException("release response payload is not valid JSON", e);
    }
  }

  /** Unwraps the key material with the private half of the wrapping key. */
  public ReleasedKey unwrap(RSAPrivateKey wrappingKey) {
    return new ReleasedKey(kty, keyOps, KeyUnwrapper.unwrap(algorithm, ciphertext, wrappingKey));
  }

  private static String text(JsonNode node, String field, String name) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new ReleaseRefusedException("release response payload has no " + name);
    }
    return value.asText();
  }

  private static byte[] decode(String base64Url) {
    try {
      return Base64.getUrlDecoder().decode(base64Url);
    } catch (IllegalArgumentException e) {
      throw new ReleaseRefusedException("release response holds invalid base64url", e);
    }
  }
}
