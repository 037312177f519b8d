package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ccsidecar.testkit.SystemTests;

/** Source trees for images, and checks that an ext4 file holds them (e2fsck, debugfs). */
final class Ext4Trees {
  private Ext4Trees() {}

  static void requireTools() {
    for (String command : new String[] {"cryptsetup", "mkfs.ext4", "e2fsck", "debugfs"}) {
      SystemTests.requireCommand(command);
    }
  }

  /** A small tree with the awkward cases: empty, odd-sized, nested, symlink, non-ASCII name. */
  static Path sourceTree(Path dir) throws IOException {
    Path root = Files.createDirectories(dir);
    Random random = new Random(42);
    Files.writeString(root.resolve("hello.txt"), "hello, encrypted world\n");
    Files.createFile(root.resolve("empty"));
    byte[] odd = new byte[1_234_567];
    random.nextBytes(odd);
    Files.write(root.resolve("odd-size.bin"), odd);
    Path deep = Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(deep.resolve("deep.txt"), "deep\n".repeat(1000));
    Files.writeString(root.resolve("a/grüße.txt"), "non-ascii name\n", StandardCharsets.UTF_8);
    Files.createSymbolicLink(root.resolve("link-to-hello"), Path.of("hello.txt"));
    return root;
  }

  /** A plain ext4 file of {@code sizeMib} MiB holding {@code source}, built with mkfs.ext4 -d. */
  static Path mkfs(Path source, Path file, int sizeMib) throws Exception {
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength((long) sizeMib << 20);
    }
    Processes.check(
        "mkfs.ext4", "-F", "-q", "-b", "4096", "-d", source.toString(), file.toString());
    return file;
  }

  /** Asserts that {@code ext4} passes e2fsck -fn and holds exactly the files of {@code source}. */
  static void assertHolds(Path ext4, Path source, Path scratch) throws Exception {
    Processes.check("e2fsck", "-fn", ext4.toString());
    Path dump = Files.createDirectories(scratch);
    Processes.check("debugfs", "-R", "rdump / " + dump, ext4.toString());
    List<Path> expected = relativeEntries(source);
    List<Path> actual = relativeEntries(dump);
    actual.remove(Path.of("lost+found"));
    assertEquals(expected, actual, "entries in the image");
    for (Path relative : expected) {
      Path want = source.resolve(relative);
      Path got = dump.resolve(relative);
      if (Files.isSymbolicLink(want)) {
        assertEquals(
            Files.readSymbolicLink(want), Files.readSymbolicLink(got), relative.toString());
      } else if (Files.isRegularFile(want, LinkOption.NOFOLLOW_LINKS)) {
        assertArrayEquals(Files.readAllBytes(want), Files.readAllBytes(got), relative.toString());
      } else {
        assertTrue(Files.isDirectory(got, LinkOption.NOFOLLOW_LINKS), relative + " directory");
      }
    }
  }

  private static List<Path> relativeEntries(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return new java.util.ArrayList<>(
          walk.filter(p -> !p.equals(root)).map(root::relativize).sorted().toList());
    }
  }
}
