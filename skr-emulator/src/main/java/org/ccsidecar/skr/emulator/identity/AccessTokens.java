package org.ccsidecar.skr.emulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the emulator's managed-identity access tokens: RS256 JWTs with the claims an
 * Azure AD app token carries (aud, iss, tid, oid, appid, iat, nbf, exp). The issuer is a name under
 * the reserved {@code .invalid} domain so nobody mistakes these tokens for Azure AD ones.
 */
public final class AccessTokens {
  public static final String TENANT_ID = "72f988bf-0000-4000-8000-5e4e0a1a7e57";
  public static final String ISSUER = "https://skr-emulator.invalid/" + TENANT_ID + "/";
  public static final String DEFAULT_CLIENT_ID = "00000000-5e4e-4000-8000-000000000001";
  public static final Duration LIFETIME = Duration.ofHours(24);

  private final KeyPair signingKey;

  public AccessTokens(KeyPair signingKey) {
    this.signingKey = signingKey;
  }

  /** An issued token and its expiry. */
  public record Issued(String token, Instant notBefore, Instant expiresOn, String clientId) {
    @Override
    public String toString() {
      return "Issued[token=REDACTED, notBefore="
          + notBefore
          + ", expiresOn="
          + expiresOn
          + ", clientId="
          + clientId
          + "]";
    }
  }

  public Issued issue(String resource, String clientId) {
    Instant now = Instant.now();
    Instant expires = now.plus(LIFETIME);
    String client = clientId == null || clientId.isBlank() ? DEFAULT_CLIENT_ID : clientId;
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .audience(resource)
            .issuer(ISSUER)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .subject(client)
            .jwtID(UUID.randomUUID().toString())
            .claim("tid", TENANT_ID)
            .claim("oid", client)
            .claim("appid", client)
            .claim("idtyp", "app")
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(signingKey.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new Issued(jwt.serialize(), now, expires, client);
  }

  /**
   * Checks a bearer token: our signature, our issuer, one of {@code audiences} (ignoring a trailing
   * slash) and the validity window. Returns why it is refused, or empty when it is good.
   */
  public Optional<String> refusal(String token, Set<String> audiences) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new RSASSAVerifier((RSAPublicKey) signingKey.getPublic()))) {
        return Optional.of("the access token's signature is not the emulator identity's");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!ISSUER.equals(claims.getIssuer())) {
        return Optional.of("the access token was not issued by the emulator");
      }
      boolean audienceOk =
          claims.getAudience().stream()
              .map(a -> a.endsWith("/") ? a.substring(0, a.length() - 1) : a)
              .anyMatch(audiences::contains);
      if (!audienceOk) {
        return Optional.of(
            "the access token's audience " + claims.getAudience() + " is not this vault");
      }
      Date now = new Date();
      if (claims.getExpirationTime() == null || now.after(claims.getExpirationTime())) {
        return Optional.of("the access token has expired");
      }
      if (claims.getNotBeforeTime() != null
          && now.before(Date.from(claims.getNotBeforeTime().toInstant().minusSeconds(300)))) {
        return Optional.of("the access token is not valid yet");
      }
      return Optional.empty();
    } catch (ParseException | JOSEException | ClassCastException e) {
      return Optional.of("the access token is not a JWT signed by the emulator");
    }
  }
}
