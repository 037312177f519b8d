package org.ccsidecar.azmount.source;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the SDK's blob client for a location: credential, HTTP timeouts and retry policy. */
final class BlobClients {
  private static final Pattern SAS_IN_CONNECTION_STRING =
      Pattern.compile("(?i)(?:^|;)\\s*SharedAccessSignature=([^;]+)");

  private BlobClients() {}

  static BlobClient build(
      BlobLocation location, BlobCredentialOptions credentials, BlobRetryPolicy retry) {
    Duration tryTimeout = retry.tryTimeout();
    HttpClientOptions http =
        new HttpClientOptions()
            .setConnectTimeout(min(tryTimeout, Duration.ofSeconds(10)))
            .setWriteTimeout(tryTimeout)
            .setResponseTimeout(tryTimeout)
            .setReadTimeout(tryTimeout);
    BlobClientBuilder builder =
        new BlobClientBuilder()
            .endpoint(location.url())
            .clientOptions(http)
            .retryOptions(retry.toRequestRetryOptions());
    switch (credentials.kindFor(location)) {
      case WORKLOAD_IDENTITY -> builder.credential(workloadIdentity(credentials));
      case MANAGED_IDENTITY -> builder.credential(managedIdentity(credentials));
      case CONNECTION_STRING ->
          applyConnectionString(builder, credentials.connectionStringValue().orElseThrow());
      case SAS_IN_URL, ANONYMOUS -> {
        // endpoint(url) already took the SAS from the query, if any
      }
    }
    return builder.buildClient();
  }

  private static void applyConnectionString(BlobClientBuilder builder, String connectionString) {
    Matcher sas = SAS_IN_CONNECTION_STRING.matcher(connectionString);
    if (sas.find()) {
      builder.sasToken(sas.group(1).trim());
      return;
    }
    try {
      builder.credential(StorageSharedKeyCredential.fromConnectionString(connectionString));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          BlobCredentialOptions.CONNECTION_STRING_ENV
              + " has neither AccountName/AccountKey nor SharedAccessSignature");
    }
  }

  private static TokenCredential managedIdentity(BlobCredentialOptions credentials) {
    ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
    credentials.clientId().ifPresent(builder::clientId);
    return builder.build();
  }

  private static TokenCredential workloadIdentity(BlobCredentialOptions credentials) {
    WorkloadIdentityCredentialBuilder builder =
        new WorkloadIdentityCredentialBuilder()
            .tenantId(credentials.env(BlobCredentialOptions.TENANT_ID_ENV).orElseThrow())
            .clientId(credentials.workloadClientId().orElseThrow())
            .tokenFilePath(
                credentials.env(BlobCredentialOptions.FEDERATED_TOKEN_FILE_ENV).orElseThrow());
    credentials.env(BlobCredentialOptions.AUTHORITY_HOST_ENV).ifPresent(builder::authorityHost);
    return builder.build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
