package org.ccsidecar.skr.emulator.maa;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ccsidecar.skr.emulator.pki.CertificateChain;

/**
 * Signs attestation tokens as MAA does (RS256, header jku and kid) and publishes the signing
 * certificate as MAA's /certs does: {@code {"keys": [{"kty", "kid", "x5c"}]}}, without n and e.
 */
final class MaaSigner {
  static final Duration TOKEN_LIFETIME = Duration.ofHours(8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final CertificateChain chain;
  private final String issuer;
  private final String kid;

  MaaSigner(KeyPair keyPair, CertificateChain chain, String issuer) {
    this.keyPair = keyPair;
    this.chain = chain;
    this.issuer = issuer;
    this.kid = chain.leafThumbprintBase64();
  }

  String issuer() {
    return issuer;
  }

  String sign(Map<String, Object> claims) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
            .jwtID(HexFormat.of().formatHex(randomBytes(32)));
    claims.forEach(builder::claim);
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .jwkURL(URI.create(issuer + "/certs"))
            .keyID(kid)
            .build();
    SignedJWT jwt = new SignedJWT(header, builder.build());
    try {
      jwt.sign(new RSASSASigner(keyPair.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an attestation token", e);
    }
    return jwt.serialize();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  Map<String, Object> jwks() {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("kty", "RSA");
    key.put("kid", kid);
    key.put("x5c", chain.x5c().stream().map(Base64::toString).toList());
    return Map.of("keys", List.of(key));
  }
}
