package org.ccsidecar.remotefs.config;

import java.util.List;

/**
 * {@code key}: the key to release from Key Vault or a managed HSM. Optional fields are null (or
 * empty) when absent.
 */
public record KeyConfig(
    String kid, String kty, List<String> keyOps, String authorityEndpoint, AkvConfig akv) {
  public KeyConfig {
    keyOps = List.copyOf(keyOps);
  }
}
