package org.ccsidecar.skr.release;

import java.util.Arrays;
import java.util.List;

/**
 * Key material released by Key Vault and unwrapped: raw bytes for oct/oct-HSM, PKCS#8 DER for
 * RSA/EC keys. Closing zeroes the material.
 */
public final class ReleasedKey implements AutoCloseable {
  private final String kty;
  private final List<String> keyOps;
  private final byte[] material;

  public ReleasedKey(String kty, List<String> keyOps, byte[] material) {
    this.kty = kty == null ? "" : kty;
    this.keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
    this.material = material;
  }

  public String kty() {
    return kty;
  }

  public List<String> keyOps() {
    return keyOps;
  }

  /** The material itself (not a copy): do not keep it beyond this key's lifetime. */
  public byte[] material() {
    return material;
  }

  public boolean isSymmetric() {
    return kty.equals("oct") || kty.equals("oct-HSM");
  }

  public boolean isRsa() {
    return kty.equals("RSA") || kty.equals("RSA-HSM");
  }

  @Override
  public void close() {
    Arrays.fill(material, (byte) 0);
  }

  @Override
  public String toString() {
    return "ReleasedKey[kty=" + kty + ", keyOps=" + keyOps + ", material=<redacted>]";
  }
}
