package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Images formatted by {@link LuksFormatter} pass cryptsetup's header checks and key test, and the
 * payload written through the engine is what cryptsetup decrypts (checked by letting cryptsetup
 * re-encrypt the image offline under a new volume key, then reading it back).
 */
class LuksFormatterTest {
  private static final int PAYLOAD = 2 * 1024 * 1024;

  @TempDir Path dir;
  private Path key;
  private Path image;

  @BeforeEach
  void setUp() throws IOException {
    SystemTests.requireCommand("cryptsetup");
    key = dir.resolve("key");
    Files.write(key, CryptsetupMatrixTest.bytes(32, 11));
    image = dir.resolve("image");
  }

  static Stream<LuksFormatOptions> options() {
    LuksFormatOptions fast = LuksFormatOptions.defaults().withPbkdf2Iterations(1000);
    return Stream.of(
        fast,
        fast.withPbkdf("argon2id").withArgon2(4, 64, 1),
        fast.withCipher(SectorCiphers.AES_CBC_ESSIV_SHA256, 256).withSectorSize(512),
        fast.withCipher(SectorCiphers.AES_XTS_PLAIN64, 256).withSectorSize(1024));
  }

  @ParameterizedTest
  @MethodSource("options")
  void cryptsetupAcceptsTheImageAndDecryptsItsPayload(LuksFormatOptions options) throws Exception {
    byte[] payload = CryptsetupMatrixTest.bytes(PAYLOAD, 5);
    format(options, payload);

    String dump = Shell.run("cryptsetup", "luksDump", image.toString());
    assertTrue(dump.contains("Version:       \t2"), dump);
    assertTrue(dump.contains("cipher: " + options.cipherSpec()), dump);
    assertTrue(dump.contains("sector: " + options.sectorSize() + " [bytes]"), dump);
    assertTrue(dump.contains("PBKDF:      " + options.pbkdf()), dump);
    assertTrue(dump.contains("offset: 16777216 [bytes]"), dump);
    Shell.run(
        "cryptsetup", "open", "--test-passphrase", "--key-file", key.toString(), image.toString());
    Path wrong = dir.resolve("wrong-key");
    Files.write(wrong, CryptsetupMatrixTest.bytes(32, 12));
    assertNotEquals(
        0,
        Shell.exec(
                null,
                "cryptsetup",
                "open",
                "--test-passphrase",
                "--key-file",
                wrong.toString(),
                image.toString())
            .exitCode());

    Cryptsetup.reencryptOffline(image, key);
    try (LuksVolume volume =
        LuksVolume.open(FileBlockSource.open(image, false), Files.readAllBytes(key))) {
      assertEquals(PAYLOAD, volume.size());
      assertArrayEquals(payload, CryptsetupMatrixTest.read(volume, 0, PAYLOAD));
    }
  }

  @Test
  void formattedVolumeReadsBackWhatWasWrittenAfterReopening() throws Exception {
    LuksFormatOptions options = LuksFormatOptions.defaults().withPbkdf2Iterations(1000);
    byte[] payload = CryptsetupMatrixTest.bytes(PAYLOAD, 6);
    format(options, payload);
    try (LuksVolume volume =
        LuksVolume.open(FileBlockSource.open(image, true), Files.readAllBytes(key))) {
      LuksHeader header = volume.header();
      assertEquals(2, header.version());
      assertEquals(512, header.volumeKeyBits());
      assertEquals(4096, header.sectorSize());
      assertEquals(LuksFormatter.dataOffset(options), header.dataOffset());
      assertTrue(header.warnings().isEmpty(), header.warnings().toString());
      assertArrayEquals(payload, CryptsetupMatrixTest.read(volume, 0, PAYLOAD));
      // A read across sector boundaries at an odd offset.
      byte[] middle = CryptsetupMatrixTest.read(volume, 4095, 8194);
      assertArrayEquals(java.util.Arrays.copyOfRange(payload, 4095, 4095 + 8194), middle);
    }
  }

  private void format(LuksFormatOptions options, byte[] payload) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(LuksFormatter.dataOffset(options) + payload.length);
    }
    try (LuksVolume volume =
        LuksFormatter.format(
            FileBlockSource.open(image, true), payload.length, Files.readAllBytes(key), options)) {
      // Written in uneven pieces to exercise partial sectors at both ends.
      int[] cuts = {0, 1, 4097, 70_000, 1_000_000, payload.length};
      for (int i = 0; i + 1 < cuts.length; i++) {
        volume.write(cuts[i], ByteBuffer.wrap(payload, cuts[i], cuts[i + 1] - cuts[i]));
      }
      volume.flush();
    }
  }
}
