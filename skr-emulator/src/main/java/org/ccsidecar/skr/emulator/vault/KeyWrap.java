package org.ccsidecar.skr.emulator.vault;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key Vault's RSA-AES key wrap for released keys: a one-time AES-256 key, encrypted with RSA-OAEP
 * (SHA-1 for CKM_RSA_AES_KEY_WRAP, SHA-256 / SHA-384 for RSA_AES_KEY_WRAP_256 / _384; MGF1 with the
 * same hash), followed by the key material wrapped under it with AES key wrap with padding (RFC
 * 5649).
 */
enum KeyWrap {
  CKM_RSA_AES_KEY_WRAP("SHA-1", MGF1ParameterSpec.SHA1),
  RSA_AES_KEY_WRAP_256("SHA-256", MGF1ParameterSpec.SHA256),
  RSA_AES_KEY_WRAP_384("SHA-384", MGF1ParameterSpec.SHA384);

  private static final SecureRandom RANDOM = new SecureRandom();
  private final String hash;
  private final MGF1ParameterSpec mgf;

  KeyWrap(String hash, MGF1ParameterSpec mgf) {
    this.hash = hash;
    this.mgf = mgf;
  }

  /** The algorithm a release request names in "enc"; absent means CKM_RSA_AES_KEY_WRAP. */
  static KeyWrap named(String enc) {
    if (enc == null || enc.isEmpty()) {
      return CKM_RSA_AES_KEY_WRAP;
    }
    for (KeyWrap wrap : values()) {
      if (wrap.name().equals(enc)) {
        return wrap;
      }
    }
    throw new IllegalArgumentException(
        "enc '" + enc + "' is not supported; use one of " + Arrays.toString(values()));
  }

  byte[] wrap(byte[] material, RSAPublicKey wrappingKey) throws GeneralSecurityException {
    byte[] aesKey = new byte[32];
    RANDOM.nextBytes(aesKey);
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.ENCRYPT_MODE,
          wrappingKey,
          new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT));
      byte[] encryptedKey = rsa.doFinal(aesKey);
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
      byte[] wrapped = kwp.doFinal(material);
      byte[] result = Arrays.copyOf(encryptedKey, encryptedKey.length + wrapped.length);
      System.arraycopy(wrapped, 0, result, encryptedKey.length, wrapped.length);
      return result;
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }
}
