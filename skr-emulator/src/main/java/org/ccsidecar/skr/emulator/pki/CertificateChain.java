package org.ccsidecar.skr.emulator.pki;

import com.nimbusds.jose.util.Base64;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** A signing key's certificate chain as JOSE headers carry it ({@code x5c}, thumbprints). */
public record CertificateChain(List<X509Certificate> certificates) {

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** Standard (not URL-safe) base64 of each DER certificate, leaf first. */
  public List<Base64> x5c() {
    List<Base64> result = new ArrayList<>();
    for (X509Certificate cert : certificates) {
      result.add(Base64.encode(der(cert)));
    }
    return result;
  }

  /** Base64 of the leaf's SHA-256 thumbprint, the form MAA uses for its key ids. */
  public String leafThumbprintBase64() {
    return java.util.Base64.getEncoder().encodeToString(sha256(der(leaf())));
  }

  public byte[] leafSha256() {
    return sha256(der(leaf()));
  }

  public byte[] leafSha1() {
    return digest("SHA-1", der(leaf()));
  }

  private static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }
}
