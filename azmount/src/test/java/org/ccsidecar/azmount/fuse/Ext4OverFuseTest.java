package org.ccsidecar.azmount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's ext4 on a loop device over the FUSE file: the stack remotefs builds. */
class Ext4OverFuseTest {
  @TempDir Path temp;
  private final KernelMounts kernel = new KernelMounts();
  private FuseMount fuse;

  @BeforeEach
  void requireKernel() {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    SystemTests.requireCommand("mkfs.ext4");
  }

  @AfterEach
  void cleanUp() throws IOException {
    kernel.close();
    if (fuse != null) {
      fuse.close();
    }
  }

  @Test
  void readOnlyExt4SeesEveryFileIntact() throws IOException {
    Path content = Files.createDirectories(temp.resolve("content"));
    FileTrees.populate(content, 20, 300_000, 1);
    Path image = temp.resolve("image.ext4");
    FileTrees.mkfsExt4(image, 32, content);

    fuse =
        FuseMount.mount(
            Files.createDirectories(temp.resolve("fuse")),
            "data",
            FileBlockSource.open(image, false),
            FuseOptions.defaults());
    String loop = kernel.attachLoop(fuse.file(), true);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "ro,noload");

    Map<String, String> expected = FileTrees.sha256(content);
    assertEquals(20, expected.size());
    assertEquals(expected, FileTrees.sha256(ext4));
  }

  @Test
  void writesThroughExt4SurviveUnmountAndFsckIsClean() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    Path image = temp.resolve("image.ext4");
    FileTrees.mkfsExt4(image, 32, empty);
    Path written = Files.createDirectories(temp.resolve("written"));
    FileTrees.populate(written, 12, 500_000, 2);

    Path fuseDir = Files.createDirectories(temp.resolve("fuse"));
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    fuse =
        FuseMount.mount(fuseDir, "data", FileBlockSource.open(image, true), FuseOptions.defaults());
    String loop = kernel.attachLoop(fuse.file(), false);
    kernel.mountExt4(loop, ext4, "rw");
    copyTree(written, ext4);
    KernelMounts.run("sync", "-f", ext4.toString());
    kernel.unmount(ext4);
    kernel.detachLoop(loop);
    fuse.close();

    KernelMounts.run("e2fsck", "-fn", image.toString());

    fuse =
        FuseMount.mount(
            fuseDir, "data", FileBlockSource.open(image, false), FuseOptions.defaults());
    loop = kernel.attachLoop(fuse.file(), true);
    kernel.mountExt4(loop, ext4, "ro,noload");
    assertEquals(FileTrees.sha256(written), FileTrees.sha256(ext4));
  }

  static void copyTree(Path from, Path to) throws IOException {
    KernelMounts.run("cp", "-a", from + "/.", to.toString());
  }
}
