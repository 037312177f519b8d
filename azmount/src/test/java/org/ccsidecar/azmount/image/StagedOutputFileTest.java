package org.ccsidecar.azmount.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputFileTest {
  @TempDir Path dir;

  @Test
  void targetAppearsOnlyOnCommit() throws Exception {
    Path target = dir.resolve("out.img");
    try (StagedOutputFile staged = StagedOutputFile.create(target, 4096, false)) {
      assertEquals(dir, staged.staging().getParent());
      assertEquals(4096, Files.size(staged.staging()));
      assertFalse(Files.exists(target));
      Files.writeString(staged.staging(), "done");
      staged.commit();
    }
    assertEquals("done", Files.readString(target));
    assertEquals(1, entries());
  }

  @Test
  void closingWithoutCommitRemovesTheStagingFile() throws Exception {
    try (StagedOutputFile staged = StagedOutputFile.create(dir.resolve("out.img"), 1, false)) {
      assertTrue(Files.exists(staged.staging()));
    }
    assertEquals(0, entries());
  }

  @Test
  void anExistingTargetIsKeptUnlessReplacing() throws Exception {
    Path target = Files.writeString(dir.resolve("out.img"), "old");
    assertThrows(FileAlreadyExistsException.class, () -> StagedOutputFile.create(target, 1, false));
    try (StagedOutputFile staged = StagedOutputFile.create(target, 0, true)) {
      Files.writeString(staged.staging(), "new");
      staged.commit();
    }
    assertEquals("new", Files.readString(target));
    assertEquals(1, entries());
  }

  private long entries() throws Exception {
    try (var list = Files.list(dir)) {
      return list.count();
    }
  }
}
