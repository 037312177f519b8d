package org.ccsidecar.skr.maa;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.ccsidecar.skr.attest.ReportData;

/**
 * A fresh RSA-2048 key pair made for one release. Its public half, as a JWK set, is the runtime
 * data MAA puts into the token ({@code x-ms-runtime.keys}); Key Vault wraps the released key to it,
 * and only this process holds the private half.
 */
public final class WrappingKey {
  public static final int RSA_BITS = 2048;

  private final KeyPair keyPair;
  private final byte[] jwkSetJson;

  private WrappingKey(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.jwkSetJson = jwkSet((RSAPublicKey) keyPair.getPublic());
  }

  public static WrappingKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      return new WrappingKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate RSA wrapping key", e);
    }
  }

  /** The JWK set JSON, exactly the bytes sent to MAA and hashed into REPORT_DATA. */
  public byte[] jwkSetJson() {
    return jwkSetJson.clone();
  }

  /** REPORT_DATA: SHA-256 of {@link #jwkSetJson()} followed by 32 zero bytes. */
  public byte[] reportData() {
    return ReportData.forRuntimeData(jwkSetJson);
  }

  public RSAPrivateKey privateKey() {
    return (RSAPrivateKey) keyPair.getPrivate();
  }

  public RSAPublicKey publicKey() {
    return (RSAPublicKey) keyPair.getPublic();
  }

  private static byte[] jwkSet(RSAPublicKey publicKey) {
    try {
      RSAKey jwk =
          new RSAKey.Builder(publicKey)
              .keyOperations(Set.of(KeyOperation.ENCRYPT))
              .keyIDFromThumbprint()
              .build();
      return new JWKSet(jwk).toString(true).getBytes(StandardCharsets.UTF_8);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the JWK thumbprint", e);
    }
  }
}
