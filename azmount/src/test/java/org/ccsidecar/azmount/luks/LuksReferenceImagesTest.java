package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.SystemTests;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cryptsetup's own test images (testdata/cryptsetup) open, decrypt and fail as cryptsetup's do. */
class LuksReferenceImagesTest {
  @TempDir static Path dir;

  @BeforeAll
  static void unpack() throws Exception {
    SystemTests.requireCommand("xz");
    SystemTests.requireCommand("tar");
    Shell.unxz(TestData.cryptsetup("compatimage2.img.xz"), dir.resolve("compatimage2.img"));
    Shell.untarXz(TestData.cryptsetup("luks1-images.tar.xz"), dir);
    Shell.untarXz(TestData.cryptsetup("luks2_mda_images.tar.xz"), dir);
  }

  @Test
  void compatImage2OpensWithItsPassphrase() throws IOException {
    LuksHeader header = readHeader(dir.resolve("compatimage2.img"));
    assertEquals(2, header.version());
    assertEquals("aes-cbc-essiv:sha256", header.cipherSpec());
    assertEquals(128, header.volumeKeyBits());
    assertEquals(4 * 1024 * 1024, header.dataOffset());
    assertEquals(2, header.keyslots().size());
    assertEquals("argon2id", header.keyslots().get(1).kdf().type());
    try (LuksVolume volume = open(dir.resolve("compatimage2.img"), "compatkey")) {
      assertEquals(Files.size(dir.resolve("compatimage2.img")) - 4 * 1024 * 1024, volume.size());
    }
  }

  @Test
  void compatImage2RefusesAWrongKey() {
    LuksException e =
        assertThrows(LuksException.class, () -> open(dir.resolve("compatimage2.img"), "compatkez"));
    assertEquals("no keyslot opens with this key", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096})
  void metadataAreaImagesOpen(int kib) throws IOException {
    Path image = dir.resolve("test_image_" + kib);
    LuksHeader header = readHeader(image);
    assertEquals("aes-xts-plain64", header.cipherSpec());
    assertTrue(header.warnings().isEmpty(), () -> header.warnings().toString());
    try (LuksVolume volume = open(image, "Qx3qn46vq0v")) {
      assertEquals(Files.size(image) - header.dataOffset(), volume.size());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"aes-xts-plain64-sha1", "aes-xts-plain64-sha256", "aes-cbc-essiv-sha256-sha1"})
  void luks1ImagesHoldTheDeadBabeFilesystem(String name) throws Exception {
    SystemTests.requireCommand("blkid");
    Path image = dir.resolve("luks1-images/luks1_" + name + ".img");
    Path payload = dir.resolve(name + ".payload");
    byte[] key = Files.readAllBytes(dir.resolve("luks1-images/keyfile1"));
    try (LuksVolume volume = LuksVolume.open(FileBlockSource.open(image, false), key)) {
      assertEquals(1, volume.header().version());
      copyOut(volume, payload);
    }
    assertEquals(
        "DEAD-BABE",
        Shell.run("blkid", "-p", "-o", "value", "-s", "UUID", payload.toString()).strip());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "twofish-xts-plain64-sha256:unsupported cipher 'twofish-xts-plain64'",
        "twofish-xts-plain64-sha1:unsupported cipher 'twofish-xts-plain64'",
        "serpent-xts-plain64-sha1:unsupported cipher 'serpent-xts-plain64'",
        "serpent-xts-plain64-sha256:unsupported cipher 'serpent-xts-plain64'",
        "aes-lrw-plain64-sha1:unsupported cipher 'aes-lrw-plain64'",
        "aes-xts-plain64-whirlpool:unsupported hash 'whirlpool'",
        "aes-xts-essiv-wp256-whirlpool:unsupported cipher 'aes-xts-essiv:wp256'",
        "twofish-xts-plain64-whirlpool:unsupported cipher 'twofish-xts-plain64'",
        "serpent-xts-plain64-whirlpool:unsupported cipher 'serpent-xts-plain64'"
      })
  void luks1ImagesWithUnsupportedAlgorithmsNameThem(String caseSpec) throws IOException {
    String name = caseSpec.substring(0, caseSpec.indexOf(':'));
    String expected = caseSpec.substring(caseSpec.indexOf(':') + 1);
    Path image = dir.resolve("luks1-images/luks1_" + name + ".img");
    byte[] key = Files.readAllBytes(dir.resolve("luks1-images/keyfile1"));
    try (FileBlockSource source = FileBlockSource.open(image, false)) {
      LuksException e = assertThrows(LuksException.class, () -> LuksVolume.open(source, key));
      assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
  }

  static LuksHeader readHeader(Path image) throws IOException {
    try (FileBlockSource source = FileBlockSource.open(image, false)) {
      return LuksHeader.read(source);
    }
  }

  static LuksVolume open(Path image, String passphrase) throws IOException {
    FileBlockSource source = FileBlockSource.open(image, false);
    try {
      return LuksVolume.open(source, passphrase.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      source.close();
      throw e;
    }
  }

  static void copyOut(LuksVolume volume, Path target) throws IOException {
    try (var out =
        Files.newByteChannel(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      for (long pos = 0; pos < volume.size(); ) {
        buf.clear().limit((int) Math.min(buf.capacity(), volume.size() - pos));
        volume.read(pos, buf);
        buf.flip();
        pos += buf.remaining();
        while (buf.hasRemaining()) {
          out.write(buf);
        }
      }
    }
  }
}
