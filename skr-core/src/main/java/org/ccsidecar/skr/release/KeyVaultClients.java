package org.ccsidecar.skr.release;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import java.time.Duration;
import java.util.Locale;
import org.ccsidecar.skr.net.Endpoints;

/**
 * Builds the Azure SDK's Key Vault client for a vault or managed HSM endpoint. Local endpoints (the
 * emulator) get {@code disableChallengeResourceVerification()}: their bearer challenge names a
 * resource outside the Azure domains the SDK otherwise insists on.
 */
public final class KeyVaultClients {
  private KeyVaultClients() {}

  public static KeyClient keyClient(
      String endpoint, String apiVersion, TokenCredential credential, HttpClient http) {
    KeyClientBuilder builder =
        new KeyClientBuilder()
            .vaultUrl(Endpoints.baseUri(endpoint).toString())
            .credential(credential)
            .httpClient(http)
            .serviceVersion(serviceVersion(apiVersion))
            .retryOptions(
                new RetryOptions(
                    new ExponentialBackoffOptions()
                        .setMaxRetries(3)
                        .setBaseDelay(Duration.ofMillis(500))
                        .setMaxDelay(Duration.ofSeconds(5))));
    if (Endpoints.isLocal(endpoint)) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  /** The service version of a key blob's api_version ("7.4" or Go's "api-version=7.4"). */
  static KeyServiceVersion serviceVersion(String apiVersion) {
    if (apiVersion == null || apiVersion.isBlank()) {
      return KeyServiceVersion.V7_4;
    }
    String version = apiVersion.trim().toLowerCase(Locale.ROOT).replaceFirst("^api-version=", "");
    for (KeyServiceVersion candidate : KeyServiceVersion.values()) {
      if (candidate.getVersion().equalsIgnoreCase(version)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("key.akv.api_version '" + apiVersion + "' is not supported");
  }
}
