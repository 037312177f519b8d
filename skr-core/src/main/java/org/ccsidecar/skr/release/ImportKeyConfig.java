package org.ccsidecar.skr.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.ccsidecar.skr.json.JsonErrors;

/**
 * The Go importkey tool's configuration ({@code importkeyconfig.json}): the key blob to create, its
 * key derivation, the release policy's claim groups and the managed identity to use. The same file
 * serves {@code skr release}, which reads its {@code key} and {@code key_derivation}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportKeyConfig(
    @JsonProperty("key") KeyBlob key,
    @JsonProperty("key_derivation") KeyDerivation keyDerivation,
    @JsonProperty("claims") List<List<ReleasePolicy.Claim>> claims,
    @JsonProperty("identity") Identity identity) {

  public ImportKeyConfig {
    keyDerivation = keyDerivation == null ? KeyDerivation.NONE : keyDerivation;
    claims = claims == null ? List.of() : claims;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses an importkey configuration, or a bare key blob (an object with {@code kid} at the top)
   * as a configuration without derivation or claims; {@code source} names the input in errors.
   */
  public static ImportKeyConfig parse(byte[] json, String source) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException(source + " is not a JSON object");
      }
      if (!root.has("key") && root.has("kid")) {
        return new ImportKeyConfig(JSON.treeToValue(root, KeyBlob.class), null, null, null);
      }
      ImportKeyConfig config = JSON.treeToValue(root, ImportKeyConfig.class);
      if (config.key() == null) {
        throw new IllegalArgumentException(source + " has no \"key\" object");
      }
      return config;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + " is not a valid key configuration: " + JsonErrors.describe(e));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
    }
  }

  public String clientId() {
    return identity == null ? null : identity.clientId();
  }

  /** The managed identity ({@code client_id} of a user-assigned identity, or empty). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Identity(@JsonProperty("client_id") String clientId) {}
}
