package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ccsidecar.testkit.Cryptsetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * info, verify-key and decrypt on an image cryptsetup made (reencrypt --encrypt of an ext4 file),
 * and their failures on bad input.
 */
class ImageReadCommandsTest {
  private static final int PLAIN_MIB = 32;

  @TempDir static Path shared;
  static Path source;
  static Path plain;
  static Path image;
  static Path key;
  static Path wrongKey;

  @TempDir Path dir;

  @BeforeAll
  static void cryptsetupImage() throws Exception {
    Ext4Trees.requireTools();
    source = Ext4Trees.sourceTree(shared.resolve("source"));
    plain = Ext4Trees.mkfs(source, shared.resolve("plain.ext4"), PLAIN_MIB);
    key = shared.resolve("key");
    Files.write(key, HexFormat.of().parseHex("00112233445566778899aabbccddeeff".repeat(2)));
    wrongKey = shared.resolve("wrong-key");
    Files.write(wrongKey, new byte[32]);
    image = shared.resolve("image.luks");
    Files.copy(plain, image);
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      raf.setLength((PLAIN_MIB + 16L) << 20);
    }
    Cryptsetup.encryptInPlace(image, key, "--sector-size", "4096");
  }

  @Test
  void infoSummarisesTheHeaderLikeLuksDump() throws Exception {
    CliRun run = CliRun.of("image", "info", "--image", image.toString());
    assertEquals(0, run.exitCode(), run::toString);
    String dump = Processes.check("cryptsetup", "luksDump", image.toString());
    Matcher uuid = Pattern.compile("UUID:\\s+(\\S+)").matcher(dump);
    assertTrue(uuid.find(), dump);
    Matcher offset = Pattern.compile("offset: (\\d+) \\[bytes\\]").matcher(dump);
    assertTrue(offset.find(), dump);
    long dataOffset = Long.parseLong(offset.group(1));
    long dataSize = Files.size(image) - dataOffset;
    String out = run.out();
    assertTrue(out.contains("LUKS2"), out);
    assertTrue(out.contains("UUID:           " + uuid.group(1)), out);
    assertTrue(out.contains("aes-xts-plain64"), out);
    assertTrue(out.contains("512 bits"), out);
    assertTrue(out.contains("Sector size:    4096 bytes"), out);
    assertTrue(out.contains("Data offset:    " + dataOffset + " bytes"), out);
    assertTrue(out.contains("Data size:      " + dataSize + " bytes (dynamic"), out);
    assertTrue(out.contains("0: pbkdf2 sha256, 1000 iterations"), out);
    assertEquals("", run.err());
  }

  @Test
  void infoPrintsNoKeyMaterialOrSalts() throws Exception {
    String out = CliRun.of("image", "info", "--image", image.toString()).out().toLowerCase();
    String dump = Processes.check("cryptsetup", "luksDump", image.toString());
    Matcher salt = Pattern.compile("Salt:\\s+((?:[0-9a-f]{2} ){8})").matcher(dump);
    assertTrue(salt.find(), dump);
    String saltStart = salt.group(1).replace(" ", "");
    assertFalse(out.replace(" ", "").contains(saltStart), out);
    assertFalse(out.contains("00112233445566778899aabbccddeeff"), out);
    assertFalse(out.contains("salt") || out.contains("digest:"), out);
  }

  @Test
  void verifyKeyExitsZeroForTheKeyAndOneForAnother() {
    CliRun good =
        CliRun.of("image", "verify-key", "--image", image.toString(), "--key-file", key.toString());
    assertEquals(0, good.exitCode(), good::toString);
    CliRun bad =
        CliRun.of(
            "image", "verify-key", "--image", image.toString(), "--key-file", wrongKey.toString());
    assertEquals(1, bad.exitCode(), bad::toString);
    assertEquals(1, bad.errLines(), bad::toString);
    assertTrue(bad.err().contains("no keyslot opens with this key"), bad::toString);
    assertTrue(bad.err().contains(image.toString()), bad::toString);
  }

  @Test
  void everyImageCommandWarnsAboutACorruptPrimaryHeaderCopy() throws Exception {
    Path damaged = Files.copy(image, dir.resolve("damaged.luks"));
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(damaged.toFile(), "rw")) {
      raf.seek(100);
      raf.write(new byte[200]);
    }
    String warning = "warning: LUKS2 primary header copy is corrupt";
    String img = damaged.toString();
    CliRun info = CliRun.of("image", "info", "--image", img);
    CliRun verify = CliRun.of("image", "verify-key", "--image", img, "--key-file", key.toString());
    CliRun decrypt =
        CliRun.of(
            "image",
            "decrypt",
            "--image",
            img,
            "--key-file",
            key.toString(),
            "--output",
            dir.resolve("out.ext4").toString());
    for (CliRun run : new CliRun[] {info, verify, decrypt}) {
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(run.err().contains(warning), run::toString);
    }
  }

  @Test
  void decryptWritesThePayloadCryptsetupEncrypted() throws Exception {
    Path out = dir.resolve("payload.ext4");
    CliRun run = decrypt(key, out);
    assertEquals(0, run.exitCode(), run::toString);
    byte[] expected = Files.readAllBytes(plain);
    byte[] payload = Files.readAllBytes(out);
    assertArrayEquals(expected, Arrays.copyOf(payload, expected.length));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(out));
    Ext4Trees.assertHolds(out, source, dir.resolve("dump"));
    assertOnlyEntries(dir, "payload.ext4", "dump");
  }

  @Test
  void decryptRefusesAnExistingOutputUnlessForced() throws Exception {
    Path out = dir.resolve("payload.ext4");
    Files.writeString(out, "precious");
    CliRun refused = decrypt(key, out);
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("already exists"), refused::toString);
    assertEquals("precious", Files.readString(out));
    CliRun forced = decrypt(key, out, "--force");
    assertEquals(0, forced.exitCode(), forced::toString);
    assertEquals(Files.size(image) - (8L << 20), Files.size(out));
  }

  @Test
  void decryptWithTheWrongKeyLeavesNothingBehind() throws Exception {
    CliRun run = decrypt(wrongKey, dir.resolve("payload.ext4"));
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(1, run.errLines(), run::toString);
    assertOnlyEntries(dir);
  }

  @Test
  void badInputsExitOneWithOneLineNamingTheCause() throws Exception {
    Path notLuks = dir.resolve("not-luks.img");
    Files.write(notLuks, new byte[1 << 20]);
    Path emptyKey = Files.createFile(dir.resolve("empty-key"));
    String[][] cases = {
      {"no such file", "image", "info", "--image", dir.resolve("missing.img").toString()},
      {"not a LUKS image", "image", "info", "--image", notLuks.toString()},
      {
        "not a LUKS image",
        "image",
        "verify-key",
        "--image",
        notLuks.toString(),
        "--key-file",
        key.toString()
      },
      {
        "no such file",
        "image",
        "verify-key",
        "--image",
        image.toString(),
        "--key-file",
        dir.resolve("nokey").toString()
      },
      {
        "key file is empty",
        "image",
        "verify-key",
        "--image",
        image.toString(),
        "--key-file",
        emptyKey.toString()
      },
      {
        "is a directory",
        "image",
        "verify-key",
        "--image",
        image.toString(),
        "--key-file",
        dir.toString()
      },
      {"", "image", "info", "--image", dir.toString()},
    };
    for (String[] c : cases) {
      CliRun run = CliRun.of(Arrays.copyOfRange(c, 1, c.length));
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(1, run.errLines(), run::toString);
      assertTrue(run.err().contains(c[0]), () -> "expected '" + c[0] + "': " + run);
      assertFalse(run.err().contains("internal error"), run::toString);
    }
  }

  private static CliRun decrypt(Path keyFile, Path out, String... extra) {
    String[] args = {
      "image",
      "decrypt",
      "--image",
      image.toString(),
      "--key-file",
      keyFile.toString(),
      "--output",
      out.toString()
    };
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CliRun.of(all);
  }

  private static void assertOnlyEntries(Path directory, String... names) throws Exception {
    try (var list = Files.list(directory)) {
      assertEquals(
          java.util.Set.of(names),
          list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
  }
}
