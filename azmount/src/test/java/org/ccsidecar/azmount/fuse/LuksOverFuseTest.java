package org.ccsidecar.azmount.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cryptsetup-encrypted ext4 image served decrypted as {@code volume} and mounted by the kernel
 * through a loop device: the whole local data path of {@code azmount mount --key-file}.
 */
class LuksOverFuseTest {
  private static final int PAYLOAD_MIB = 48;

  @TempDir static Path shared;
  private static Path content;
  private static Path image;
  private static Path key;

  @TempDir Path temp;
  private final KernelMounts kernel = new KernelMounts();
  private final List<FuseMount> mounts = new ArrayList<>();

  @BeforeAll
  static void makeImage() throws IOException {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    SystemTests.requireCommand("cryptsetup");
    SystemTests.requireCommand("mkfs.ext4");
    content = Files.createDirectories(shared.resolve("content"));
    FileTrees.populate(content, 30, 600_000, 11);
    key = EncryptedImages.keyFile(shared.resolve("key"), 12);
    image = shared.resolve("image.luks");
    EncryptedImages.create(image, PAYLOAD_MIB, content, key);
  }

  @BeforeEach
  void requireKernel() {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
  }

  @AfterEach
  void cleanUp() throws IOException {
    kernel.close();
    for (FuseMount mount : mounts) {
      mount.close();
    }
  }

  private static LuksVolume open(Path file, boolean writable) throws IOException {
    return LuksVolume.open(FileBlockSource.open(file, writable), Files.readAllBytes(key));
  }

  private FuseMount serve(Path file, boolean writable, String mountDir) throws IOException {
    FuseMount mount =
        FuseMount.mount(
            Files.createDirectories(temp.resolve(mountDir)),
            "volume",
            open(file, writable),
            FuseOptions.defaults());
    mounts.add(mount);
    return mount;
  }

  @Test
  void everyFileOfTheLoopMountedVolumeMatchesTheSource() throws IOException {
    FuseMount fuse = serve(image, false, "fuse");
    try (LuksVolume direct = open(image, false)) {
      assertEquals(Files.size(image) - direct.header().dataOffset(), Files.size(fuse.file()));
    }
    String loop = kernel.attachLoop(fuse.file(), true);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "ro,noload");

    Map<String, String> expected = FileTrees.sha256(content);
    assertEquals(30, expected.size());
    assertEquals(expected, FileTrees.sha256(ext4));
  }

  @Test
  void randomOffsetReadsEqualDirectDecryption() throws IOException {
    FuseMount fuse = serve(image, false, "fuse");
    long size = Files.size(fuse.file());
    Random random = new Random(13);
    try (LuksVolume direct = open(image, false);
        FileChannel channel = FileChannel.open(fuse.file())) {
      for (int i = 0; i < 300; i++) {
        int length = 1 + random.nextInt(i % 10 == 0 ? 3_000_000 : 70_000);
        long offset = (long) (random.nextDouble() * (size - length));
        ByteBuffer viaFuse = ByteBuffer.allocate(length);
        while (viaFuse.hasRemaining()) {
          channel.read(viaFuse, offset + viaFuse.position());
        }
        ByteBuffer expected = ByteBuffer.allocate(length);
        direct.read(offset, expected);
        assertArrayEquals(expected.array(), viaFuse.array(), "at offset " + offset);
      }
    }
  }

  @Test
  void concurrentReadersAllSeeTheDecryptedBytes() throws Exception {
    FuseMount fuse = serve(image, false, "fuse");
    String expected;
    try (LuksVolume direct = open(image, false)) {
      expected = sha256(direct);
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int chunk = 4096 << t;
        hashes.add(pool.submit(() -> sha256InChunks(fuse.file(), chunk)));
      }
      for (Future<String> hash : hashes) {
        assertEquals(expected, hash.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writesThroughExt4SurviveRemountAndFsckIsClean() throws IOException {
    Path writable = temp.resolve("writable.luks");
    Files.copy(image, writable, StandardCopyOption.REPLACE_EXISTING);
    Path added = Files.createDirectories(temp.resolve("added"));
    FileTrees.populate(added, 10, 900_000, 14);

    FuseMount fuse = serve(writable, true, "fuse");
    String loop = kernel.attachLoop(fuse.file(), false);
    Path ext4 = Files.createDirectories(temp.resolve("ext4"));
    kernel.mountExt4(loop, ext4, "rw");
    Path target = Files.createDirectories(ext4.resolve("added"));
    Ext4OverFuseTest.copyTree(added, target);
    KernelMounts.run("sync", "-f", ext4.toString());
    kernel.unmount(ext4);
    kernel.detachLoop(loop);
    fuse.close();

    KernelMounts.run(
        "cryptsetup",
        "open",
        "--test-passphrase",
        "--key-file",
        key.toString(),
        writable.toString());
    FuseMount again = serve(writable, false, "fuse2");
    KernelMounts.run("e2fsck", "-fn", again.file().toString());
    loop = kernel.attachLoop(again.file(), true);
    kernel.mountExt4(loop, ext4, "ro,noload");
    Map<String, String> expected = new TreeMap<>(FileTrees.sha256(content));
    FileTrees.sha256(added).forEach((path, hash) -> expected.put("added/" + path, hash));
    assertEquals(expected, FileTrees.sha256(ext4));
  }

  private static String sha256(BlockSource source) throws IOException {
    java.security.MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    for (long offset = 0; offset < source.size(); offset += buffer.capacity()) {
      buffer.clear();
      source.read(offset, buffer);
      digest.update(buffer.array());
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256InChunks(Path file, int chunk) throws IOException {
    java.security.MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(chunk);
    try (FileChannel channel = FileChannel.open(file)) {
      while (channel.read(buffer.clear()) > 0) {
        digest.update(buffer.array(), 0, buffer.position());
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
