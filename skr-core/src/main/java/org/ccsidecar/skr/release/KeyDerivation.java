package org.ccsidecar.skr.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How the filesystem key is derived from a released RSA key ({@code key_derivation}): HKDF salt as
 * hex, and the label used as HKDF info ("Symmetric Encryption Key" when empty).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyDerivation(
    @JsonProperty("salt") String salt, @JsonProperty("label") String label) {
  public static final String DEFAULT_LABEL = "Symmetric Encryption Key";
  public static final KeyDerivation NONE = new KeyDerivation(null, null);

  /** The salt bytes; empty when no salt is given, as the Go sidecar decodes "". */
  public byte[] saltBytes() {
    if (salt == null || salt.isEmpty()) {
      return new byte[0];
    }
    try {
      return HexFormat.of().parseHex(salt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key_derivation.salt is not a hex string", e);
    }
  }

  /** The HKDF info: the label, or the default label when empty. */
  public byte[] info() {
    String effective = label == null || label.isEmpty() ? DEFAULT_LABEL : label;
    return effective.getBytes(StandardCharsets.UTF_8);
  }
}
