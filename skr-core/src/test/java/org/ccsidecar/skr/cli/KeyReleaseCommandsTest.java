package org.ccsidecar.skr.cli;

import static org.ccsidecar.skr.cli.SkrCliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage and failure behaviour of attest, release and import-key (the flows run in skr-emulator).
 */
class KeyReleaseCommandsTest {
  @TempDir Path dir;

  private static void assertOneLine(SkrCliRun r, int exit, String... expected) {
    assertEquals(exit, r.exit(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line on stderr: " + err);
    assertFalse(err.contains("Exception"), "no stack trace or exception names: " + err);
    for (String part : expected) {
      assertTrue(err.contains(part), err);
    }
  }

  @Test
  void missingRequiredOptionsAreUsageErrors() {
    assertOneLine(run("attest"), 2, "--maa");
    assertOneLine(run("release", "--out", "k"), 2, "--key-config");
    assertOneLine(run("release", "--key-config", "c.json"), 2, "--out");
    assertOneLine(run("import-key"), 2, "--config");
    assertOneLine(run("attest", "--maa", "m", "--bogus"), 2, "--bogus");
  }

  @Test
  void policyNeedsFakeAttestation() {
    assertOneLine(
        run("attest", "--maa", "127.0.0.1:1", "--policy", "p.rego"),
        2,
        "only with --fake-attestation");
  }

  @Test
  void unreadableOrInvalidKeyConfigNamesTheFile() throws Exception {
    Path missing = dir.resolve("missing.json");
    assertOneLine(
        run("release", "--key-config", missing.toString(), "--out", dir.resolve("k").toString()),
        1,
        missing.toString(),
        "does not exist");

    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"key\": [1,");
    assertOneLine(
        run("release", "--key-config", broken.toString(), "--out", dir.resolve("k").toString()),
        1,
        broken.toString(),
        "not a valid key configuration");

    Path noAkv =
        Files.writeString(
            dir.resolve("noakv.json"),
            "{\"key\":{\"kid\":\"k\",\"authority\":{\"endpoint\":\"maa.example\"}}}");
    Path policy = Files.writeString(dir.resolve("policy.rego"), "package policy");
    assertOneLine(
        run(
            "release",
            "--key-config",
            noAkv.toString(),
            "--out",
            dir.resolve("k").toString(),
            "--fake-attestation",
            "--policy",
            policy.toString()),
        1,
        "key.akv.endpoint is missing");
  }

  @Test
  void unreachableMaaFailsWithOneLineNamingIt() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.rego"), "package policy");
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    SkrCliRun r =
        run(
            "attest",
            "--maa",
            "http://127.0.0.1:" + port,
            "--fake-attestation",
            "--policy",
            policy.toString());
    assertOneLine(r, 1, "http://127.0.0.1:" + port + "/attest/SevSnpVm");
    assertEquals("", r.out());
  }

  @Test
  void importKeyRefusesUnsupportedKeyTypes() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("importkeyconfig.json"),
            "{\"key\":{\"kid\":\"k\",\"kty\":\"EC-HSM\",\"authority\":{\"endpoint\":\"maa.example\"},"
                + "\"akv\":{\"endpoint\":\"127.0.0.1:1\",\"bearer_token\":\"t\"}},\"claims\":[]}");
    assertOneLine(run("import-key", "--config", config.toString()), 1, "EC-HSM", "not supported");
  }

  @Test
  void badCaFileIsNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Path policy = Files.writeString(dir.resolve("policy.rego"), "package policy");
    assertOneLine(
        run(
            "attest",
            "--maa",
            "127.0.0.1:1",
            "--fake-attestation",
            "--policy",
            policy.toString(),
            "--ca-file",
            notPem.toString()),
        1,
        notPem.toString());
  }

  @Test
  void keyFilesAreWrittenOwnerOnly() throws Exception {
    Path file = dir.resolve("keyfile.bin");
    byte[] key = new byte[32];
    key[0] = 7;
    KeyFiles.write(file, key);
    assertArrayEquals(key, Files.readAllBytes(file));
    assertEquals(
        Set.copyOf(PosixFilePermissions.fromString("rw-------")),
        Files.getPosixFilePermissions(file));
    KeyFiles.write(file, new byte[32]);
    assertArrayEquals(new byte[32], Files.readAllBytes(file), "replaced in place");
    try (var listing = Files.list(dir)) {
      assertEquals(1, listing.count(), "no temporary file left behind");
    }
  }
}
