package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.emulator.http.HttpError;

/**
 * Checks an attestation token as Key Vault does before evaluating a release policy: its issuer must
 * be an authority the policy names, its RS256 signature must verify with a key from that
 * authority's {@code /certs} (x5c[0], or n and e), and it must be within its validity window.
 */
final class AttestationTokenVerifier {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http;

  AttestationTokenVerifier(SSLContext trust) {
    this.http = HttpClient.newBuilder().sslContext(trust).connectTimeout(TIMEOUT).build();
  }

  /** The verified claims; an {@link HttpError} (400 or 403) naming the problem otherwise. */
  JsonNode verify(String token, ReleasePolicy policy) {
    SignedJWT jwt;
    String issuer;
    try {
      jwt = SignedJWT.parse(token);
      issuer = jwt.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw HttpError.badRequest("target is not an attestation token (JWT): " + e.getMessage());
    }
    if (issuer == null || !policy.namesAuthority(issuer)) {
      throw forbidden(
          "the attestation token's issuer "
              + issuer
              + " is not an authority named in the key's release policy "
              + policy.authorities());
    }
    if (!JWSAlgorithm.Family.RSA.contains(jwt.getHeader().getAlgorithm())) {
      throw forbidden(
          "the attestation token is signed with " + jwt.getHeader().getAlgorithm() + ", not RSA");
    }
    RSAPublicKey key = signingKey(strip(issuer), jwt.getHeader().getKeyID());
    try {
      if (!jwt.verify(new RSASSAVerifier(key))) {
        throw forbidden(
            "the attestation token's signature does not verify with " + issuer + "/certs");
      }
      Date now = new Date();
      Date expires = jwt.getJWTClaimsSet().getExpirationTime();
      Date notBefore = jwt.getJWTClaimsSet().getNotBeforeTime();
      if (expires == null || now.after(expires)) {
        throw forbidden("the attestation token has expired");
      }
      if (notBefore != null && now.before(new Date(notBefore.getTime() - 300_000))) {
        throw forbidden("the attestation token is not valid yet");
      }
      return Exchanges.JSON.readTree(jwt.getPayload().toString());
    } catch (JOSEException | ParseException | IOException e) {
      throw forbidden("the attestation token cannot be verified: " + e.getMessage());
    }
  }

  private RSAPublicKey signingKey(String issuer, String kid) {
    JsonNode keys = fetchKeys(issuer);
    for (JsonNode key : keys) {
      if (kid == null || kid.equals(key.path("kid").asText(null))) {
        return publicKey(key, issuer);
      }
    }
    throw forbidden(issuer + "/certs has no key with kid " + kid);
  }

  private JsonNode fetchKeys(String issuer) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(issuer + "/certs")).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw forbidden(issuer + "/certs answered HTTP " + response.statusCode());
      }
      JsonNode keys = Exchanges.JSON.readTree(response.body()).path("keys");
      if (!keys.isArray()) {
        throw forbidden(issuer + "/certs has no keys array");
      }
      return keys;
    } catch (IOException | IllegalArgumentException e) {
      throw forbidden("cannot fetch " + issuer + "/certs: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw forbidden("interrupted while fetching " + issuer + "/certs");
    }
  }

  private static RSAPublicKey publicKey(JsonNode key, String issuer) {
    try {
      PublicKey result;
      JsonNode x5c = key.path("x5c");
      if (x5c.isArray() && !x5c.isEmpty()) {
        byte[] der = Base64.getDecoder().decode(x5c.get(0).asText());
        result =
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der))
                .getPublicKey();
      } else {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        result =
            KeyFactory.getInstance("RSA")
                .generatePublic(
                    new RSAPublicKeySpec(
                        new BigInteger(1, b64.decode(key.path("n").asText())),
                        new BigInteger(1, b64.decode(key.path("e").asText()))));
      }
      if (!(result instanceof RSAPublicKey rsa)) {
        throw forbidden(issuer + "/certs: the signing key is not RSA");
      }
      return rsa;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw forbidden(issuer + "/certs: unreadable signing key: " + e.getMessage());
    }
  }

  private static String strip(String issuer) {
    String value = issuer.contains("://") ? issuer : "https://" + issuer;
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private static HttpError forbidden(String message) {
    return new HttpError(403, "Forbidden", message);
  }
}
