package org.ccsidecar.azmount.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void generatesThirtyTwoRandomBytesReadableOnlyByTheOwner() throws Exception {
    Path a = dir.resolve("a.key");
    Path b = dir.resolve("b.key");
    KeyFiles.generate(a);
    KeyFiles.generate(b);
    assertEquals(32, Files.size(a));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(a));
    assertFalse(java.util.Arrays.equals(KeyFiles.read(a), KeyFiles.read(b)));
  }

  @Test
  void neverOverwritesAnExistingFile() throws Exception {
    Path key = Files.write(dir.resolve("key"), new byte[] {1, 2, 3});
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.generate(key));
    assertArrayEquals(new byte[] {1, 2, 3}, KeyFiles.read(key));
  }

  @Test
  void refusesEmptyHugeAndDirectoryKeyFiles() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty"));
    assertTrue(
        assertThrows(ImageException.class, () -> KeyFiles.read(empty))
            .getMessage()
            .contains("empty"));
    Path huge = dir.resolve("huge");
    try (RandomAccessFile raf = new RandomAccessFile(huge.toFile(), "rw")) {
      raf.setLength(KeyFiles.MAX_KEY_FILE_BYTES + 1);
    }
    assertTrue(
        assertThrows(ImageException.class, () -> KeyFiles.read(huge))
            .getMessage()
            .contains("limit"));
    assertThrows(ImageException.class, () -> KeyFiles.read(dir));
  }

  @Test
  void refusesDevicesAsKeyFiles() {
    assertEquals(
        "/dev/zero: key file is not a regular file",
        assertThrows(ImageException.class, () -> KeyFiles.read(Path.of("/dev/zero"))).getMessage());
  }
}
