package org.ccsidecar.azmount.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ccsidecar.azmount.cache.BlockCache;
import org.ccsidecar.azmount.cache.CacheOptions;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.AzuriteBlobs;
import org.ccsidecar.azmount.source.BlobLocation;
import org.ccsidecar.azmount.source.BlobRetryPolicy;
import org.ccsidecar.azmount.source.BlobSources;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.testkit.Azurite;
import org.ccsidecar.testkit.CuttableProxy;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack against a real blob service: Azurite blob -> BlockCache -> LuksVolume -> FUSE ->
 * loop -> kernel ext4, for block blobs (read-only) and page blobs (read-write), plus storage
 * failures, SIGTERM durability and the write lease, with {@code azmount mount} as a process.
 */
class AzuriteOverFuseTest {
  @TempDir static Path shared;
  private static Azurite azurite;
  private static AzuriteBlobs blobs;
  private static Path content;
  private static Path image;
  private static Path key;
  private static byte[] imageBytes;

  @TempDir Path temp;
  private final KernelMounts kernel = new KernelMounts();
  private final List<FuseMount> mounts = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();

  @BeforeAll
  static void uploadImage() throws IOException {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    SystemTests.requireCommand("cryptsetup");
    SystemTests.requireCommand("mkfs.ext4");
    content = Files.createDirectories(shared.resolve("content"));
    FileTrees.populate(content, 24, 500_000, 41);
    key = EncryptedImages.keyFile(shared.resolve("key"), 42);
    image = shared.resolve("image.luks");
    EncryptedImages.create(image, 32, content, key);
    imageBytes = Files.readAllBytes(image);
    azurite = Azurite.start();
    blobs = new AzuriteBlobs(azurite);
    blobs.blockBlob("image-block", imageBytes);
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    kernel.close();
    for (FuseMount mount : mounts) {
      mount.close();
    }
    for (AutoCloseable other : others) {
      other.close();
    }
  }

  private FuseMount serve(BlobLocation location, boolean writable, String fileName, String dir)
      throws IOException {
    return serve(location, writable, fileName, dir, BlobRetryPolicy.defaults());
  }

  private FuseMount serve(
      BlobLocation location, boolean writable, String fileName, String dir, BlobRetryPolicy retry)
      throws IOException {
    BlockSource source =
        BlockCache.open(
            BlobSources.open(location, blobs.credentials(), writable, retry),
            CacheOptions.defaults());
    if ("volume".equals(fileName)) {
      source = LuksVolume.open(source, Files.readAllBytes(key));
    }
    FuseMount mount =
        FuseMount.mount(
            Files.createDirectories(temp.resolve(dir)), fileName, source, FuseOptions.defaults());
    mounts.add(mount);
    return mount;
  }

