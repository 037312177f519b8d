package org.ccsidecar.azmount.luks;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES/ECB/NoPadding Cipher objects: the JDK's AES intrinsic behind one call per run. */
final class AesEcb {
  private AesEcb() {}

  static Cipher cipher(int mode, SecretKeySpec key) {
    try {
      Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(mode, key);
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB unavailable", e);
    }
  }

  /** Runs {@code len} bytes (whole blocks) from {@code in} to {@code out} (different arrays). */
  static void run(Cipher cipher, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      int n = cipher.update(in, inOff, len, out, outOff);
      if (n != len) {
        throw new IllegalStateException("AES/ECB returned " + n + " of " + len + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB failed", e);
    }
  }
}
