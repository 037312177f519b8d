package org.ccsidecar.skr.snp;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;

/**
 * AMD's X.509 extensions in a VCEK (VCEK certificate and KDS interface specification): the TCB
 * security patch levels it was issued for and the chip's HWID.
 */
public final class VcekExtensions {
  private static final String AMD_ARC = "1.3.6.1.4.1.3704.1.";
  private static final String HWID = AMD_ARC + "4";

  /** TCB byte index -> extension OID: blSPL, teeSPL, spl_4..7, snpSPL, ucodeSPL. */
  private static final String[] TCB_OIDS = {
    AMD_ARC + "3.1",
    AMD_ARC + "3.2",
    AMD_ARC + "3.4",
    AMD_ARC + "3.5",
    AMD_ARC + "3.6",
    AMD_ARC + "3.7",
    AMD_ARC + "3.3",
    AMD_ARC + "3.8"
  };

  private VcekExtensions() {}

  /**
   * The TCB version the VCEK was issued for, in the byte layout of REPORTED_TCB. (The Go sidecar
   * reads one byte of each INTEGER and so misreads levels of 128 and above; this decodes the
   * INTEGER.)
   */
  public static TcbVersion tcb(X509Certificate vcek) throws SnpVerificationException {
    long raw = 0;
    for (int i = 0; i < TCB_OIDS.length; i++) {
      byte[] value = octets(vcek, TCB_OIDS[i]);
      if (value == null) {
        continue;
      }
      BigInteger level;
      try {
        level = ASN1Integer.getInstance(value).getValue();
      } catch (IllegalArgumentException e) {
        throw new SnpVerificationException("VCEK extension " + TCB_OIDS[i] + " is not an INTEGER");
      }
      if (level.signum() < 0 || level.bitLength() > 8) {
        throw new SnpVerificationException(
            "VCEK extension " + TCB_OIDS[i] + " holds " + level + ", not a byte");
      }
      raw |= level.longValue() << (8 * i);
    }
    return new TcbVersion(raw);
  }

  /** The chip's HWID (64 bytes) for a VCEK; empty for keys without one, such as a VLEK. */
  public static Optional<byte[]> hwid(X509Certificate vcek) throws SnpVerificationException {
    return Optional.ofNullable(octets(vcek, HWID));
  }

  private static byte[] octets(X509Certificate cert, String oid) throws SnpVerificationException {
    byte[] extension = cert.getExtensionValue(oid);
    if (extension == null) {
      return null;
    }
    try {
      return ASN1OctetString.getInstance(extension).getOctets();
    } catch (IllegalArgumentException e) {
      throw new SnpVerificationException("VCEK extension " + oid + " is malformed", e);
    }
  }
}
