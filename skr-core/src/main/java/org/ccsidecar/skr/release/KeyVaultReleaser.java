package org.ccsidecar.skr.release;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.ReleaseKeyResult;
import java.io.IOException;
import org.ccsidecar.skr.maa.WrappingKey;
import org.ccsidecar.skr.net.Endpoints;
import org.ccsidecar.skr.net.NetworkFailures;
import org.ccsidecar.skr.net.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents an MAA token to Key Vault for one key, checks the signed answer and unwraps the key with
 * the private half of the wrapping key the token carries.
 */
public final class KeyVaultReleaser {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVaultReleaser.class);

  private final HttpClient http;
  private final ReleaseResponseVerifier verifier;

  public KeyVaultReleaser(HttpClient http, ReleaseResponseVerifier verifier) {
    this.http = http;
    this.verifier = verifier;
  }

  public ReleasedKey release(
      KeyBlob blob, TokenCredential credential, String maaToken, WrappingKey wrappingKey)
      throws IOException {
    KeyClient client =
        KeyVaultClients.keyClient(blob.akv().endpoint(), blob.akv().apiVersion(), credential, http);
    LOG.info("releasing key {} from {}", blob.kid(), Endpoints.baseUri(blob.akv().endpoint()));
    LOG.debug("attestation token presented: {}", Redaction.token(maaToken));
    String jws;
    try {
      ReleaseKeyResult result =
          blob.keyVersion() == null
              ? client.releaseKey(blob.keyName(), maaToken)
              : client.releaseKey(blob.keyName(), blob.keyVersion(), maaToken);
      jws = result.getValue();
    } catch (HttpResponseException e) {
      throw NetworkFailures.failure(
          "Key Vault refused to release key " + blob.kid() + ": " + NetworkFailures.serviceError(e),
          e);
    } catch (RuntimeException e) {
      throw NetworkFailures.failure(
          "release of key "
              + blob.kid()
              + " from "
              + blob.akv().endpoint()
              + " failed: "
              + NetworkFailures.describe(e),
          e);
    }
    if (jws == null || jws.isEmpty()) {
      throw new IOException("Key Vault returned no release response for key " + blob.kid());
    }
    String payload = verifier.verify(jws, Endpoints.host(blob.akv().endpoint()));
    return ReleasePayload.parse(payload).unwrap(wrappingKey.privateKey());
  }
}
