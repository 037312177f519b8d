package org.ccsidecar.skr.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The sidecar's description of a key to release ({@code azure_filesystems[].key}): which key
 * ({@code kid}, name or name/version), from which vault ({@code akv}), attested by which MAA
 * ({@code authority}). Endpoints are host names (https) or full URLs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyBlob(
    @JsonProperty("kid") String kid,
    @JsonProperty("kty") String kty,
    @JsonProperty("key_ops") List<String> keyOps,
    @JsonProperty("authority") Authority authority,
    @JsonProperty("akv") Akv akv) {

  public KeyBlob {
    keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
  }

  /** Checks the fields a release needs and names the first one missing. */
  public KeyBlob validated() {
    if (kid == null || kid.isBlank()) {
      throw new IllegalArgumentException("key.kid is missing");
    }
    if (authority == null || authority.endpoint() == null || authority.endpoint().isBlank()) {
      throw new IllegalArgumentException("key.authority.endpoint is missing");
    }
    if (akv == null || akv.endpoint() == null || akv.endpoint().isBlank()) {
      throw new IllegalArgumentException("key.akv.endpoint is missing");
    }
    return this;
  }

  /** The key name: {@code kid} up to the first '/'. */
  public String keyName() {
    int slash = kid.indexOf('/');
    return slash < 0 ? kid : kid.substring(0, slash);
  }

  /** The key version after the '/' in {@code kid}, or null for the current version. */
  public String keyVersion() {
    int slash = kid.indexOf('/');
    return slash < 0 || slash == kid.length() - 1 ? null : kid.substring(slash + 1);
  }

  /** The MAA instance whose tokens the key's release policy accepts. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Authority(
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("tee_type") String teeType,
      @JsonProperty("api_version") String apiVersion) {}

  /** The vault or managed HSM holding the key; a bearer token here skips azure-identity. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Akv(
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("api_version") String apiVersion,
      @JsonProperty("bearer_token") String bearerToken) {

    public boolean hasBearerToken() {
      return bearerToken != null && !bearerToken.isBlank();
    }

    @Override
    public String toString() {
      return "Akv[endpoint="
          + endpoint
          + ", apiVersion="
          + apiVersion
          + ", bearerToken="
          + (hasBearerToken() ? "<redacted>" : "<none>")
          + "]";
    }
  }
}
