package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.SystemTests;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of damaged and hostile headers, made by editing a freshly formatted LUKS2 image (JSON
 * edits get valid checksums, so they reach the metadata checks) and a LUKS1 reference image. Each
 * must fail fast with the engine's own one-line message, never a hang, OOM or stray exception.
 */
class HostileHeaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY = "hostile-header-test-key".getBytes(StandardCharsets.US_ASCII);
  private static final long HDR = 16384;

  @TempDir static Path dir;
  private static Path base;
  private static int counter;

  @BeforeAll
  static void formatBaseImage() throws IOException {
    base = dir.resolve("base.img");
    LuksFormatOptions options = LuksFormatOptions.defaults().withPbkdf2Iterations(1000);
    try (RandomAccessFile file = new RandomAccessFile(base.toFile(), "rw")) {
      file.setLength(LuksFormatter.dataOffset(options) + 65536);
    }
    LuksFormatter.format(FileBlockSource.open(base, true), 65536, KEY, options).close();
  }

  /** A JSON edit and a fragment of the message it must produce. */
  static Stream<Arguments> jsonEdits() {
    return Stream.of(
        edit(
            "config.json_size 99999999999 does not match",
            j -> config(j).put("json_size", "99999999999")),
        edit("keyslots_size", j -> config(j).put("keyslots_size", "4097")),
        edit("is not a non-negative number", j -> area(j).put("offset", "-5")),
        edit("is not a non-negative number", j -> area(j).put("offset", "abc")),
        edit("is not a non-negative number", j -> area(j).put("offset", "99999999999999999999")),
        edit("is not a non-negative number", j -> area(j).put("size", "")),
        edit("overlaps the header", j -> area(j).put("offset", "0")),
        edit("runs outside the keyslots area", j -> area(j).put("size", "9223372036854775807")),
        edit("runs outside the keyslots area", j -> area(j).put("offset", "16777216")),
        edit("overlaps the area of keyslot", j -> keyslots(j).set("1", slot(j).deepCopy())),
        edit("AF stripes 4294967295 out of range", j -> af(j).put("stripes", 4294967295L)),
        edit("out of range 0..4294967295", j -> af(j).put("stripes", 4294967296L)),
        edit("does not fit its area", j -> af(j).put("stripes", 65536)),
        edit("key size 4096 bytes out of range", j -> slot(j).put("key_size", 4096)),
        edit(
            "pbkdf2 iterations 4294967295 out of range",
            j -> kdf(j).put("iterations", 4294967295L)),
        edit("out of range 0..4294967295", j -> kdf(j).put("iterations", -1)),
        edit("is missing or not an integer", j -> kdf(j).put("iterations", "1000")),
        edit("is not base64", j -> kdf(j).put("salt", "!!!not base64!!!")),
        edit("unsupported KDF 'scrypt'", j -> kdf(j).put("type", "scrypt")),
        edit("argon2 memory 4194304 KiB out of range", j -> argon2(j, 4, 4194304, 1)),
        edit("argon2 time cost 4294967295 out of range", j -> argon2(j, 4294967295L, 1024, 1)),
        edit("argon2 threads 1000 out of range", j -> argon2(j, 4, 65536, 1000)),
        edit(
            "unsupported cipher 'twofish-xts-plain64'",
            j -> segment(j).put("encryption", "twofish-xts-plain64")),
        edit("unsupported segment type 'linear'", j -> segment(j).put("type", "linear")),
        edit("unsupported sector size 8192", j -> segment(j).put("sector_size", 8192)),
        edit("detached headers are not supported", j -> segment(j).put("offset", "0")),
        edit("image is shorter than its header says", j -> segment(j).put("size", "1073741824")),
        edit("is not a non-negative number", j -> segment(j).put("iv_tweak", "-1")),
        edit("2 data segments is not supported", j -> segments(j).set("1", segment(j).deepCopy())),
        edit(
            "unsupported LUKS2 requirement 'online-reencrypt-v2'",
            j ->
                config(j)
                    .putObject("requirements")
                    .putArray("mandatory")
                    .add("online-reencrypt-v2")),
        edit("unsupported digest type 'argon2'", j -> digest(j).put("type", "argon2")),
        edit(
            "no active keyslot opens the data segment",
            j -> ((ArrayNode) digest(j).get("keyslots")).removeAll()),
        edit("out of range 0..31", j -> ((ArrayNode) digest(j).get("keyslots")).add("99")),
        edit("lacks the object 'config'", j -> j.remove("config")),
        edit("lacks the object 'keyslots'", j -> j.put("keyslots", "none")),
        edit("unsupported AF type 'luks2'", j -> af(j).put("type", "luks2")),
        edit("unsupported hash 'md5'", j -> kdf(j).put("hash", "md5")),
        edit("no keyslot opens with this key", j -> kdf(j).put("iterations", 1001)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonEdits")
  void jsonEditsAreRefusedWithTheirOwnMessage(String expected, Consumer<ObjectNode> change)
      throws IOException {
    Path image = copyOfBase();
    ObjectNode json = readJson(image);
    change.accept(json);
    writeJson(image, JSON.writeValueAsBytes(json));
    assertRefused(image, expected);
  }

  @Test
  void notALuksImage() throws IOException {
    Path image = dir.resolve("random.img");
    byte[] random = new byte[1024 * 1024];
    new SecureRandom().nextBytes(random);
    Files.write(image, random);
    assertRefused(image, "not a LUKS image");
    Path empty = dir.resolve("empty.img");
    Files.write(empty, new byte[0]);
    assertRefused(empty, "not a LUKS image");
  }

  @Test
  void truncatedImages() throws IOException {
    for (long size : new long[] {7, 1000, 4096, 20000, 40000, 8 * 1024 * 1024}) {
      Path image = copyOfBase();
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength(size);
      }
      assertRefused(
          image,
          size < 8 // too short to hold the magic and version
              ? "not a LUKS image"
              : size < HDR
                  ? "both LUKS2 header copies are corrupt"
                  : "image is shorter than its header says");
    }
  }

  @Test
  void oneDamagedCopyIsAWarningAndTheOtherCopyIsUsed() throws IOException {
    for (long offset : new long[] {0, HDR}) {
      Path image = copyOfBase();
      flip(image, offset + 5000);
      try (LuksVolume volume = LuksVolume.open(FileBlockSource.open(image, false), KEY)) {
        String copy = offset == 0 ? "primary" : "secondary";
        assertEquals(1, volume.header().warnings().size());
        String warning = volume.header().warnings().get(0);
        assertTrue(
            warning.startsWith("LUKS2 " + copy + " header copy is corrupt (checksum mismatch"),
            warning);
      }
    }
  }

  @Test
  void bothDamagedCopiesAreRefused() throws IOException {
    Path image = copyOfBase();
    flip(image, 5000);
    flip(image, HDR + 5000);
    assertRefused(image, "both LUKS2 header copies are corrupt (primary: checksum mismatch");
  }

  @Test
  void bogusBinaryHeaderFields() throws IOException {
    Path image = copyOfBase();
    patchLong(image, 8, 1L << 40);
    patchLong(image, HDR + 8, 1L << 40);
    assertRefused(image, "bogus header size 1099511627776");

    Path version = copyOfBase();
    patch(version, 6, new byte[] {0, 3});
    assertRefused(version, "unsupported LUKS version 3");
  }

  @Test
  void unreadableJson() throws IOException {
    Path nested = copyOfBase();
    byte[] deep = new byte[5000];
    Arrays.fill(deep, (byte) '[');
    writeJson(nested, deep);
    assertRefused(nested, "JSON area at offset 0 unreadable");

    Path unterminated = copyOfBase();
    byte[] spaces = new byte[(int) HDR - 4096];
    Arrays.fill(spaces, (byte) ' ');
    writeJsonArea(unterminated, spaces);
    assertRefused(unterminated, "is not terminated");

    Path array = copyOfBase();
    writeJson(array, "[]".getBytes(StandardCharsets.US_ASCII));
    assertRefused(array, "the JSON area is not an object");
  }

  @Test
  void hostileLuks1Headers() throws Exception {
    SystemTests.requireCommand("xz");
    Path luks1Dir = dir.resolve("luks1");
    Files.createDirectories(luks1Dir);
    Shell.untarXz(TestData.cryptsetup("luks1-images.tar.xz"), luks1Dir);
    Path original = luks1Dir.resolve("luks1-images/luks1_aes-xts-plain64-sha256.img");
    record Luks1Edit(int offset, byte[] value, String expected) {}
    Luks1Edit[] edits = {
      new Luks1Edit(108, be32(0xffffffff), "LUKS1 header: key size 4294967295 bytes out of range"),
      new Luks1Edit(164, be32(0), "LUKS1 header: digest iterations 0 out of range"),
      new Luks1Edit(104, be32(0), "a detached header is not supported"),
      new Luks1Edit(104, be32(0x7fffffff), "image is shorter than its header says"),
      new Luks1Edit(208, be32(0x12345678), "LUKS1 keyslot 0 has an invalid state 0x12345678"),
      new Luks1Edit(208 + 44, be32(0), "LUKS1 keyslot 0: AF stripes 0 out of range"),
      new Luks1Edit(208 + 40, be32(0), "keyslot 0: area at offset 0 overlaps the header"),
      new Luks1Edit(208 + 40, be32(4000), "runs outside the keyslots area"),
      new Luks1Edit(208 + 4, be32(0xffffffff), "pbkdf2 iterations 4294967295 out of range"),
    };
    for (Luks1Edit edit : edits) {
      Path image = dir.resolve("luks1-" + counter++ + ".img");
      Files.copy(original, image);
      patch(image, edit.offset(), edit.value());
      assertRefused(image, edit.expected());
    }
  }

  private static void assertRefused(Path image, String expected) {
    LuksException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> {
              try (FileBlockSource source = FileBlockSource.open(image, false)) {
                return assertThrows(
                    LuksException.class, () -> LuksVolume.open(source, KEY).close());
              }
            });
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected '" + expected + "' in: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  private static Arguments edit(String expected, Consumer<ObjectNode> change) {
    return Arguments.of(expected, change);
  }

  private static ObjectNode config(ObjectNode j) {
    return (ObjectNode) j.get("config");
  }

  private static ObjectNode keyslots(ObjectNode j) {
    return (ObjectNode) j.get("keyslots");
  }

  private static ObjectNode slot(ObjectNode j) {
    return (ObjectNode) keyslots(j).get("0");
  }

  private static ObjectNode area(ObjectNode j) {
    return (ObjectNode) slot(j).get("area");
  }

  private static ObjectNode af(ObjectNode j) {
    return (ObjectNode) slot(j).get("af");
  }

  private static ObjectNode kdf(ObjectNode j) {
    return (ObjectNode) slot(j).get("kdf");
  }

  private static void argon2(ObjectNode j, long time, long memory, long cpus) {
    ObjectNode kdf = kdf(j);
    kdf.put("type", "argon2id");
    kdf.remove("hash");
    kdf.remove("iterations");
    kdf.put("time", time);
    kdf.put("memory", memory);
    kdf.put("cpus", cpus);
  }

  private static ObjectNode segments(ObjectNode j) {
    return (ObjectNode) j.get("segments");
  }

  private static ObjectNode segment(ObjectNode j) {
    return (ObjectNode) segments(j).get("0");
  }

  private static ObjectNode digest(ObjectNode j) {
    return (ObjectNode) j.get("digests").get("0");
  }

  /** The base image's headers and keyslot area in a sparse file of the same size. */
  private static Path copyOfBase() throws IOException {
    Path image = dir.resolve("case-" + counter++ + ".img");
    byte[] metadata = new byte[1024 * 1024];
    try (RandomAccessFile in = new RandomAccessFile(base.toFile(), "r");
        RandomAccessFile out = new RandomAccessFile(image.toFile(), "rw")) {
      in.readFully(metadata);
      out.write(metadata);
      out.setLength(in.length());
    }
    return image;
  }

  private static ObjectNode readJson(Path image) throws IOException {
    byte[] area = new byte[(int) HDR - 4096];
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      file.seek(4096);
      file.readFully(area);
    }
    int end = 0;
    while (area[end] != 0) {
      end++;
    }
    return (ObjectNode) JSON.readTree(Arrays.copyOf(area, end));
  }

  /** Writes {@code json} into both header copies with valid checksums and a new seqid. */
  private static void writeJson(Path image, byte[] json) throws IOException {
    try (FileBlockSource device = FileBlockSource.open(image, true)) {
      Luks2HeaderWriter.write(
          device, HDR, 2, "00000000-1111-2222-3333-444444444444", json, new SecureRandom());
    }
  }

  /** Writes a whole JSON area (no terminator added) into both copies, fixing the checksums. */
  private static void writeJsonArea(Path image, byte[] area) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      for (long offset : new long[] {0, HDR}) {
        byte[] bin = new byte[4096];
        file.seek(offset);
        file.readFully(bin);
        byte[] csum = Luks2HeaderParser.checksum(LuksHash.SHA256, bin, area);
        System.arraycopy(csum, 0, bin, Luks2HeaderParser.CSUM_OFFSET, csum.length);
        file.seek(offset);
        file.write(bin);
        file.write(area);
      }
    }
  }

  private static void flip(Path image, long offset) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(offset);
      int b = file.read();
      file.seek(offset);
      file.write(b ^ 0x5a);
    }
  }

  private static void patch(Path image, long offset, byte[] value) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(offset);
      file.write(value);
    }
  }

  private static void patchLong(Path image, long offset, long value) throws IOException {
    patch(image, offset, ByteBuffer.allocate(8).putLong(value).array());
  }

  private static byte[] be32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }
}
