package org.ccsidecar.azmount.luks;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over the JDK's HMAC, which takes binary passwords (key files) as they are,
 * unlike the JDK's char[]-based PBKDF2 SecretKeyFactory.
 */
final class Pbkdf2 {
  private Pbkdf2() {}

  static byte[] derive(LuksHash hash, byte[] password, byte[] salt, long iterations, int length) {
    if (iterations < 1 || length < 1) {
      throw new IllegalArgumentException("PBKDF2 needs iterations >= 1 and length >= 1");
    }
    // HMAC pads its key with zeros, so the empty key and a single zero byte are the same key;
    // SecretKeySpec refuses an empty array.
    byte[] key = password.length == 0 ? new byte[1] : password;
    try {
      Mac mac = Mac.getInstance(hash.hmacName());
      mac.init(new SecretKeySpec(key, hash.hmacName()));
      int hlen = mac.getMacLength();
      byte[] out = new byte[length];
      byte[] u = new byte[hlen];
      byte[] t = new byte[hlen];
      byte[] blockIndex = new byte[4];
      for (int block = 1, pos = 0; pos < length; block++, pos += hlen) {
        blockIndex[0] = (byte) (block >>> 24);
        blockIndex[1] = (byte) (block >>> 16);
        blockIndex[2] = (byte) (block >>> 8);
        blockIndex[3] = (byte) block;
        mac.update(salt);
        mac.update(blockIndex);
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, t, 0, hlen);
        for (long i = 1; i < iterations; i++) {
          mac.update(u);
          mac.doFinal(u, 0);
          for (int j = 0; j < hlen; j++) {
            t[j] ^= u[j];
          }
        }
        System.arraycopy(t, 0, out, pos, Math.min(hlen, length - pos));
      }
      Arrays.fill(u, (byte) 0);
      Arrays.fill(t, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC " + hash.hmacName() + " failed", e);
    }
  }
}
