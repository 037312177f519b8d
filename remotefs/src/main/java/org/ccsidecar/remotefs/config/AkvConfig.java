package org.ccsidecar.remotefs.config;

/**
 * {@code key.akv}: the vault or managed HSM holding the key. The bearer token is a secret and never
 * appears in {@link #toString()}.
 *
 * @param apiVersion null when absent
 * @param bearerToken null when absent (a token then comes from the managed identity)
 */
public record AkvConfig(String endpoint, String apiVersion, String bearerToken) {
  @Override
  public String toString() {
    return "AkvConfig[endpoint="
        + endpoint
        + ", apiVersion="
        + apiVersion
        + ", bearerToken="
        + (bearerToken == null ? "none" : "redacted")
        + "]";
  }
}
