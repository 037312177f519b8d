package org.ccsidecar.skr.release;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Key Vault's RSA_AES wrapping done with Bouncy Castle's low-level engines, independently of the
 * JDK ciphers {@link KeyUnwrapper} uses: RSA-OAEP of a fresh AES key, then RFC 5649.
 */
final class IndependentWrap {
  private IndependentWrap() {}

  static byte[] wrap(String algorithm, byte[] material, RSAPublicKey wrappingKey)
      throws InvalidCipherTextException {
    SecureRandom random = new SecureRandom();
    byte[] aesKey = new byte[32];
    random.nextBytes(aesKey);
    Digest hash = digest(algorithm);
    OAEPEncoding oaep = new OAEPEncoding(new RSAEngine(), hash, digest(algorithm), null);
    oaep.init(
        true,
        new ParametersWithRandom(
            new RSAKeyParameters(false, wrappingKey.getModulus(), wrappingKey.getPublicExponent()),
            random));
    byte[] encryptedAesKey = oaep.processBlock(aesKey, 0, aesKey.length);
    RFC5649WrapEngine kwp = new RFC5649WrapEngine(AESEngine.newInstance());
    kwp.init(true, new KeyParameter(aesKey));
    byte[] wrapped = kwp.wrap(material, 0, material.length);
    byte[] out = new byte[encryptedAesKey.length + wrapped.length];
    System.arraycopy(encryptedAesKey, 0, out, 0, encryptedAesKey.length);
    System.arraycopy(wrapped, 0, out, encryptedAesKey.length, wrapped.length);
    return out;
  }

  private static Digest digest(String algorithm) {
    return switch (algorithm) {
      case "CKM_RSA_AES_KEY_WRAP" -> new SHA1Digest();
      case "RSA_AES_KEY_WRAP_256" -> new SHA256Digest();
      case "RSA_AES_KEY_WRAP_384" -> new SHA384Digest();
      default -> throw new IllegalArgumentException(algorithm);
    };
  }
}
