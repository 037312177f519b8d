package org.ccsidecar.skr.emulator.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Reads and writes the emulator's PEM files (keys owner-only, certificates world-readable). */
public final class PemFiles {
  private PemFiles() {}

  public static String toPem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    Files.writeString(file, toPem(certificate));
  }

  public static void writeKeyPair(Path file, KeyPair keyPair) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, toPem(keyPair.getPrivate()));
  }

  public static X509Certificate readCertificate(Path file) throws IOException {
    Object object = readObject(file);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IOException(file + ": not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static KeyPair readKeyPair(Path file) throws IOException {
    Object object = readObject(file);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (object instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair);
    }
    if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
      java.security.PrivateKey key = converter.getPrivateKey(info);
      return new KeyPair(RsaKeys.publicOf(key), key);
    }
    throw new IOException(file + ": not a PEM private key");
  }

  private static Object readObject(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (object == null) {
        throw new IOException(file + ": no PEM object");
      }
      return object;
    }
  }
}
