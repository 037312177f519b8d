package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.Cryptsetup;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Images that cryptsetup encrypted offline ({@code reencrypt --encrypt}), over a matrix of
 * versions, ciphers, key and sector sizes and KDFs, decrypt to the original plaintext; data the
 * engine writes into them survives cryptsetup's own re-encryption (which decrypts it with
 * cryptsetup's code) and reads back unchanged.
 */
class CryptsetupMatrixTest {
  private static final int PAYLOAD = 1024 * 1024;
  private static final String ROOM = "16M";

  @TempDir Path dir;
  private Path key;

  record Case(
      String version, String cipher, int keyBits, int sectorSize, String pbkdf, String hash) {
    @Override
    public String toString() {
      return String.join(
          " ", version, cipher, keyBits + "-bit", sectorSize + "-byte sectors", pbkdf, hash);
    }
  }

  static Stream<Case> matrix() {
    return Stream.of(
        new Case("luks2", "aes-xts-plain64", 512, 4096, "pbkdf2", "sha256"),
        new Case("luks2", "aes-xts-plain64", 256, 512, "pbkdf2", "sha1"),
        new Case("luks2", "aes-xts-plain64", 512, 2048, "argon2id", "sha256"),
        new Case("luks2", "aes-xts-plain64", 256, 4096, "argon2i", "sha512"),
        new Case("luks2", "aes-cbc-essiv:sha256", 128, 512, "pbkdf2", "sha512"),
        new Case("luks2", "aes-cbc-essiv:sha256", 256, 4096, "argon2id", "sha256"),
        new Case("luks1", "aes-xts-plain64", 256, 512, "pbkdf2", "sha256"),
        new Case("luks1", "aes-xts-plain64", 512, 512, "pbkdf2", "sha512"),
        new Case("luks1", "aes-cbc-essiv:sha256", 256, 512, "pbkdf2", "sha1"),
        new Case("luks1", "aes-cbc-essiv:sha256", 128, 512, "pbkdf2", "sha256"));
  }

  @BeforeEach
  void key() throws IOException {
    SystemTests.requireCommand("cryptsetup");
    key = dir.resolve("key");
    Files.write(key, bytes(32, 7));
  }

  @ParameterizedTest
  @MethodSource("matrix")
  void decryptsWhatCryptsetupEncrypted(Case c) throws Exception {
    byte[] plaintext = bytes(PAYLOAD, c.hashCode());
    Path image = encrypt(c, plaintext);

    try (LuksVolume volume =
        LuksVolume.open(FileBlockSource.open(image, true), Files.readAllBytes(key))) {
      assertEquals(c.version().equals("luks1") ? 1 : 2, volume.header().version());
      assertEquals(c.cipher(), volume.header().cipherSpec());
      assertEquals(c.keyBits(), volume.header().volumeKeyBits());
      assertEquals(c.sectorSize(), volume.header().sectorSize());
      assertArrayEquals(plaintext, read(volume, 0, PAYLOAD));

      // Unaligned writes: read-modify-write at both ends, whole sectors between.
      byte[] patch = bytes(300_001, 99);
      volume.write(1000, ByteBuffer.wrap(patch));
      System.arraycopy(patch, 0, plaintext, 1000, patch.length);
      assertArrayEquals(plaintext, read(volume, 0, PAYLOAD));
    }

    // cryptsetup decrypts our ciphertext with the old volume key and re-encrypts it with a new one
    // (offline re-encryption needs LUKS2; conversion leaves the data area as it is).
    if (c.version().equals("luks1")) {
      Shell.run("cryptsetup", "convert", "--batch-mode", "--type", "luks2", image.toString());
    }
    Cryptsetup.reencryptOffline(image, key);
    try (LuksVolume volume =
        LuksVolume.open(FileBlockSource.open(image, false), Files.readAllBytes(key))) {
      assertArrayEquals(plaintext, read(volume, 0, PAYLOAD));
    }
  }

  @Test
  void opensAKeyInKeyslotThreeAfterSlotZeroIsKilled() throws Exception {
    Case c = new Case("luks2", "aes-xts-plain64", 512, 4096, "pbkdf2", "sha256");
    byte[] plaintext = bytes(PAYLOAD, 3);
    Path image = encrypt(c, plaintext);
    Path second = dir.resolve("second-key");
    Files.write(second, bytes(32, 8));
    Shell.run(
        "cryptsetup",
        "luksAddKey",
        "--batch-mode",
        "--key-file",
        key.toString(),
        "--new-key-slot",
        "3",
        "--pbkdf",
        "pbkdf2",
        "--pbkdf-force-iterations",
        "1000",
        image.toString(),
        second.toString());
    Shell.run(
        "cryptsetup",
        "luksKillSlot",
        "--batch-mode",
        "--key-file",
        second.toString(),
        image.toString(),
        "0");

    try (FileBlockSource source = FileBlockSource.open(image, false)) {
      LuksHeader header = LuksHeader.read(source);
      assertEquals(List.of(3), header.keyslots().stream().map(LuksKeyslotInfo::id).toList());
      LuksException wrong =
          assertThrows(LuksException.class, () -> LuksVolume.open(source, Files.readAllBytes(key)));
      assertEquals("no keyslot opens with this key", wrong.getMessage());
    }
    try (LuksVolume volume =
        LuksVolume.open(FileBlockSource.open(image, false), Files.readAllBytes(second))) {
      assertArrayEquals(plaintext, read(volume, 0, PAYLOAD));
    }
  }

  /** A plain file of plaintext plus room for the header, encrypted in place by cryptsetup. */
  private Path encrypt(Case c, byte[] plaintext) throws Exception {
    Path image = dir.resolve("image");
    Files.write(image, plaintext);
    try (var channel = Files.newByteChannel(image, java.nio.file.StandardOpenOption.WRITE)) {
      channel.position(plaintext.length + 16L * 1024 * 1024 - 1);
      channel.write(ByteBuffer.wrap(new byte[1]));
    }
    List<String> command =
        new ArrayList<>(
            Arrays.asList(
                "cryptsetup",
                "reencrypt",
                "--encrypt",
                "--batch-mode",
                "--type",
                "luks2",
                "--reduce-device-size",
                ROOM,
                "--key-file",
                key.toString(),
                "--cipher",
                c.cipher(),
                "--key-size",
                String.valueOf(c.keyBits()),
                "--sector-size",
                String.valueOf(c.sectorSize()),
                "--hash",
                c.hash(),
                "--pbkdf",
                c.pbkdf()));
    if (c.pbkdf().equals("pbkdf2")) {
      command.addAll(List.of("--pbkdf-force-iterations", "1000"));
    } else {
      command.addAll(
          List.of(
              "--pbkdf-force-iterations", "4", "--pbkdf-memory", "32", "--pbkdf-parallel", "1"));
    }
    command.add(image.toString());
    Shell.run(command.toArray(String[]::new));
    if (c.version().equals("luks1")) {
      Shell.run("cryptsetup", "convert", "--batch-mode", "--type", "luks1", image.toString());
    }
    return image;
  }

  static byte[] read(LuksVolume volume, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    volume.read(offset, buf);
    return buf.array();
  }

  static byte[] bytes(int n, long seed) {
    byte[] out = new byte[n];
    new Random(seed).nextBytes(out);
    return out;
  }
}
