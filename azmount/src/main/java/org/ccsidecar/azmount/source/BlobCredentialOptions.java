package org.ccsidecar.azmount.source;

import java.util.Map;
import java.util.Optional;

/**
 * How to authenticate to blob storage, decided once from the command line and the environment.
 *
 * <p>Order: {@code --private} uses a token from azure-identity (workload identity when
 * AZURE_FEDERATED_TOKEN_FILE, AZURE_TENANT_ID and a client id are set, managed identity otherwise,
 * with the optional client id); else a SAS token in the URL; else the connection string from
 * AZURE_STORAGE_CONNECTION_STRING (account key or SAS, how Azurite is reached); else anonymous (a
 * public container). {@link #toString()} shows no secret.
 */
public final class BlobCredentialOptions {
  public static final String CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";
  static final String FEDERATED_TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";
  static final String TENANT_ID_ENV = "AZURE_TENANT_ID";
  static final String CLIENT_ID_ENV = "AZURE_CLIENT_ID";
  static final String AUTHORITY_HOST_ENV = "AZURE_AUTHORITY_HOST";

  /** The kind of credential a request will carry. */
  public enum Kind {
    ANONYMOUS,
    SAS_IN_URL,
    CONNECTION_STRING,
    MANAGED_IDENTITY,
    WORKLOAD_IDENTITY
  }

  private final boolean privateAccess;
  private final String clientId;
  private final Map<String, String> environment;

  private BlobCredentialOptions(
      boolean privateAccess, String clientId, Map<String, String> environment) {
    this.privateAccess = privateAccess;
    this.clientId = clientId == null || clientId.isBlank() ? null : clientId;
    this.environment = Map.copyOf(environment);
  }

  /** From the process environment: what {@code azmount mount [--private] [--client-id]} uses. */
  public static BlobCredentialOptions fromEnvironment(boolean privateAccess, String clientId) {
    return fromEnvironment(privateAccess, clientId, System.getenv());
  }

  /** From an explicit environment (tests, or a sidecar passing its own settings). */
  public static BlobCredentialOptions fromEnvironment(
      boolean privateAccess, String clientId, Map<String, String> environment) {
    return new BlobCredentialOptions(privateAccess, clientId, relevant(environment));
  }

  /** No credential: a public container, or a SAS token in the URL. */
  public static BlobCredentialOptions anonymous() {
    return new BlobCredentialOptions(false, null, Map.of());
  }

  /** An account connection string (Azurite's, in tests). */
  public static BlobCredentialOptions connectionString(String connectionString) {
    return new BlobCredentialOptions(false, null, Map.of(CONNECTION_STRING_ENV, connectionString));
  }

  public boolean privateAccess() {
    return privateAccess;
  }

  /** The managed/workload identity client id from {@code --client-id}, if any. */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  /** Which credential requests for {@code location} will carry. */
  public Kind kindFor(BlobLocation location) {
    if (privateAccess) {
      return workloadIdentityConfigured() ? Kind.WORKLOAD_IDENTITY : Kind.MANAGED_IDENTITY;
    }
    if (location.hasSas()) {
      return Kind.SAS_IN_URL;
    }
    return connectionStringValue().isPresent() ? Kind.CONNECTION_STRING : Kind.ANONYMOUS;
  }

  Optional<String> connectionStringValue() {
    return Optional.ofNullable(environment.get(CONNECTION_STRING_ENV)).filter(s -> !s.isBlank());
  }

  /** The client id for workload identity: {@code --client-id}, else AZURE_CLIENT_ID. */
  Optional<String> workloadClientId() {
    return clientId().or(() -> Optional.ofNullable(environment.get(CLIENT_ID_ENV)));
  }

  Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
  }

  private boolean workloadIdentityConfigured() {
    return env(FEDERATED_TOKEN_FILE_ENV).isPresent()
        && env(TENANT_ID_ENV).isPresent()
        && workloadClientId().isPresent();
  }

  private static Map<String, String> relevant(Map<String, String> environment) {
    Map<String, String> kept = new java.util.HashMap<>();
    for (String name :
        new String[] {
          CONNECTION_STRING_ENV,
          FEDERATED_TOKEN_FILE_ENV,
          TENANT_ID_ENV,
          CLIENT_ID_ENV,
          AUTHORITY_HOST_ENV
        }) {
      String value = environment.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept;
  }

  @Override
  public String toString() {
    return "BlobCredentialOptions[private="
        + privateAccess
        + ", clientId="
        + clientId
        + ", connectionString="
        + (connectionStringValue().isPresent() ? "set" : "unset")
        + "]";
  }
}
