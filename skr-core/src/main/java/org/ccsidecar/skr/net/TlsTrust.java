package org.ccsidecar.skr.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates this process trusts: the JDK's system trust store plus, optionally, extra CA
 * certificates from a PEM file (the emulator's CA). Used for TLS to MAA and Key Vault and for the
 * certificate chain of Key Vault's signed release response.
 */
public final class TlsTrust {
  /** Environment variable naming an extra CA PEM file to trust. */
  public static final String CA_FILE_ENV = "SKR_CA_FILE";

  private final List<X509Certificate> extraCas;

  private TlsTrust(List<X509Certificate> extraCas) {
    this.extraCas = List.copyOf(extraCas);
  }

  /** The system trust store only. */
  public static TlsTrust system() {
    return new TlsTrust(List.of());
  }

  /** The system trust store plus the CA certificates in {@code caPem}. */
  public static TlsTrust withExtraCaFile(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      return withExtraCas(readCertificates(in, caPem.toString()));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CA file " + caPem + ": " + e.getMessage(), e);
    }
  }

  /** The system trust store plus {@code cas}. */
  public static TlsTrust withExtraCas(List<X509Certificate> cas) {
    return new TlsTrust(cas);
  }

  /** {@code caFile} when given, else the file named by {@link #CA_FILE_ENV}, else the system. */
  public static TlsTrust fromOptionOrEnvironment(Path caFile) {
    if (caFile != null) {
      return withExtraCaFile(caFile);
    }
    String env = System.getenv(CA_FILE_ENV);
    return env == null || env.isBlank() ? system() : withExtraCaFile(Path.of(env));
  }

  public List<X509Certificate> extraCas() {
    return extraCas;
  }

  /** Trust anchors for PKIX path validation: system roots and the extra CAs. */
  public Set<TrustAnchor> trustAnchors() {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate root : systemTrustManager().getAcceptedIssuers()) {
      anchors.add(new TrustAnchor(root, null));
    }
    for (X509Certificate ca : extraCas) {
      anchors.add(new TrustAnchor(ca, null));
    }
    return anchors;
  }

  /** A TLS context that accepts servers chaining to a system root or an extra CA. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
    }
  }

  /** The trust manager accepting servers that chain to a system root or an extra CA. */
  public X509TrustManager trustManager() {
    try {
      return extraCas.isEmpty() ? systemTrustManager() : combinedTrustManager();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build trust manager: " + e.getMessage(), e);
    }
  }

  private X509TrustManager combinedTrustManager() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int index = 0;
    for (X509Certificate root : systemTrustManager().getAcceptedIssuers()) {
      store.setCertificateEntry("system-" + index++, root);
    }
    for (X509Certificate ca : extraCas) {
      store.setCertificateEntry("extra-" + index++, ca);
    }
    return x509TrustManager(store);
  }

  private static X509TrustManager systemTrustManager() {
    try {
      return x509TrustManager(null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the system trust store: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager x509TrustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return Arrays.stream(factory.getTrustManagers())
        .filter(X509TrustManager.class::isInstance)
        .map(X509TrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new GeneralSecurityException("no X509 trust manager"));
  }

  /** Parses every certificate in a PEM (or DER) stream; {@code name} is used in errors. */
  public static List<X509Certificate> readCertificates(InputStream in, String name) {
    try {
      Collection<? extends java.security.cert.Certificate> parsed =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> certs = new ArrayList<>();
      for (java.security.cert.Certificate cert : parsed) {
        certs.add((X509Certificate) cert);
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(name + " holds no certificate");
      }
      return certs;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          name + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }
}
