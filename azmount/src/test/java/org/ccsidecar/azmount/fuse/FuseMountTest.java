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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FuseMount against the real kernel FUSE driver, with local files as sources. */
class FuseMountTest {
  private static final int SIZE = 8 << 20;

  @TempDir Path temp;
  private final List<FuseMount> mounts = new ArrayList<>();
  private final List<Path> mountPoints = new ArrayList<>();

  @BeforeEach
  void requireFuse() {
    SystemTests.requireFuse();
  }

  @AfterEach
  void cleanUp() {
    for (FuseMount mount : mounts) {
      try {
        mount.close();
      } catch (IOException e) {
        // reported by the test that caused it
      }
    }
    for (Path dir : mountPoints) {
      try {
        if (MountPoints.isMountPoint(dir.toRealPath())) {
          KernelMounts.run("umount", "-l", dir.toString());
        }
      } catch (IOException e) {
        // nothing mounted
      }
    }
  }

  private Path image(String name, long seed) throws IOException {
    byte[] bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    Path file = temp.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private Path mountPoint(String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    mountPoints.add(dir);
    return dir;
  }

  private FuseMount mount(Path dir, BlockSource source) throws IOException {
    FuseMount mount = FuseMount.mount(dir, "data", source, FuseOptions.defaults());
    mounts.add(mount);
    return mount;
  }

  @Test
  void servesTheSourceBytesAsOneReadOnlyFile() throws IOException {
    Path image = image("image.bin", 1);
    Path dir = mountPoint("mnt");
    FuseMount mount = mount(dir, FileBlockSource.open(image, false));

    assertEquals(List.of(dir.toRealPath().resolve("data")), list(dir));
    assertEquals(SIZE, Files.size(mount.file()));
    assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(mount.file()));
    assertThrows(
        IOException.class, () -> Files.newOutputStream(mount.file(), StandardOpenOption.APPEND));
  }

  @Test
  void randomOffsetReadsMatchTheSource() throws IOException {
    Path image = image("image.bin", 2);
    byte[] expected = Files.readAllBytes(image);
    FuseMount mount = mount(mountPoint("mnt"), FileBlockSource.open(image, false));
    Random random = new Random(3);
    try (FileChannel channel = FileChannel.open(mount.file())) {
      for (int i = 0; i < 200; i++) {
        int length = 1 + random.nextInt(300_000);
        int offset = random.nextInt(SIZE);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int n = channel.read(buffer, offset);
        int want = Math.min(length, SIZE - offset);
        assertEquals(want, n, "bytes read at " + offset);
        byte[] slice = java.util.Arrays.copyOfRange(expected, offset, offset + want);
        assertArrayEquals(slice, java.util.Arrays.copyOf(buffer.array(), n), "at " + offset);
      }
    }
  }

  @Test
  void writesReachTheSourceOnFsync() throws IOException {
    Path image = image("image.bin", 4);
    FuseMount mount = mount(mountPoint("mnt"), FileBlockSource.open(image, true));
    byte[] patch = new byte[200_000];
    new Random(5).nextBytes(patch);
    try (FileChannel channel =
        FileChannel.open(mount.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(patch), 12_345);
      channel.force(false);
      byte[] onDisk = new byte[patch.length];
      try (FileChannel direct = FileChannel.open(image)) {
        direct.read(ByteBuffer.wrap(onDisk), 12_345);
      }
      assertArrayEquals(patch, onDisk);
      assertEquals(0, channel.write(ByteBuffer.allocate(0), SIZE));
      assertThrows(IOException.class, () -> channel.write(ByteBuffer.allocate(10), SIZE));
    }
  }

  @Test
  void severalMountsLiveInOneJvm() throws IOException {
    Path first = image("first.bin", 6);
    Path second = image("second.bin", 7);
    Path workingDirectory = Files.readSymbolicLink(Path.of("/proc/self/cwd"));
    FuseMount a = mount(mountPoint("a"), FileBlockSource.open(first, false));
    FuseMount b = mount(mountPoint("b"), FileBlockSource.open(second, false));
    FuseMount c = mount(mountPoint("c"), FileBlockSource.open(first, false));

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(a.file()));
    assertArrayEquals(Files.readAllBytes(second), Files.readAllBytes(b.file()));
    assertEquals(workingDirectory, Files.readSymbolicLink(Path.of("/proc/self/cwd")));
    a.close();
    assertFalse(a.isMounted());
    assertFalse(MountPoints.isMountPoint(a.mountPoint()));
    assertArrayEquals(Files.readAllBytes(second), Files.readAllBytes(b.file()));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(c.file()));
    assertTrue(b.isMounted());
  }

  @Test
  void refusesANonEmptyMountPointAndLeavesNothingMounted() throws IOException {
    Path dir = mountPoint("mnt");
    Files.writeString(dir.resolve("stray"), "x");
    try (BlockSource source = FileBlockSource.open(image("image.bin", 8), false)) {
      IOException e = assertThrows(IOException.class, () -> mount(dir, source));
      assertTrue(e.getMessage().contains("not empty"), e.getMessage());
      assertFalse(MountPoints.isMountPoint(dir.toRealPath()));
    }
  }

  @Test
  void failingStorageGivesEioAndRecovers() throws IOException {
    Path image = image("image.bin", 9);
    AtomicBoolean failing = new AtomicBoolean();
    BlockSource flaky = new FailingSource(FileBlockSource.open(image, false), failing);
    FuseOptions options = FuseOptions.defaults();
    FuseMount mount = FuseMount.mount(mountPoint("mnt"), "data", flaky, options);
    mounts.add(mount);
    byte[] expected = Files.readAllBytes(image);
    try (FileChannel channel = FileChannel.open(mount.file())) {
      failing.set(true);
      IOException e =
          assertThrows(IOException.class, () -> channel.read(ByteBuffer.allocate(4096), 1 << 20));
      assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
      failing.set(false);
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      assertEquals(4096, channel.read(buffer, 1 << 20));
      assertArrayEquals(
          java.util.Arrays.copyOfRange(expected, 1 << 20, (1 << 20) + 4096), buffer.array());
    }
  }

  @Test
  void closeUnmountsEvenWhileTheFileIsOpen() throws IOException {
    Path image = image("image.bin", 10);
    FuseMount mount = mount(mountPoint("mnt"), FileBlockSource.open(image, false));
    FileChannel channel = FileChannel.open(mount.file());
    try {
      assertEquals(10, channel.read(ByteBuffer.allocate(10), 0));
      mount.close();
      assertFalse(mount.isMounted());
      assertFalse(MountPoints.isMountPoint(mount.mountPoint()));
      IOException e =
          assertThrows(IOException.class, () -> channel.read(ByteBuffer.allocate(10), SIZE - 4096));
      assertTrue(e.getMessage().contains("not connected"), e.getMessage());
    } finally {
      try {
        channel.close();
      } catch (IOException expected) {
        // the connection was aborted under the open file
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (var entries = Files.list(dir.toRealPath())) {
      return entries.toList();
    }
  }

  /** Fails every read while {@code failing} is set: storage going away and coming back. */
  private static final class FailingSource implements BlockSource {
    private final BlockSource delegate;
    private final AtomicBoolean failing;

    FailingSource(BlockSource delegate, AtomicBoolean failing) {
      this.delegate = delegate;
      this.failing = failing;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public boolean writable() {
      return delegate.writable();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      if (failing.get()) {
        throw new IOException("storage unavailable");
      }
      delegate.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
      delegate.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
