package org.ccsidecar.skr.release;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Turns released key material into the 32-byte filesystem key as the Go sidecar does: oct keys as
 * they are; RSA private keys through HKDF-SHA256 over the private exponent D (unsigned big-endian,
 * no leading zeros) with the configured salt and label.
 */
public final class FilesystemKey {
  public static final int SIZE = 32;

  private FilesystemKey() {}

  /** The 32-byte key; the caller owns (and zeroes) the result. */
  public static byte[] from(ReleasedKey key, KeyDerivation derivation) {
    if (key.isSymmetric()) {
      if (key.material().length != SIZE) {
        throw new IllegalArgumentException(
            "released " + key.kty() + " key is " + key.material().length + " bytes, expected 32");
      }
      return key.material().clone();
    }
    if (key.isRsa()) {
      return fromRsaPkcs8(key.material(), derivation == null ? KeyDerivation.NONE : derivation);
    }
    throw new IllegalArgumentException(
        "released key type '" + key.kty() + "' cannot be a filesystem key (use oct or RSA keys)");
  }

  /** HKDF-SHA256 over D of a PKCS#8 RSA private key. */
  public static byte[] fromRsaPkcs8(byte[] pkcs8, KeyDerivation derivation) {
    RSAPrivateKey rsa;
    try {
      rsa =
          (RSAPrivateKey)
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("released RSA key is not a PKCS#8 RSA private key", e);
    }
    byte[] d = unsignedBytes(rsa.getPrivateExponent());
    try {
      return hkdfSha256(d, derivation.saltBytes(), derivation.info());
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  /** 32 bytes of HKDF-SHA256 (RFC 5869); an empty salt means HashLen zero bytes. */
  public static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
    byte[] out = new byte[SIZE];
    hkdf.generateBytes(out, 0, SIZE);
    return out;
  }

  private static byte[] unsignedBytes(BigInteger value) {
    byte[] signed = value.toByteArray();
    if (signed.length > 1 && signed[0] == 0) {
      byte[] unsigned = Arrays.copyOfRange(signed, 1, signed.length);
      Arrays.fill(signed, (byte) 0);
      return unsigned;
    }
    return signed;
  }
}