  @Test
  void blockBlobVolumeLoopMountsWithEveryFileIntact() throws IOException {
    FuseMount fuse = serve(blobs.location("image-block"), false, "volume", "fuse");
    String loop = kernel.attachLoop(fuse.file(), true);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "ro,noload");
    Map<String, String> expected = FileTrees.sha256(content);
    assertEquals(24, expected.size());
    assertEquals(expected, FileTrees.sha256(ext4));
  }

  @Test
  void pageBlobTakesWritesThroughExt4AndKeepsThemAcrossMounts() throws IOException {
    BlobLocation location = blobs.pageBlob("image-rw", imageBytes);
    Path added = Files.createDirectories(temp.resolve("added"));
    FileTrees.populate(added, 8, 800_000, 43);

    FuseMount fuse = serve(location, true, "volume", "fuse");
    String loop = kernel.attachLoop(fuse.file(), false);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "rw");
    Ext4OverFuseTest.copyTree(added, Files.createDirectories(ext4.resolve("added")));
    KernelMounts.run("sync", "-f", ext4.toString());
    kernel.unmount(ext4);
    kernel.detachLoop(loop);
    fuse.close();

    FuseMount again = serve(location, false, "volume", "fuse2");
    KernelMounts.run("e2fsck", "-fn", again.file().toString());
    loop = kernel.attachLoop(again.file(), true);
    kernel.mountExt4(loop, ext4, "ro,noload");
    Map<String, String> expected = new TreeMap<>(FileTrees.sha256(content));
    FileTrees.sha256(added).forEach((path, hash) -> expected.put("added/" + path, hash));
    assertEquals(expected, FileTrees.sha256(ext4));
  }

  @Test
  void storageFailingMidReadGivesEioThenRecovers() throws IOException {
    CuttableProxy proxy = CuttableProxy.start(azurite.port());
    others.add(proxy);
    BlobRetryPolicy quick =
        new BlobRetryPolicy(
            2, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(200));
    FuseMount fuse =
        serve(blobs.locationVia(proxy.port(), "image-block"), false, "data", "fuse", quick);
    try (FileChannel channel = FileChannel.open(fuse.file())) {
      assertArrayEquals(slice(0, 4096), read(channel, 0, 4096));
      proxy.refuse();
      long far = imageBytes.length - (4L << 20);
      IOException e = assertThrows(IOException.class, () -> read(channel, far, 4096));
      assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
      proxy.forward();
      assertArrayEquals(slice(far, 4096), read(channel, far, 4096));
    }
  }

  @Test
  void sigtermToAzmountRightAfterFsyncedWritesLosesNone() throws Exception {
    BlobLocation location = blobs.pageBlob("image-sigterm", imageBytes);
    Path fuseDir = temp.resolve("fuse");
    AzmountProcess azmount = startReadWrite(location, fuseDir);
    others.add(azmount);
    Path volume = azmount.awaitReady();
    String loop = kernel.attachLoop(volume, false);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "rw");
    Map<String, byte[]> written = MountProcessTest.writeAndFsync(ext4, 6, 44);

    azmount.terminate();
    assertEquals(0, azmount.awaitExit(), azmount::toString);
    assertFalse(MountPoints.isMountPoint(fuseDir.toRealPath()));
    kernel.close();

    FuseMount fuse = serve(location, true, "volume", "verify");
    try (KernelMounts again = new KernelMounts()) {
      String verifyLoop = again.attachLoop(fuse.file(), false);
      Path verify = Files.createDirectories(temp.resolve("verify-ext4"));
      again.mountExt4(verifyLoop, verify, "rw");
      for (Map.Entry<String, byte[]> file : written.entrySet()) {
        assertTrue(
            Arrays.equals(file.getValue(), Files.readAllBytes(verify.resolve(file.getKey()))),
            file.getKey() + " differs after SIGTERM");
      }
      again.unmount(verify);
      again.detachLoop(verifyLoop);
    }
  }

  @Test
  void secondReadWriteMountOfALeasedBlobIsRefused() throws Exception {
    BlobLocation location = blobs.pageBlob("image-leased", imageBytes);
    FuseMount first = serve(location, true, "volume", "first");
    assertTrue(first.isMounted());

    Path secondDir = temp.resolve("second");
    AzmountProcess second = startReadWrite(location, secondDir);
    others.add(second);
    assertEquals(1, second.awaitExit());
    String stderr = second.stderr();
    assertEquals(1, stderr.lines().count(), stderr);
    assertTrue(stderr.contains("leased"), stderr);
    assertFalse(MountPoints.isMountPoint(secondDir.toRealPath()));
  }

  private AzmountProcess startReadWrite(BlobLocation location, Path mountPoint) throws IOException {
    return AzmountProcess.start(
        Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString()),
        "mount",
        "--mountpoint",
        mountPoint.toString(),
        "--url",
        azurite.blobUrl(location.container(), location.blobName()),
        "--read-write",
        "--log-level",
        "info",
        "--key-file",
        key.toString());
  }

  private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.array();
  }

  private static byte[] slice(long offset, int length) {
    return Arrays.copyOfRange(imageBytes, (int) offset, (int) offset + length);
  }
}
