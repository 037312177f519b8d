package org.ccsidecar.azmount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code azmount mount} as a process: signals, external unmount, durability of fsynced writes. */
class MountProcessTest {
  @TempDir static Path shared;
  private static Path image;
  private static Path key;

  @TempDir Path temp;
  private final KernelMounts kernel = new KernelMounts();
  private AzmountProcess azmount;
  private Path fuseDir;

  @BeforeAll
  static void makeImage() throws IOException {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    SystemTests.requireCommand("cryptsetup");
    SystemTests.requireCommand("mkfs.ext4");
    Path empty = Files.createDirectories(shared.resolve("empty"));
    key = EncryptedImages.keyFile(shared.resolve("key"), 21);
    image = shared.resolve("image.luks");
    EncryptedImages.create(image, 32, empty, key);
  }

  @AfterEach
  void cleanUp() throws IOException {
    kernel.close();
    if (azmount != null) {
      azmount.close();
    }
    if (fuseDir != null && MountPoints.isMountPoint(fuseDir.toRealPath())) {
      KernelMounts.run("umount", "-l", fuseDir.toString());
    }
  }

  private Path writableCopy() throws IOException {
    Path copy = temp.resolve("image.luks");
    Files.copy(image, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  @Test
  void sigtermRightAfterFsyncedWritesLosesNoneOfThem() throws Exception {
    Path copy = writableCopy();
    fuseDir = temp.resolve("fuse");
    azmount =
        AzmountProcess.start(
            Map.of(),
            "mount",
            "--mountpoint",
            fuseDir.toString(),
            "--local-path",
            copy.toString(),
            "--read-write",
            "--key-file",
            key.toString());
    Path volume = azmount.awaitReady();
    assertEquals(fuseDir.toRealPath().resolve("volume"), volume);
    String loop = kernel.attachLoop(volume, false);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "rw");
    Map<String, byte[]> written = writeAndFsync(ext4, 8, 31);

    azmount.terminate();
    assertEquals(0, azmount.awaitExit(), () -> "stderr: " + stderrOf(azmount));
    assertFalse(MountPoints.isMountPoint(fuseDir.toRealPath()));
    kernel.close();

    assertWrittenFilesPresent(copy, written);
  }

  /**
   * SIGTERM as soon as the mount appears, before the process says ready: the signal must still
   * unmount (it once ended the JVM with 143 and left the mount behind). Racy by nature, so tried
   * several times.
   */
  @Test
  void sigtermWhileTheMountIsBeingMadeLeavesNothingMounted() throws Exception {
    for (int attempt = 1; attempt <= 5; attempt++) {
      fuseDir = temp.resolve("fuse-" + attempt);
      azmount =
          AzmountProcess.start(
              Map.of(),
              "mount",
              "--mountpoint",
              fuseDir.toString(),
              "--local-path",
              image.toString());
      Path data = fuseDir.resolve("data");
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.exists(data) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(Files.exists(data), () -> "never mounted: " + azmount);
      azmount.terminate();
      int attemptNo = attempt;
      assertEquals(0, azmount.awaitExit(), () -> "attempt " + attemptNo + ": " + azmount);
      assertFalse(MountPoints.isMountPoint(fuseDir.toRealPath()), "attempt " + attempt);
      azmount.close();
    }
  }

  @Test
  void externalUnmountEndsTheProcessWithZero() throws Exception {
    fuseDir = temp.resolve("fuse");
    Path log = temp.resolve("azmount.log");
    azmount =
        AzmountProcess.start(
            Map.of(),
            "mount",
            "--mountpoint",
            fuseDir.toString(),
            "--local-path",
            image.toString(),
            "--key-file",
            key.toString(),
            "--log-level",
            "info",
            "--log-file",
            log.toString());
    Path volume = azmount.awaitReady();
    assertTrue(Files.size(volume) > 0);
    KernelMounts.run("umount", fuseDir.toString());
    assertEquals(0, azmount.awaitExit(), () -> "stderr: " + stderrOf(azmount));
    assertEquals("", stderrOf(azmount));
    String logged = Files.readString(log);
    assertTrue(logged.contains("mounted LUKS2 volume"), logged);
    assertTrue(logged.contains("was unmounted; exiting"), logged);
  }

  /** Writes {@code count} files under {@code dir}, each fsynced, and the directory fsynced. */
  static Map<String, byte[]> writeAndFsync(Path dir, int count, long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, byte[]> written = new java.util.TreeMap<>();
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[50_000 + random.nextInt(700_000)];
      random.nextBytes(data);
      String name = "fsynced-" + i + ".bin";
      try (FileChannel channel =
          FileChannel.open(
              dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(data));
        channel.force(true);
      }
      written.put(name, data);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
    return written;
  }

  /**
   * Serves {@code image} again in-process, lets ext4 replay its journal (the filesystem was cut
   * off, not unmounted) and checks every fsynced file byte for byte.
   */
  private void assertWrittenFilesPresent(Path image, Map<String, byte[]> written)
      throws IOException {
    try (KernelMounts again = new KernelMounts();
        FuseMount fuse =
            FuseMount.mount(
                Files.createDirectories(temp.resolve("verify-fuse")),
                "volume",
                org.ccsidecar.azmount.luks.LuksVolume.open(
                    org.ccsidecar.azmount.source.FileBlockSource.open(image, true),
                    Files.readAllBytes(key)),
                FuseOptions.defaults())) {
      String loop = again.attachLoop(fuse.file(), false);
      Path ext4 = Files.createDirectories(temp.resolve("verify-ext4"));
      again.mountExt4(loop, ext4, "rw");
      for (Map.Entry<String, byte[]> file : written.entrySet()) {
        assertTrue(
            java.util.Arrays.equals(
                file.getValue(), Files.readAllBytes(ext4.resolve(file.getKey()))),
            file.getKey() + " differs after SIGTERM");
      }
      again.unmount(ext4);
      again.detachLoop(loop);
    }
  }

  private static String stderrOf(AzmountProcess process) {
    try {
      return process.stderr();
    } catch (Exception e) {
      return "(unavailable: " + e + ")";
    }
  }
}
