package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image create} in-process, checked with cryptsetup, e2fsck and debugfs. */
class ImageCreateCommandTest {
  @TempDir Path dir;
  Path source;
  Path out;
  Path key;
  Path image;

  @BeforeEach
  void tree() throws Exception {
    Ext4Trees.requireTools();
    source = Ext4Trees.sourceTree(dir.resolve("source"));
    out = Files.createDirectory(dir.resolve("out"));
    key = out.resolve("image.key");
    image = out.resolve("image.luks");
  }

  @Test
  void createdImageOpensInCryptsetupAndHoldsTheSourceTree() throws Exception {
    CliRun run = create("--generate-key");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("created " + image), run::toString);
    assertEquals(32, Files.size(key));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
    assertCryptsetupOpens(image, key);
    String dump = Processes.check("cryptsetup", "luksDump", image.toString());
    assertTrue(dump.contains("Version:       \t2"), dump);
    assertTrue(dump.contains("cipher: aes-xts-plain64"), dump);
    assertTrue(dump.contains("sector: 4096 [bytes]"), dump);
    assertTrue(dump.contains("PBKDF:      pbkdf2"), dump);
    assertEquals(Set.of("image.luks", "image.key"), entries(out));
    assertDecryptsToTheSource();
  }

  @Test
  void sectorSize512AndArgon2idAreHonoured() throws Exception {
    Files.write(key, "a passphrase of any length works too".getBytes());
    CliRun run = create("--sector-size", "512", "--pbkdf", "argon2id");
    assertEquals(0, run.exitCode(), run::toString);
    assertCryptsetupOpens(image, key);
    String dump = Processes.check("cryptsetup", "luksDump", image.toString());
    assertTrue(dump.contains("sector: 512 [bytes]"), dump);
    assertTrue(dump.contains("PBKDF:      argon2id"), dump);
    assertDecryptsToTheSource();
  }

  @Test
  void explicitSizeIsThePayloadSize() throws Exception {
    CliRun run = create("--generate-key", "--size", "40M");
    assertEquals(0, run.exitCode(), run::toString);
    CliRun info = CliRun.of("image", "info", "--image", image.toString());
    assertTrue(info.out().contains("Data size:      " + (40L << 20) + " bytes"), info::toString);
    assertDecryptsToTheSource();
  }

  @Test
  void generateKeyNeverOverwritesAKey() throws Exception {
    byte[] precious = "precious key".getBytes();
    Files.write(key, precious);
    CliRun run = create("--generate-key");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(1, run.errLines(), run::toString);
    assertTrue(run.err().contains("never overwrites a key"), run::toString);
    assertArrayEquals(precious, Files.readAllBytes(key));
    assertEquals(Set.of("image.key"), entries(out));
  }

  @Test
  void anExistingOutputIsKeptUnlessForced() throws Exception {
    Files.writeString(image, "old");
    CliRun refused = create("--generate-key");
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("already exists"), refused::toString);
    assertEquals("old", Files.readString(image));
    assertEquals(Set.of("image.luks"), entries(out), "generated key removed again");
    CliRun forced = create("--generate-key", "--force");
    assertEquals(0, forced.exitCode(), forced::toString);
    assertCryptsetupOpens(image, key);
  }

  @Test
  void failuresLeaveNoImageNoTemporaryFileAndNoGeneratedKey() throws Exception {
    byte[] random = new byte[40 << 20];
    new java.util.Random(5).nextBytes(random);
    Files.write(source.resolve("too-big.bin"), random);
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"does not fit", "--generate-key", "--size", "16M"});
    cases.add(
        new String[] {
          "no such file", "--generate-key", "--source", dir.resolve("nope").toString()
        });
    cases.add(
        new String[] {
          "not a directory", "--generate-key", "--source", source.resolve("empty").toString()
        });
    for (String[] c : cases) {
      CliRun run = create(Arrays.copyOfRange(c, 1, c.length));
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(1, run.errLines(), run::toString);
      assertTrue(run.err().contains(c[0]), () -> "expected '" + c[0] + "': " + run);
      assertEquals(Set.of(), entries(out), run::toString);
    }
  }

  @Test
  void wrongKeyDoesNotOpenTheCreatedImage() throws Exception {
    assertEquals(0, create("--generate-key").exitCode());
    Path other = Files.write(dir.resolve("other.key"), new byte[32]);
    CliRun run =
        CliRun.of(
            "image", "verify-key", "--image", image.toString(), "--key-file", other.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(
        0,
        CliRun.of("image", "verify-key", "--image", image.toString(), "--key-file", key.toString())
            .exitCode());
  }

  private CliRun create(String... extra) {
    List<String> args = new ArrayList<>(List.of("image", "create"));
    if (!Arrays.asList(extra).contains("--source")) {
      args.addAll(List.of("--source", source.toString()));
    }
    args.addAll(List.of("--key-file", key.toString(), "--output", image.toString()));
    args.addAll(Arrays.asList(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private void assertDecryptsToTheSource() throws Exception {
    Path payload = dir.resolve("payload.ext4");
    Files.deleteIfExists(payload);
    CliRun run =
        CliRun.of(
            "image",
            "decrypt",
            "--image",
            image.toString(),
            "--key-file",
            key.toString(),
            "--output",
            payload.toString());
    assertEquals(0, run.exitCode(), run::toString);
    Ext4Trees.assertHolds(payload, source, Files.createTempDirectory(dir, "dump"));
  }

  static void assertCryptsetupOpens(Path image, Path key) throws Exception {
    Processes.check(
        "cryptsetup", "open", "--test-passphrase", "--key-file", key.toString(), image.toString());
  }

  private static Set<String> entries(Path directory) throws Exception {
    try (var list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
