package org.ccsidecar.skr.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.Test;

/** The filesystem key must be byte-identical to the Go sidecar's: checked against openssl. */
class FilesystemKeyTest {
  private static final String SALT =
      "92a631483ca875aad7e2477da755d58cac3876b77d10bcdd7b33bfa11e7d8b8e";

  @Test
  void rsaKeyDerivationMatchesOpensslHkdf() throws Exception {
    SystemTests.requireCommand("openssl");
    // Generate keys until D's top bit is set, so toByteArray() has a sign byte that must go.
    RSAPrivateKey rsa;
    do {
      rsa = (RSAPrivateKey) rsaKeyPair().getPrivate();
    } while (rsa.getPrivateExponent().toByteArray()[0] != 0);
    KeyDerivation derivation = new KeyDerivation(SALT, "Model Encryption Key");

    byte[] ours = FilesystemKey.fromRsaPkcs8(rsa.getEncoded(), derivation);

    assertEquals(
        opensslHkdf(unsignedHex(rsa.getPrivateExponent()), SALT, "Model Encryption Key"),
        HexFormat.of().formatHex(ours));
  }

  @Test
  void emptyLabelMeansTheDefaultLabelAndEmptySaltIsAllowed() throws Exception {
    SystemTests.requireCommand("openssl");
    RSAPrivateKey rsa = (RSAPrivateKey) rsaKeyPair().getPrivate();
    byte[] ours = FilesystemKey.fromRsaPkcs8(rsa.getEncoded(), new KeyDerivation("", ""));
    // HKDF with no salt is HKDF with HashLen zero bytes of salt (RFC 5869 2.2).
    assertEquals(
        opensslHkdf(
            unsignedHex(rsa.getPrivateExponent()), "00".repeat(32), KeyDerivation.DEFAULT_LABEL),
        HexFormat.of().formatHex(ours));
  }

  @Test
  void releasedRsaKeyGoesThroughHkdfAndOctKeysAreUsedAsTheyAre() throws Exception {
    RSAPrivateKey rsa = (RSAPrivateKey) rsaKeyPair().getPrivate();
    KeyDerivation derivation = new KeyDerivation(SALT, "x");
    try (ReleasedKey released = new ReleasedKey("RSA-HSM", List.of(), rsa.getEncoded())) {
      assertArrayEquals(
          FilesystemKey.fromRsaPkcs8(rsa.getEncoded(), derivation),
          FilesystemKey.from(released, derivation));
    }
    byte[] oct = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    ReleasedKey released = new ReleasedKey("oct-HSM", List.of(), oct.clone());
    assertArrayEquals(oct, FilesystemKey.from(released, derivation));
    released.close();
    assertArrayEquals(new byte[32], released.material(), "closing zeroes the material");
  }

  @Test
  void refusesWhatCannotBeAFilesystemKey() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FilesystemKey.from(new ReleasedKey("oct", List.of(), new byte[16]), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> FilesystemKey.from(new ReleasedKey("EC-HSM", List.of(), new byte[16]), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> FilesystemKey.from(new ReleasedKey("RSA", List.of(), new byte[16]), null));
    assertThrows(IllegalArgumentException.class, () -> new KeyDerivation("zz", null).saltBytes());
  }

  private static KeyPair rsaKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String unsignedHex(BigInteger value) {
    String hex = value.toString(16);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  private static String opensslHkdf(String ikmHex, String saltHex, String info)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "openssl",
                "kdf",
                "-keylen",
                "32",
                "-kdfopt",
                "digest:SHA256",
                "-kdfopt",
                "hexkey:" + ikmHex,
                "-kdfopt",
                "hexsalt:" + saltHex,
                "-kdfopt",
                "info:" + info,
                "HKDF")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl kdf failed: " + output);
    }
    return output.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT);
  }
}
