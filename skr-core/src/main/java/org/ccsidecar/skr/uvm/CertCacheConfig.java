package org.ccsidecar.skr.uvm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Where fresh AMD certificates come from ({@code azure_info.certcache} in the sidecar's
 * configuration): {@code endpoint_type} "AzCache" (Azure's certificate cache), "AMD" (AMD's key
 * distribution service) or "LocalTHIM" (the host's THIM endpoint), the endpoint (a host, optionally
 * with a path; a full URL is taken as given), the TEE type, and for AzCache the query parts {@code
 * api_version} ("api-version=...") and {@code client_id} ("clientId=...").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertCacheConfig(
    @JsonProperty("endpoint_type") String endpointType,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("tee_type") String teeType,
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("client_id") String clientId) {

  /** The kinds of certificate source; {@link #configName} is the configuration's spelling. */
  public enum EndpointType {
    AZ_CACHE("AzCache"),
    AMD("AMD"),
    LOCAL_THIM("LocalTHIM");

    private final String configName;

    EndpointType(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** IMDS's THIM path, which the Go sidecar uses when no certificate cache is configured. */
  public static final String DEFAULT_LOCAL_THIM = "169.254.169.254/metadata/THIM/amd/certification";

  public CertCacheConfig {
    endpointType = endpointType == null ? "" : endpointType.strip();
    endpoint = endpoint == null ? "" : endpoint.strip();
    teeType = teeType == null ? "" : teeType.strip();
    apiVersion = apiVersion == null ? "" : apiVersion.strip();
    clientId = clientId == null ? "" : clientId.strip();
  }

  /** Azure's global certificate cache for SEV-SNP VMs (the Go sidecar's default). */
  public static CertCacheConfig azureDefault() {
    return new CertCacheConfig(
        "AzCache",
        "global.acccache.azure.net",
        "SevSnpVM",
        "api-version=2020-10-15-preview",
        "clientId=ConfidentialACI");
  }

  /** AMD's key distribution service for Milan. */
  public static CertCacheConfig amdMilan() {
    return new CertCacheConfig("AMD", "kdsintf.amd.com/vcek/v1", "Milan", "", "");
  }

  /** The host's THIM endpoint, used when the configuration names no certificate cache. */
  public static CertCacheConfig localThim() {
    return new CertCacheConfig("LocalTHIM", DEFAULT_LOCAL_THIM, "", "", "");
  }

  /** The configured type; an empty configuration means the local THIM endpoint. */
  public EndpointType type() {
    if (endpoint.isEmpty() && endpointType.isEmpty()) {
      return EndpointType.LOCAL_THIM;
    }
    for (EndpointType type : EndpointType.values()) {
      if (type.configName.toLowerCase(Locale.ROOT).equals(endpointType.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "certcache endpoint_type '" + endpointType + "' is not one of AzCache, AMD, LocalTHIM");
  }

  /**
   * The endpoint as a URL prefix without a trailing slash: a bare host (and path) gets {@code
   * defaultScheme}, a full URL stays as it is.
   */
  String baseUrl(String defaultScheme) {
    String base =
        endpoint.isEmpty() && type() == EndpointType.LOCAL_THIM ? DEFAULT_LOCAL_THIM : endpoint;
    if (base.isEmpty()) {
      throw new IllegalArgumentException("certcache endpoint is empty");
    }
    if (!base.contains("://")) {
      base = defaultScheme + "://" + base;
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base;
  }
}
