package org.ccsidecar.remotefs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPointLinkTest {
  @TempDir Path dir;

  @Test
  void publishesARelativeLinkAndRemovesIt() throws IOException {
    Path target = Files.createDirectories(dir.resolve(".filesystem-0"));
    Files.writeString(target.resolve("f"), "x");
    Path link = dir.resolve("share");
    MountPointLink published = MountPointLink.publish(link, target);
    assertEquals(Path.of(".filesystem-0"), Files.readSymbolicLink(link));
    assertEquals("x", Files.readString(link.resolve("f")));
    try (var listing = Files.list(dir)) {
      assertEquals(2, listing.count(), "no temporary link left behind");
    }
    published.remove();
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void replacesAStaleLinkFromAnEarlierRun() throws IOException {
    Path link = dir.resolve("share");
    Files.createSymbolicLink(link, Path.of(".filesystem-7"));
    Path target = Files.createDirectories(dir.resolve(".filesystem-0"));
    MountPointLink.publish(link, target);
    assertEquals(Path.of(".filesystem-0"), Files.readSymbolicLink(link));
  }

  @Test
  void refusesToReplaceARealDirectoryOrFile() throws IOException {
    Path target = Files.createDirectories(dir.resolve(".filesystem-0"));
    Path existingDir = Files.createDirectories(dir.resolve("share"));
    IOException e =
        assertThrows(IOException.class, () -> MountPointLink.publish(existingDir, target));
    assertEquals(
        existingDir + " exists and is not a symlink; remove it or choose another mount_point",
        e.getMessage());
    Path existingFile = Files.writeString(dir.resolve("file"), "keep");
    assertThrows(IOException.class, () -> MountPointLink.publish(existingFile, target));
    assertEquals("keep", Files.readString(existingFile));
  }

  @Test
  void removeLeavesALinkSomeoneElseReplaced() throws IOException {
    Path target = Files.createDirectories(dir.resolve(".filesystem-0"));
    Path link = dir.resolve("share");
    MountPointLink published = MountPointLink.publish(link, target);
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("elsewhere"));
    published.remove();
    assertEquals(Path.of("elsewhere"), Files.readSymbolicLink(link));
  }
}
