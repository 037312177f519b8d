package org.ccsidecar.skr.release;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.security.keyvault.keys.models.ImportKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyReleasePolicy;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.ccsidecar.skr.net.NetworkFailures;

/**
 * What the Go importkey tool does: makes a fresh oct-HSM (32 random bytes) or RSA-HSM (2048-bit)
 * key, imports it into the vault as exportable and HSM-protected with the release policy built from
 * the configuration's claims, and can hand back the filesystem key the sidecar will derive from it
 * after release.
 */
public final class KeyImporter {
  private final HttpClient http;
  private final SecureRandom random = new SecureRandom();

  public KeyImporter(HttpClient http) {
    this.http = http;
  }

  /**
   * The outcome: key id, policy, the filesystem key (closing zeroes it) and, for RSA keys, the
   * derivation (salt, label) that produced it.
   */
  public record Result(String keyId, String policy, byte[] filesystemKey, KeyDerivation derivation)
      implements AutoCloseable {
    public boolean isDerived() {
      return derivation != null;
    }

    @Override
    public void close() {
      Arrays.fill(filesystemKey, (byte) 0);
    }
  }

  public Result importKey(ImportKeyConfig config, TokenCredential credential) throws IOException {
    KeyBlob blob = config.key();
    if (blob == null) {
      throw new IllegalArgumentException("key is missing");
    }
    blob.validated();
    String policy = ReleasePolicy.json(blob.authority().endpoint(), config.claims());
    String kty = blob.kty() == null || blob.kty().isEmpty() ? "oct-HSM" : blob.kty();
    List<KeyOperation> keyOps = blob.keyOps().stream().map(KeyOperation::fromString).toList();
    JsonWebKey jwk;
    byte[] filesystemKey;
    KeyDerivation derivation = null;
    switch (kty) {
      case "oct-HSM" -> {
        filesystemKey = new byte[FilesystemKey.SIZE];
        random.nextBytes(filesystemKey);
        // the SDK keeps its own copy of k, which it offers no way to wipe
        jwk = new JsonWebKey().setKeyType(KeyType.OCT_HSM).setK(filesystemKey);
      }
      case "RSA-HSM" -> {
        KeyPair rsa = rsaKeyPair();
        jwk = JsonWebKey.fromRsa(rsa).setKeyType(KeyType.RSA_HSM);
        derivation = config.keyDerivation();
        if (derivation.salt() == null || derivation.salt().isEmpty()) {
          // as importkey does: a fresh public salt, reported so releases can use it
          byte[] salt = new byte[32];
          random.nextBytes(salt);
          derivation = new KeyDerivation(HexFormat.of().formatHex(salt), derivation.label());
        }
        byte[] pkcs8 = rsa.getPrivate().getEncoded();
        try {
          filesystemKey = FilesystemKey.fromRsaPkcs8(pkcs8, derivation);
        } finally {
          Arrays.fill(pkcs8, (byte) 0);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "key.kty '" + kty + "' is not supported (use oct-HSM or RSA-HSM)");
    }
    if (!keyOps.isEmpty()) {
      jwk.setKeyOps(keyOps);
    }
    ImportKeyOptions options = new ImportKeyOptions(blob.keyName(), jwk).setHardwareProtected(true);
    options.setExportable(true);
    options.setReleasePolicy(new KeyReleasePolicy(BinaryData.fromString(policy)));
    KeyVaultKey imported;
    try {
      imported =
          KeyVaultClients.keyClient(
                  blob.akv().endpoint(), blob.akv().apiVersion(), credential, http)
              .importKey(options);
    } catch (HttpResponseException e) {
      Arrays.fill(filesystemKey, (byte) 0);
      throw NetworkFailures.failure(
          "Key Vault refused to import key "
              + blob.keyName()
              + ": "
              + NetworkFailures.serviceError(e),
          e);
    } catch (RuntimeException e) {
      Arrays.fill(filesystemKey, (byte) 0);
      throw NetworkFailures.failure(
          "import of key "
              + blob.keyName()
              + " into "
              + blob.akv().endpoint()
              + " failed: "
              + NetworkFailures.describe(e),
          e);
    }
    return new Result(imported.getId(), policy, filesystemKey, derivation);
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate RSA key", e);
    }
  }
}
