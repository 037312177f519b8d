package org.ccsidecar.skr.release;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/**
 * Where the Key Vault bearer token comes from, in the Go sidecar's order: the key blob's {@code
 * bearer_token}; else workload identity when {@code AZURE_FEDERATED_TOKEN_FILE} is set; else
 * managed identity (IMDS), with the client id of a user-assigned identity when given. The IMDS
 * address can be moved with the environment variable {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}
 * (honoured by azure-identity), which is how the emulator's IMDS is reached.
 */
public final class VaultCredentials {
  public static final String FEDERATED_TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";

  private VaultCredentials() {}

  public static TokenCredential forKeyBlob(KeyBlob blob, String clientId, HttpClient http) {
    if (blob.akv() != null && blob.akv().hasBearerToken()) {
      return staticToken(blob.akv().bearerToken());
    }
    return azureIdentity(clientId, http);
  }

  public static TokenCredential azureIdentity(String clientId, HttpClient http) {
    String federatedTokenFile = System.getenv(FEDERATED_TOKEN_FILE_ENV);
    if (federatedTokenFile != null && !federatedTokenFile.isBlank()) {
      WorkloadIdentityCredentialBuilder builder =
          new WorkloadIdentityCredentialBuilder().httpClient(http);
      if (clientId != null && !clientId.isBlank()) {
        builder.clientId(clientId);
      }
      return builder.build();
    }
    ManagedIdentityCredentialBuilder builder =
        new ManagedIdentityCredentialBuilder().httpClient(http);
    if (clientId != null && !clientId.isBlank()) {
      builder.clientId(clientId);
    }
    return builder.build();
  }

  /** A credential that always presents {@code token} (the key blob's bearer_token). */
  public static TokenCredential staticToken(String token) {
    return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }
}
