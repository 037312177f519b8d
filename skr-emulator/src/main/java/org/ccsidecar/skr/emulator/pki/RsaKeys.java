package org.ccsidecar.skr.emulator.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;

/** RSA key pairs: generated fresh, or kept in the state directory so a restart keeps them. */
public final class RsaKeys {
  private RsaKeys() {}

  public static KeyPair generate(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation unavailable", e);
    }
  }

  /** Loads {@code file}, or generates a 2048-bit pair and stores it there. */
  public static KeyPair loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return PemFiles.readKeyPair(file);
    }
    KeyPair pair = generate(2048);
    PemFiles.writeKeyPair(file, pair);
    return pair;
  }

  static PublicKey publicOf(PrivateKey key) throws IOException {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IOException("expected an RSA private key, found " + key.getAlgorithm());
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
