package org.ccsidecar.azmount.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadCopierTest {
  @TempDir Path dir;

  @Test
  void copiesEveryByteAcrossSliceBoundariesAndReportsProgress() throws IOException {
    int length = PayloadCopier.SLICE_BYTES * 2 + 12345;
    byte[] data = new byte[length];
    new Random(1).nextBytes(data);
    Path from = Files.write(dir.resolve("from"), data);
    Path to = sized(dir.resolve("to"), length);
    List<Long> progress = new ArrayList<>();
    try (BlockSource src = FileBlockSource.open(from, false);
        BlockSource dst = FileBlockSource.open(to, true)) {
      new PayloadCopier(false, 2).copy(src, dst, length, progress::add);
    }
    assertArrayEquals(data, Files.readAllBytes(to));
    assertEquals(3, progress.size(), progress::toString);
    assertEquals(progress.stream().sorted().toList(), progress, "monotonic");
    assertEquals(length, progress.get(2));
  }

  @Test
  void skippingZeroSlicesWritesOnlyTheOthers() throws IOException {
    int length = PayloadCopier.SLICE_BYTES * 3;
    byte[] data = new byte[length];
    data[PayloadCopier.SLICE_BYTES + 7] = 42;
    Path from = Files.write(dir.resolve("from"), data);
    Path to = sized(dir.resolve("to"), length);
    List<Long> written = java.util.Collections.synchronizedList(new ArrayList<>());
    try (BlockSource src = FileBlockSource.open(from, false);
        BlockSource file = FileBlockSource.open(to, true)) {
      BlockSource dst =
          new ForwardingTarget(file) {
            @Override
            public void write(long offset, ByteBuffer buffer) throws IOException {
              written.add(offset);
              super.write(offset, buffer);
            }
          };
      new PayloadCopier(true, 3).copy(src, dst, length, done -> {});
    }
    assertArrayEquals(data, Files.readAllBytes(to));
    assertEquals(List.of((long) PayloadCopier.SLICE_BYTES), written);
  }

  /** Passes every call on to a file. */
  private static class ForwardingTarget implements BlockSource {
    private final BlockSource target;

    ForwardingTarget(BlockSource target) {
      this.target = target;
    }

    @Override
    public long size() throws IOException {
      return target.size();
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      target.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
      target.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() {}
  }

  @Test
  void aReadFailureOnTheReaderThreadSurfacesAsTheIoException() throws IOException {
    Path to = sized(dir.resolve("to"), 1 << 20);
    BlockSource failing =
        new BlockSource() {
          @Override
          public long size() {
            return 1 << 20;
          }

          @Override
          public boolean writable() {
            return false;
          }

          @Override
          public void read(long offset, ByteBuffer dst) throws IOException {
            throw new IOException("disk on fire at " + offset);
          }

          @Override
          public void write(long offset, ByteBuffer src) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    try (BlockSource dst = FileBlockSource.open(to, true)) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> new PayloadCopier(false).copy(failing, dst, 1 << 20, done -> {}));
      assertEquals("disk on fire at 0", e.getMessage());
    }
  }

  private static Path sized(Path file, long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
    return file;
  }
}
