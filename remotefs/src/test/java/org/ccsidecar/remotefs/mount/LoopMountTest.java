package org.ccsidecar.remotefs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real loop devices and kernel ext4 over a plain image file made by mkfs.ext4 -d. */
class LoopMountTest {
  @TempDir Path dir;
  private Path image;
  private Path target;

  @BeforeEach
  void makeImage() throws Exception {
    SystemTests.requireLoopDevices();
    SystemTests.requireCommand("mkfs.ext4");
    Path source = Files.createDirectories(dir.resolve("src"));
    Files.writeString(source.resolve("hello.txt"), "hello from ext4\n");
    image = dir.resolve("volume");
    SystemCommand.Result mkfs =
        SystemCommand.run(
            Duration.ofSeconds(30),
            List.of("mkfs.ext4", "-q", "-F", "-d", source.toString(), image.toString(), "8M"));
    assertTrue(mkfs.ok(), mkfs.output());
    target = Files.createDirectories(dir.resolve("mnt"));
  }

  @Test
  void readOnlyMountShowsTheFilesAndRefusesWrites() throws Exception {
    String device;
    try (LoopMount mount = LoopMount.mount(image, target, false)) {
      device = mount.device();
      assertTrue(MountPoints.isMountPoint(target));
      assertEquals("1", directIo(device), device + " reads its file through the page cache");
      assertEquals("hello from ext4\n", Files.readString(target.resolve("hello.txt")));
      assertThrows(IOException.class, () -> Files.writeString(target.resolve("new"), "x"));
    }
    assertFalse(MountPoints.isMountPoint(target));
    assertEquals("", attachedTo(image), device + " still attached");
  }

  @Test
  void readWriteMountKeepsWritesAcrossRemount() throws Exception {
    try (LoopMount mount = LoopMount.mount(image, target, true)) {
      Files.writeString(target.resolve("written.txt"), "persisted");
    }
    assertFalse(MountPoints.isMountPoint(target));
    try (LoopMount mount = LoopMount.mount(image, target, false)) {
      assertEquals("persisted", Files.readString(target.resolve("written.txt")));
    }
  }

  @Test
  void busyMountIsDetachedLazilyWithoutHanging() throws Exception {
    LoopMount mount = LoopMount.mount(image, target, false);
    try (InputStream held = Files.newInputStream(target.resolve("hello.txt"))) {
      long start = System.nanoTime();
      mount.close();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 8000, "close took " + millis + " ms");
      assertFalse(MountPoints.isMountPoint(target));
      assertEquals('h', held.read(), "the open file stays readable after a lazy unmount");
    }
    // The kernel frees the autocleared loop device once its last user is gone.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!attachedTo(image).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals("", attachedTo(image));
  }

  @Test
  void notExt4GivesOneLineErrorAndLeavesNoLoopDevice() throws Exception {
    Path garbage = Files.write(dir.resolve("garbage"), new byte[4 << 20]);
    IOException e = assertThrows(IOException.class, () -> LoopMount.mount(garbage, target, false));
    assertTrue(e.getMessage().startsWith("mount -t ext4 /dev/loop"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals("", attachedTo(garbage));
    assertFalse(MountPoints.isMountPoint(target));
  }

  private static String directIo(String device) throws IOException {
    return SystemCommand.run(
            Duration.ofSeconds(10),
            List.of("losetup", "--list", "--noheadings", "-O", "DIO", device))
        .output()
        .strip();
  }

  private static String attachedTo(Path file) throws IOException {
    return SystemCommand.run(Duration.ofSeconds(10), List.of("losetup", "-j", file.toString()))
        .output()
        .strip();
  }
}
