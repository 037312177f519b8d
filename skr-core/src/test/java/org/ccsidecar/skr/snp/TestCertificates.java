package org.ccsidecar.skr.snp;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-made certificates that look like AMD's but are not. */
final class TestCertificates {
  private TestCertificates() {}

  static KeyPair p384() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp384r1"));
    return gen.generateKeyPair();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    return gen.generateKeyPair();
  }

  /** A certificate for {@code subject}'s key named {@code subjectCn}, signed by {@code issuer}. */
  static X509Certificate issue(String subjectCn, KeyPair subject, String issuerCn, KeyPair issuer)
      throws Exception {
    Instant now = Instant.now();
    String alg =
        issuer.getPrivate().getAlgorithm().equals("EC") ? "SHA384withECDSA" : "SHA384withRSA";
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    new X500Name("CN=" + issuerCn + ", O=Advanced Micro Devices"),
                    BigInteger.ONE,
                    Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name("CN=" + subjectCn + ", O=Advanced Micro Devices"),
                    subject.getPublic())
                .build(new JcaContentSignerBuilder(alg).build(issuer.getPrivate())));
  }

  static String pem(X509Certificate cert) {
    return AmdCertChain.toPem(cert);
  }
}
