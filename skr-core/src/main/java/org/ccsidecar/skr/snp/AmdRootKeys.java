package org.ccsidecar.skr.snp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * AMD root keys (ARK) a chain must end in, pinned by the SHA-256 of their SubjectPublicKeyInfo. The
 * built-in set holds the SEV-SNP ARKs AMD publishes for Milan, Genoa and Turin.
 */
public final class AmdRootKeys {
  public static final AmdRootKeys BUILT_IN =
      new AmdRootKeys(
          Map.of(
              "9f056bee44377e29308cb5ffa895bdfb62d18881fa6bed8d6f075b0204089cb9", "ARK-Milan",
              "429a69c9422aa258ee4d8db5fcda9c6470ef15f8cd5a9cebd6cbc7d90b863831", "ARK-Genoa",
              "4f125410563a2ab9a50356f9243f6fe0b6f73de98603f53f90339c70e9d7ad08", "ARK-Turin"));

  private final Map<String, String> namesBySpkiSha256;

  /**
   * @param namesBySpkiSha256 lower-case hex SHA-256 of the key's SPKI DER -> a name
   */
  public AmdRootKeys(Map<String, String> namesBySpkiSha256) {
    this.namesBySpkiSha256 = Map.copyOf(namesBySpkiSha256);
  }

  /** The name of this root key when it is trusted. */
  public Optional<String> nameOf(PublicKey key) {
    return Optional.ofNullable(namesBySpkiSha256.get(fingerprint(key)));
  }

  public String names() {
    return String.join(", ", namesBySpkiSha256.values().stream().sorted().toList());
  }

  static String fingerprint(PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
