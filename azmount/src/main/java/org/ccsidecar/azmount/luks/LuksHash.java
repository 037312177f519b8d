package org.ccsidecar.azmount.luks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** The hash functions LUKS headers may name that this engine supports. */
enum LuksHash {
  SHA1("sha1", "SHA-1", "HmacSHA1", 20),
  SHA256("sha256", "SHA-256", "HmacSHA256", 32),
  SHA512("sha512", "SHA-512", "HmacSHA512", 64);

  private final String luksName;
  private final String jdkName;
  private final String hmacName;
  private final int size;

  LuksHash(String luksName, String jdkName, String hmacName, int size) {
    this.luksName = luksName;
    this.jdkName = jdkName;
    this.hmacName = hmacName;
    this.size = size;
  }

  /** The hash named {@code name} in a header ({@code what} says where, for the error). */
  static LuksHash byName(String name, String what) throws LuksException {
    String lower = name.toLowerCase(Locale.ROOT);
    for (LuksHash hash : values()) {
      if (hash.luksName.equals(lower)) {
        return hash;
      }
    }
    throw new LuksException(
        "unsupported hash '"
            + LuksText.printable(name)
            + "' in "
            + what
            + " (supported: sha1, sha256, sha512)");
  }

  String luksName() {
    return luksName;
  }

  String hmacName() {
    return hmacName;
  }

  int size() {
    return size;
  }

  MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdkName, e);
    }
  }

  Digest newBouncyCastleDigest() {
    return switch (this) {
      case SHA1 -> new SHA1Digest();
      case SHA256 -> new SHA256Digest();
      case SHA512 -> new SHA512Digest();
    };
  }
}
