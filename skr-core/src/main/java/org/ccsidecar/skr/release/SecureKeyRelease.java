package org.ccsidecar.skr.release;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.ccsidecar.skr.attest.ReportData;
import org.ccsidecar.skr.maa.AttestationEvidence;
import org.ccsidecar.skr.maa.EvidenceSource;
import org.ccsidecar.skr.maa.MaaClient;
import org.ccsidecar.skr.maa.WrappingKey;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.TlsTrust;

/**
 * Secure key release, end to end: a fresh wrapping key; a report whose REPORT_DATA binds its JWK
 * set; an MAA token for that evidence (both shared by the releases that follow within a short
 * window, see {@link SharedAttestations}); the key released by Key Vault against the token, checked
 * and unwrapped; and, for the filesystem, the 32-byte key (HKDF for RSA keys).
 *
 * <pre>{@code
 * byte[] key = SecureKeyRelease.builder().evidenceSource(source).trust(trust).build()
 *     .release(keyBlob, keyDerivation);
 * }</pre>
 */
public final class SecureKeyRelease {
  private final EvidenceSource evidenceSource;
  private final MaaClient maa;
  private final KeyVaultReleaser releaser;
  private final HttpClient azureHttp;
  private final TokenCredential credential;
  private final String clientId;
  private TokenCredential identity;
  private final SharedAttestations attestations =
      new SharedAttestations(this::attest, Clock.systemUTC());

  private SecureKeyRelease(Builder builder) {
    this.evidenceSource = builder.evidenceSource;
    this.maa = new MaaClient(HttpClients.jdk(builder.trust));
    this.azureHttp = HttpClients.azure(builder.trust);
    this.releaser = new KeyVaultReleaser(azureHttp, new ReleaseResponseVerifier(builder.trust));
    this.credential = builder.credential;
    this.clientId = builder.clientId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts making the RSA wrapping key of this process's first release now, on a daemon thread: a
   * fresh JVM needs most of a second for it, which a program about to release keys (the sidecar)
   * can overlap with its own start-up. The first instance built afterwards uses that key.
   */
  public static void prepare() {
    SharedAttestations.prepareFirstKey();
  }

  /** The 32-byte filesystem key for {@code blob}; the caller zeroes it after use. */
  public byte[] release(KeyBlob blob, KeyDerivation derivation) throws IOException {
    try (ReleasedKey key = releaseKey(blob)) {
      return FilesystemKey.from(key, derivation);
    }
  }

  /** The released key material as Key Vault holds it; close it to zero the material. */
  public ReleasedKey releaseKey(KeyBlob blob) throws IOException {
    blob.validated();
    SharedAttestations.Attestation attestation =
        attestations.forEndpoint(blob.authority().endpoint());
    return releaser.release(
        blob, vaultCredential(blob), attestation.token(), attestation.wrappingKey());
  }

  private TokenCredential vaultCredential(KeyBlob blob) {
    if (blob.akv().hasBearerToken()) {
      return VaultCredentials.forKeyBlob(blob, clientId, azureHttp);
    }
    return credential != null ? credential : identity();
  }

  /** One azure-identity credential for every release, so its token is fetched once. */
  private synchronized TokenCredential identity() {
    if (identity == null) {
      identity = VaultCredentials.azureIdentity(clientId, azureHttp);
    }
    return identity;
  }

  /** An MAA token from {@code maaEndpoint} whose runtime data is {@code wrappingKey}'s JWK set. */
  public String attest(String maaEndpoint, WrappingKey wrappingKey) throws IOException {
    byte[] runtimeData = wrappingKey.jwkSetJson();
    AttestationEvidence evidence = evidenceSource.collect(ReportData.forRuntimeData(runtimeData));
    return maa.attest(maaEndpoint, evidence, runtimeData);
  }

  /** Configuration of a {@link SecureKeyRelease}. */
  public static final class Builder {
    private EvidenceSource evidenceSource;
    private TlsTrust trust = TlsTrust.system();
    private TokenCredential credential;
    private String clientId;

    private Builder() {}

    /** Where attestation evidence comes from (hardware, or an explicitly requested fake). */
    public Builder evidenceSource(EvidenceSource evidenceSource) {
      this.evidenceSource = evidenceSource;
      return this;
    }

    /** Trust for MAA/Key Vault TLS and the release response's chain. Default: system. */
    public Builder trust(TlsTrust trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /** Vault credential used when the key blob has no bearer_token. Default: azure-identity. */
    public Builder credential(TokenCredential credential) {
      this.credential = credential;
      return this;
    }

    /** Client id of a user-assigned managed identity. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public SecureKeyRelease build() {
      Objects.requireNonNull(evidenceSource, "evidenceSource");
      return new SecureKeyRelease(this);
    }
  }
}
