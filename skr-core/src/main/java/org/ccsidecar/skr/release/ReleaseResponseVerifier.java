package org.ccsidecar.skr.release;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.Base64;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.ccsidecar.skr.net.TlsTrust;

/**
 * Checks Key Vault's signed release response before anything in it is used: the JWS signature
 * verifies with the key of {@code x5c[0]}, the {@code x5c} chain leads to a trusted root, and the
 * leaf certificate names the vault's host.
 */
public final class ReleaseResponseVerifier {
  private final TlsTrust trust;

  public ReleaseResponseVerifier(TlsTrust trust) {
    this.trust = trust;
  }

  /** The verified payload JSON of {@code jws}, signed for {@code vaultHost}. */
  public String verify(String jws, String vaultHost) {
    JWSObject object;
    try {
      object = JWSObject.parse(jws);
    } catch (ParseException e) {
      throw new ReleaseRefusedException("release response is not a JWS: " + e.getMessage(), e);
    }
    List<X509Certificate> chain = chain(object.getHeader().getX509CertChain());
    X509Certificate leaf = chain.get(0);
    checkSignature(object, leaf);
    checkChain(chain);
    if (!HostNames.certificateNames(leaf, vaultHost)) {
      throw new ReleaseRefusedException(
          "release response is signed by '"
              + leaf.getSubjectX500Principal().getName()
              + "', whose certificate does not name the vault host "
              + vaultHost);
    }
    return object.getPayload().toString();
  }

  private static List<X509Certificate> chain(List<Base64> x5c) {
    if (x5c == null || x5c.isEmpty()) {
      throw new ReleaseRefusedException("release response JWS has no x5c certificate chain");
    }
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Base64 der : x5c) {
        certs.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.decode())));
      }
    } catch (GeneralSecurityException e) {
      throw new ReleaseRefusedException(
          "release response x5c[" + certs.size() + "] is not a certificate", e);
    }
    return certs;
  }

  private static void checkSignature(JWSObject object, X509Certificate leaf) {
    boolean valid;
    try {
      JWSVerifier verifier =
          new DefaultJWSVerifierFactory()
              .createJWSVerifier(object.getHeader(), leaf.getPublicKey());
      valid = object.verify(verifier);
    } catch (JOSEException e) {
      throw new ReleaseRefusedException(
          "release response signature cannot be checked: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new ReleaseRefusedException(
          "release response signature does not verify with the key of x5c[0]");
    }
  }

  private void checkChain(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>(chain);
    // A root sent along is dropped: it must come from the trust store, not the response.
    if (path.size() > 1 && isSelfIssued(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    try {
      PKIXParameters parameters = new PKIXParameters(trust.trustAnchors());
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new ReleaseRefusedException(
          "release response certificate chain does not lead to a trusted root: " + e.getMessage(),
          e);
    }
  }

  private static boolean isSelfIssued(X509Certificate cert) {
    return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
  }
}
