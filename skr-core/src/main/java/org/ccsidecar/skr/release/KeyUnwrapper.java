package org.ccsidecar.skr.release;

import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unwraps Key Vault's RSA_AES key wrapping (CKM_RSA_AES_KEY_WRAP and RSA_AES_KEY_WRAP_256/384): the
 * first modulus-size bytes are a one-time AES key under RSA-OAEP, the rest is the key material
 * under AES key wrap with padding (RFC 5649).
 */
public final class KeyUnwrapper {
  private KeyUnwrapper() {}

  /** The OAEP hash (MGF1 uses the same) of a Key Vault wrapping algorithm name. */
  static String oaepHash(String algorithm) {
    if (algorithm == null) {
      throw new IllegalArgumentException("release response names no wrapping algorithm");
    }
    return switch (algorithm) {
      case "CKM_RSA_AES_KEY_WRAP" -> "SHA-1";
      case "RSA_AES_KEY_WRAP_256" -> "SHA-256";
      case "RSA_AES_KEY_WRAP_384" -> "SHA-384";
      default ->
          throw new IllegalArgumentException(
              "unsupported key wrapping algorithm '"
                  + algorithm
                  + "' (supported: CKM_RSA_AES_KEY_WRAP, RSA_AES_KEY_WRAP_256,"
                  + " RSA_AES_KEY_WRAP_384)");
    };
  }

  /** The key material wrapped in {@code ciphertext} for {@code wrappingKey}. */
  public static byte[] unwrap(String algorithm, byte[] ciphertext, RSAPrivateKey wrappingKey) {
    String hash = oaepHash(algorithm);
    int modulusBytes = (wrappingKey.getModulus().bitLength() + 7) / 8;
    if (ciphertext.length <= modulusBytes + 8) {
      throw new IllegalArgumentException(
          "wrapped key is "
              + ciphertext.length
              + " bytes, too short for a "
              + modulusBytes * 8
              + "-bit RSA-wrapped AES key and a wrapped key");
    }
    byte[] aesKey = null;
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.DECRYPT_MODE,
          wrappingKey,
          new OAEPParameterSpec(
              hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
      aesKey = rsa.doFinal(ciphertext, 0, modulusBytes);
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
      return kwp.doFinal(ciphertext, modulusBytes, ciphertext.length - modulusBytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot unwrap the released key ("
              + algorithm
              + "): "
              + (aesKey == null ? "RSA-OAEP" : "AES key wrap")
              + " failed: "
              + e.getMessage(),
          e);
    } finally {
      if (aesKey != null) {
        Arrays.fill(aesKey, (byte) 0);
      }
    }
  }
}
