package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One version of a key as the emulated vault keeps it, private material included (the emulator is a
 * test tool: keys rest in its state directory in the clear, readable only by its owner).
 *
 * @param material the imported JSON Web Key's fields (k for oct; n, e, d, p, q, dp, dq, qi for RSA)
 * @param releasePolicy the policy JSON as imported, or null
 */
public record StoredKey(
    String name,
    String version,
    String kty,
    List<String> keyOps,
    ObjectNode material,
    long created,
    long updated,
    boolean enabled,
    boolean exportable,
    Map<String, String> tags,
    String releasePolicyContentType,
    String releasePolicy,
    boolean releasePolicyImmutable) {

  /** Names the key without its material, so a logged key never shows private fields. */
  @Override
  public String toString() {
    return "StoredKey[" + name + "/" + version + ", " + kty + ", material=REDACTED]";
  }

  @JsonIgnore
  public boolean isRsa() {
    return kty.startsWith("RSA");
  }
}
