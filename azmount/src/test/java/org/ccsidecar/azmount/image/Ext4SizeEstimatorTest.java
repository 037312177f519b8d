package org.ccsidecar.azmount.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimated geometry holds real trees: mkfs.ext4 -d succeeds and e2fsck is clean. */
class Ext4SizeEstimatorTest {
  @TempDir Path dir;

  @Test
  void emptyTreeGetsTheMinimum() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    assertEquals(Ext4SizeEstimator.MIN_BYTES, Ext4SizeEstimator.estimate(source).bytes());
    assertBuilds(source);
  }

  @Test
  void manySmallFilesGetEnoughInodesAndDirectoryBlocks() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    for (int d = 0; d < 20; d++) {
      Path sub = Files.createDirectory(source.resolve("directory-with-a-long-name-" + d));
      for (int f = 0; f < 150; f++) {
        Files.writeString(sub.resolve("small-file-with-a-rather-long-name-" + f + ".txt"), "x");
      }
    }
    Ext4SizeEstimator.Ext4Size size = Ext4SizeEstimator.estimate(source);
    assertTrue(size.inodes() >= 3_021, size::toString);
    assertBuilds(source);
  }

  @Test
  void bigFilesFitWithSpareButWithoutWaste() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    Random random = new Random(7);
    byte[] chunk = new byte[1 << 20];
    long total = 0;
    for (int f = 0; f < 3; f++) {
      try (var out = Files.newOutputStream(source.resolve("big-" + f))) {
        for (int m = 0; m < 40 + f; m++) {
          random.nextBytes(chunk);
          out.write(chunk);
          total += chunk.length;
        }
      }
    }
    long estimate = Ext4SizeEstimator.estimate(source).bytes();
    assertTrue(estimate >= total * 11 / 10, "estimate " + estimate + " for " + total);
    assertTrue(estimate <= total * 3 / 2 + (64L << 20), "estimate " + estimate + " for " + total);
    assertBuilds(source);
  }

  @Test
  void journalFollowsMke2fs() {
    assertEquals(0, Ext4SizeEstimator.journalBytes(4L << 20));
    assertEquals(4L << 20, Ext4SizeEstimator.journalBytes(64L << 20));
    assertEquals(16L << 20, Ext4SizeEstimator.journalBytes(512L << 20));
    assertEquals(64L << 20, Ext4SizeEstimator.journalBytes(4L << 30));
    assertEquals(1L << 30, Ext4SizeEstimator.journalBytes(1L << 40));
  }

  @Test
  void aTooSmallExplicitSizeFailsNamingTheSourceAndSize() throws Exception {
    SystemTests.requireCommand("mkfs.ext4");
    Path source = Files.createDirectory(dir.resolve("src"));
    byte[] random = new byte[20 << 20];
    new Random(3).nextBytes(random);
    // Random, not zeros: mkfs.ext4 -d stores zero blocks as holes.
    Files.write(source.resolve("big"), random);
    Path image = sized(dir.resolve("fs.ext4"), 16L << 20);
    ImageException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ImageException.class, () -> MkfsExt4.build(source, image, OptionalLong.empty()));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    assertTrue(e.getMessage().contains(source.toString()), e.getMessage());
  }

  private void assertBuilds(Path source) throws Exception {
    SystemTests.requireCommand("mkfs.ext4");
    SystemTests.requireCommand("e2fsck");
    Ext4SizeEstimator.Ext4Size size = Ext4SizeEstimator.estimate(source);
    Path image = sized(dir.resolve("fs.ext4"), size.bytes());
    MkfsExt4.build(source, image, OptionalLong.of(size.inodes()));
    Process fsck =
        new ProcessBuilder(List.of("e2fsck", "-fn", image.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(fsck.getInputStream().readAllBytes());
    assertTrue(fsck.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, fsck.exitValue(), output);
  }

  private static Path sized(Path file, long size) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file;
  }
}
