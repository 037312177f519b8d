package org.ccsidecar.skr.emulator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The emulator's self-signed certificate authority. Its key and certificate live in the state
 * directory ({@code ca-key.pem}, {@code ca.pem}) so clients that trust {@code ca.pem} keep trusting
 * the emulator across restarts. It signs the TLS server certificate and the vault's signing
 * certificate.
 */
public final class EmulatorCa {
  public static final String CA_FILE = "ca.pem";
  private static final String CA_KEY_FILE = "ca-key.pem";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final Path certificateFile;

  private EmulatorCa(KeyPair keyPair, X509Certificate certificate, Path certificateFile) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.certificateFile = certificateFile;
  }

  public static EmulatorCa loadOrCreate(Path stateDir) throws IOException {
    Path certFile = stateDir.resolve(CA_FILE);
    Path keyFile = stateDir.resolve(CA_KEY_FILE);
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      return new EmulatorCa(
          PemFiles.readKeyPair(keyFile), PemFiles.readCertificate(certFile), certFile);
    }
    KeyPair pair = RsaKeys.generate(2048);
    X500Name name = new X500Name("CN=ccsidecar skr-emulator CA,O=ccsidecar test only");
    X509Certificate cert;
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  notBefore(),
                  notAfter(Duration.ofDays(3650)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(pair.getPublic()));
      cert = sign(builder, pair);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the emulator CA", e);
    }
    PemFiles.writeKeyPair(keyFile, pair);
    PemFiles.writeCertificate(certFile, cert);
    return new EmulatorCa(pair, cert, certFile);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Path certificateFile() {
    return certificateFile;
  }

  /**
   * Issues an end-entity certificate for {@code subjectKey} naming {@code host} (an IP address gets
   * an IP SAN, anything else a DNS SAN) plus any {@code extraDnsNames}. Every leaf is a TLS server
   * certificate: Go's verifier, which the sidecar's users know, requires serverAuth.
   */
  public X509Certificate issue(KeyPair subjectKey, String host, List<String> extraDnsNames) {
    List<GeneralName> names = new ArrayList<>();
    names.add(
        new GeneralName(isIpAddress(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
    for (String dns : extraDnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  notBefore(),
                  notAfter(Duration.ofDays(365)),
                  new X500Name("CN=" + host + ",O=ccsidecar skr-emulator"),
                  subjectKey.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(certificate))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
      return sign(builder, keyPair);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + host, e);
    }
  }

  /** A server-side TLS context presenting {@code leaf} (issued by this CA) and the CA. */
  public SSLContext serverContext(KeyPair leafKey, X509Certificate leaf) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry(
          "server", leafKey.getPrivate(), password, new X509Certificate[] {leaf, certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS server context", e);
    }
  }

  /** A client-side TLS context trusting only this CA (the vault uses it to reach the MAA). */
  public SSLContext clientContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("emulator-ca", certificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS client context", e);
    }
  }

  static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter(Duration validity) {
    return Date.from(Instant.now().plus(validity));
  }
}
