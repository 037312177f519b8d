package org.ccsidecar.skr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void replacesARegularFile() throws Exception {
    Path out = Files.writeString(dir.resolve("k.out"), "old");
    KeyFiles.write(out, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out));
  }

  @Test
  void refusesToReplaceWhatIsNotARegularFile() throws Exception {
    Path target = Files.createDirectory(dir.resolve("empty-dir"));
    IOException e = assertThrows(IOException.class, () -> KeyFiles.write(target, new byte[] {1}));
    assertEquals("cannot write key file " + target + ": not a regular file", e.getMessage());
    assertTrue(Files.isDirectory(target));
  }
}
