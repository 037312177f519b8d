package org.ccsidecar.skr.snp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The AMD certificates that endorse a report: the VCEK (or VLEK) that signs it, the ASK that signs
 * the VCEK, the ARK that signs the ASK and itself. Read from THIM JSON or from a PEM bundle in the
 * order VCEK, ASK, ARK (the order MAA takes).
 */
public final class AmdCertChain {
  private final X509Certificate vcek;
  private final X509Certificate ask;
  private final X509Certificate ark;
  private final Optional<TcbVersion> declaredTcb;

  private AmdCertChain(
      X509Certificate vcek,
      X509Certificate ask,
      X509Certificate ark,
      Optional<TcbVersion> declaredTcb) {
    this.vcek = vcek;
    this.ask = ask;
    this.ark = ark;
    this.declaredTcb = declaredTcb;
  }

  /**
   * THIM JSON when the text starts with '{', a PEM bundle when it has PEM markers, else the base64
   * of THIM JSON (the UVM's host-amd-cert-base64 file).
   */
  public static AmdCertChain parse(byte[] thimJsonOrPem) throws IOException {
    String text = new String(thimJsonOrPem, StandardCharsets.US_ASCII).strip();
    if (text.startsWith("{")) {
      return fromThim(ThimCerts.parseJson(thimJsonOrPem));
    }
    if (text.contains("-----BEGIN") || text.isEmpty()) {
      return fromPem(thimJsonOrPem);
    }
    try {
      return fromThim(ThimCerts.parseBase64(text));
    } catch (IOException e) {
      throw new IOException(
          "neither THIM JSON, base64 THIM JSON nor PEM certificates (" + e.getMessage() + ")", e);
    }
  }

  public static AmdCertChain fromThim(ThimCerts thim) throws IOException {
    List<X509Certificate> vcek = certificates(thim.vcekCert().getBytes(StandardCharsets.US_ASCII));
    List<X509Certificate> chain =
        certificates(thim.certificateChain().getBytes(StandardCharsets.US_ASCII));
    if (vcek.size() != 1) {
      throw new IOException(
          "THIM vcekCert must hold exactly one certificate, found " + vcek.size());
    }
    List<X509Certificate> all = new ArrayList<>(vcek);
    all.addAll(chain);
    Optional<TcbVersion> tcb = thim.tcbm().isEmpty() ? Optional.empty() : Optional.of(thim.tcb());
    return of(all, tcb);
  }

  public static AmdCertChain fromPem(byte[] pem) throws IOException {
    return of(certificates(pem), Optional.empty());
  }

  private static AmdCertChain of(List<X509Certificate> certs, Optional<TcbVersion> tcb)
      throws IOException {
    if (certs.size() != 3) {
      throw new IOException(
          "an AMD certificate chain has 3 certificates (VCEK, ASK, ARK), found " + certs.size());
    }
    X509Certificate vcek = certs.get(0);
    X509Certificate ask = certs.get(1);
    X509Certificate ark = certs.get(2);
    requireRole(
        vcek.getPublicKey() instanceof ECPublicKey
            && (commonName(vcek).equals("SEV-VCEK") || commonName(vcek).equals("SEV-VLEK")),
        1,
        vcek,
        "the VCEK (CN=SEV-VCEK, an EC key)");
    requireRole(
        ask.getPublicKey() instanceof RSAPublicKey && !selfIssued(ask),
        2,
        ask,
        "the ASK (an RSA key issued by the ARK)");
    requireRole(
        ark.getPublicKey() instanceof RSAPublicKey && selfIssued(ark),
        3,
        ark,
        "the ARK (a self-issued RSA root)");
    return new AmdCertChain(vcek, ask, ark, tcb);
  }

  private static void requireRole(boolean ok, int position, X509Certificate cert, String role)
      throws IOException {
    if (!ok) {
      throw new IOException(
          "certificate "
              + position
              + " of 3 (CN="
              + commonName(cert)
              + ") is not "
              + role
              + "; the chain must be VCEK, ASK, ARK in that order");
    }
  }

  private static List<X509Certificate> certificates(byte[] pem) throws IOException {
    try {
      Collection<? extends Certificate> parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : parsed) {
        certs.add((X509Certificate) c);
      }
      return certs;
    } catch (CertificateException e) {
      throw new IOException("cannot read the certificates: " + e.getMessage(), e);
    }
  }

  static String commonName(X509Certificate cert) {
    RDN[] cns =
        X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
    return cns.length == 0 ? "" : IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  private static boolean selfIssued(X509Certificate cert) {
    return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
  }

  public X509Certificate vcek() {
    return vcek;
  }

  public X509Certificate ask() {
    return ask;
  }

  public X509Certificate ark() {
    return ark;
  }

  public PublicKey vcekKey() {
    return vcek.getPublicKey();
  }

  /** The TCB the source declared for the VCEK (THIM's "tcbm"); empty for a PEM bundle. */
  public Optional<TcbVersion> declaredTcb() {
    return declaredTcb;
  }

  /** The subjects' common names, leaf first, such as "SEV-VCEK -> SEV-Milan -> ARK-Milan". */
  public String describe() {
    return commonName(vcek) + " -> " + commonName(ask) + " -> " + commonName(ark);
  }

  /** VCEK, ASK and ARK as one PEM text. */
  public byte[] toPem() {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate cert : List.of(vcek, ask, ark)) {
      pem.append(toPem(cert));
    }
    return pem.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String toPem(X509Certificate cert) {
    try {
      return Pem.certificate(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate " + commonName(cert), e);
    }
  }
}
