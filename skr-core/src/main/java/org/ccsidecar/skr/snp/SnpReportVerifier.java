package org.ccsidecar.skr.snp;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks that a report was signed by the VCEK in a chain, and that the chain runs VCEK -> ASK ->
 * ARK to one of AMD's root keys: ECDSA P-384/SHA-384 over bytes [0, 0x2A0) of the report, RSA-PSS
 * SHA-384 for the certificates. Also checks that the VCEK belongs to the report's chip and TCB.
 */
public final class SnpReportVerifier {
  private static final int P384_BYTES = 48;

  private final AmdRootKeys roots;
  private final Clock clock;

  public SnpReportVerifier() {
    this(AmdRootKeys.BUILT_IN, Clock.systemUTC());
  }

  public SnpReportVerifier(AmdRootKeys roots, Clock clock) {
    this.roots = roots;
    this.clock = clock;
  }

  /** Returns normally when everything holds; otherwise names the first check that failed. */
  public void verify(SnpReport report, AmdCertChain chain) throws SnpVerificationException {
    verifyChain(chain);
    verifySignature(report, chain.vcekKey());
    verifyVcekMatchesReport(report, chain.vcek());
  }

  /** The ARK is a pinned AMD root and signs itself and the ASK; the ASK signs the VCEK. */
  public void verifyChain(AmdCertChain chain) throws SnpVerificationException {
    X509Certificate ark = chain.ark();
    String arkName = AmdCertChain.commonName(ark);
    if (roots.nameOf(ark.getPublicKey()).isEmpty()) {
      throw new SnpVerificationException(
          "the ARK (CN=" + arkName + ") is not one of AMD's root keys (" + roots.names() + ")");
    }
    verifySignedBy(ark, ark, "the ARK is not self-signed");
    verifySignedBy(chain.ask(), ark, "the ASK is not signed by the ARK (CN=" + arkName + ")");
    verifySignedBy(chain.vcek(), chain.ask(), "the VCEK is not signed by the ASK");
    for (X509Certificate cert : new X509Certificate[] {chain.vcek(), chain.ask(), ark}) {
      checkValidity(cert);
    }
  }

  /** ECDSA P-384 with SHA-384 over the signed region; R and S are 72-byte little-endian. */
  public void verifySignature(SnpReport report, PublicKey vcekKey) throws SnpVerificationException {
    if (report.signatureAlgo() != SnpReport.SIGNATURE_ALGO_ECDSA_P384_SHA384) {
      throw new SnpVerificationException(
          "unsupported report signature algorithm " + report.signatureAlgo());
    }
    if (!(vcekKey instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 384) {
      throw new SnpVerificationException("the VCEK key is not an ECDSA P-384 key");
    }
    byte[] p1363 = new byte[2 * P384_BYTES];
    toBigEndian(report.signatureR(), p1363, 0, "R");
    toBigEndian(report.signatureS(), p1363, P384_BYTES, "S");
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("SHA384withECDSAinP1363Format");
      verifier.initVerify(vcekKey);
      verifier.update(report.signedRegion());
      valid = verifier.verify(p1363);
    } catch (GeneralSecurityException e) {
      throw new SnpVerificationException("cannot check the report signature: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new SnpVerificationException(
          "the report signature does not verify with the VCEK: the report was altered or signed"
              + " by another chip/TCB");
    }
  }

  private void verifyVcekMatchesReport(SnpReport report, X509Certificate vcek)
      throws SnpVerificationException {
    Optional<byte[]> hwid = VcekExtensions.hwid(vcek);
    if (hwid.isPresent() && !Arrays.equals(hwid.get(), report.chipId())) {
      throw new SnpVerificationException(
          "the VCEK is for chip "
              + prefix(hwid.get())
              + "..., the report is from chip "
              + prefix(report.chipId())
              + "...");
    }
    TcbVersion vcekTcb = VcekExtensions.tcb(vcek);
    if (vcekTcb.raw() != report.reportedTcb().raw()) {
      throw new SnpVerificationException(
          "the VCEK is for TCB "
              + vcekTcb.toHex()
              + " but the report's REPORTED_TCB is "
              + report.reportedTcb().toHex());
    }
  }

  private static void verifySignedBy(X509Certificate cert, X509Certificate issuer, String failure)
      throws SnpVerificationException {
    try {
      cert.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new SnpVerificationException(failure + " (" + e.getMessage() + ")", e);
    }
  }

  private void checkValidity(X509Certificate cert) throws SnpVerificationException {
    try {
      cert.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new SnpVerificationException(
          "certificate CN="
              + AmdCertChain.commonName(cert)
              + " is not valid now (valid "
              + cert.getNotBefore().toInstant()
              + " to "
              + cert.getNotAfter().toInstant()
              + ")",
          e);
    }
  }

  /** Copies the 48-byte little-endian value into big-endian form; the top 24 bytes must be 0. */
  private static void toBigEndian(byte[] le72, byte[] dst, int offset, String name)
      throws SnpVerificationException {
    for (int i = P384_BYTES; i < le72.length; i++) {
      if (le72[i] != 0) {
        throw new SnpVerificationException(
            "the report signature's " + name + " component exceeds 384 bits");
      }
    }
    for (int i = 0; i < P384_BYTES; i++) {
      dst[offset + i] = le72[P384_BYTES - 1 - i];
    }
  }

  private static String prefix(byte[] id) {
    return HexFormat.of().formatHex(id, 0, 8);
  }
}
