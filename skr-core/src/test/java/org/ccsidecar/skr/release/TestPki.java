package org.ccsidecar.skr.release;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and leaf certificates, as a vault's signing chain would look. */
final class TestPki {
  final KeyPair caKeys = rsa();
  final X509Certificate ca;

  TestPki(String name) throws Exception {
    X500Name subject = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject, BigInteger.ONE, from(), until(), subject, caKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    ca = sign(builder, caKeys.getPrivate());
  }

  /** A leaf for {@code commonName} with the given SANs (DNS names, or IPs when numeric). */
  Leaf leaf(String commonName, String... sans) throws Exception {
    KeyPair keys = rsa();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca,
            BigInteger.valueOf(System.nanoTime()),
            from(),
            until(),
            new X500Name("CN=" + commonName),
            keys.getPublic());
    if (sans.length > 0) {
      GeneralName[] names = new GeneralName[sans.length];
      for (int i = 0; i < sans.length; i++) {
        boolean ip = sans[i].matches("[0-9.]+");
        names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, sans[i]);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return new Leaf(sign(builder, caKeys.getPrivate()), keys.getPrivate(), keys.getPublic());
  }

  record Leaf(X509Certificate certificate, PrivateKey privateKey, PublicKey publicKey) {}

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }

  private static Date from() {
    return Date.from(Instant.now().minus(1, ChronoUnit.HOURS));
  }

  private static Date until() {
    return Date.from(Instant.now().plus(1, ChronoUnit.DAYS));
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
