package org.ccsidecar.azmount.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockCacheTest {
  private static final int BLOCK = 64 * 1024;
  private static final int SIZE = 5 * 1024 * 1024 + 1234; // last block is short

  @TempDir Path dir;

  private byte[] data;
  private Path file;

  private CountingSource source(boolean writable) throws IOException {
    data = new byte[SIZE];
    new Random(11).nextBytes(data);
    file = dir.resolve("image.bin");
    Files.write(file, data);
    return new CountingSource(FileBlockSource.open(file, writable));
  }

  @Test
  void randomReadsSpanningBlocksReturnExactBytes() throws IOException {
    try (BlockCache cache = BlockCache.open(source(false), new CacheOptions(BLOCK, 1 << 20, 4))) {
      Random random = new Random(5);
      for (int i = 0; i < 300; i++) {
        int len = 1 + random.nextInt(3 * BLOCK);
        long off = (long) (random.nextDouble() * (SIZE - len));
        assertArrayEquals(slice(data, off, len), read(cache, off, len), "at " + off);
      }
      assertArrayEquals(slice(data, SIZE - 10, 10), read(cache, SIZE - 10, 10));
      assertArrayEquals(data, read(cache, 0, SIZE), "a read five times the cache's size");
    }
  }

  @Test
  void readPastEndIsEofAndWriteToReadOnlyIsRefused() throws IOException {
    try (BlockCache cache = BlockCache.open(source(false), new CacheOptions(BLOCK, 1 << 20, 0))) {
      assertThrows(EOFException.class, () -> cache.read(SIZE - 5, ByteBuffer.allocate(10)));
      assertThrows(IOException.class, () -> cache.write(0, ByteBuffer.allocate(10)));
    }
  }

  @Test
  void concurrentReadersFetchEachBlockOnce() throws Exception {
    CountingSource counting = source(false);
    counting.readDelayMillis = 30; // readers pile up on in-flight fetches
    int blocks = 12;
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 4L << 20, 0))) {
      Concurrently.run(
          16,
          seed -> {
            Random random = new Random(seed);
            for (int i = 0; i < 40; i++) {
              int len = 1 + random.nextInt(2 * BLOCK);
              long off = (long) (random.nextDouble() * (blocks * (long) BLOCK - len));
              assertArrayEquals(slice(data, off, len), read(cache, off, len));
            }
          });
    }
    for (int b = 0; b < blocks; b++) {
      assertEquals(1, counting.readsAt((long) b * BLOCK), "fetches of block " + b);
    }
  }

  @Test
  void sequentialReadsFetchAheadAndRandomReadsDoNot() throws Exception {
    CountingSource counting = source(false);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 4L << 20, 4))) {
      read(cache, 20L * BLOCK, 100); // random: no read-ahead
      read(cache, 40L * BLOCK + 7, 100);
      Thread.sleep(200);
      assertEquals(2, counting.reads.get());
      read(cache, 30L * BLOCK, BLOCK / 2);
      read(cache, 30L * BLOCK + BLOCK / 2, BLOCK / 4); // continues, but for under a block
      Thread.sleep(200);
      assertEquals(3, counting.reads.get(), "a short sequential stream gets no read-ahead");
      read(cache, 0, BLOCK);
      read(cache, BLOCK, BLOCK); // continues the previous read: fetch blocks 2..5 ahead
      waitFor(() -> fetchedOnce(counting, 2, 5)); // read-ahead fetches run in parallel
      int before = counting.reads.get();
      assertArrayEquals(slice(data, 2L * BLOCK, 4 * BLOCK), read(cache, 2L * BLOCK, 4 * BLOCK));
      waitFor(() -> fetchedOnce(counting, 6, 9)); // continued: the next window, 6..9
      Thread.sleep(100);
      assertEquals(before + 4, counting.reads.get(), "only the new read-ahead window is fetched");
      assertEquals(0, counting.readsAt(10L * BLOCK));
    }
  }

  @Test
  void sequentialReadAheadGoesOutInRunsOfOneRequestEach() throws Exception {
    CountingSource counting = source(false);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 4L << 20, 8))) {
      read(cache, 0, BLOCK); // not yet sequential: block 0 alone
      read(cache, BLOCK, BLOCK); // sequential: block 1 and the 8 after it, one request
      waitFor(() -> fetchedOnce(counting, 1, 9));
      assertEquals(2, counting.requests.get());
      for (int b = 2; b <= 4; b++) {
        read(cache, (long) b * BLOCK, BLOCK); // the missing tail (10..b+8) is under half a window
      }
      Thread.sleep(100);
      assertEquals(2, counting.requests.get(), "a short tail waits to grow");
      assertEquals(0, counting.readsAt(10L * BLOCK));
      read(cache, 5L * BLOCK, BLOCK); // the tail 10..13 is half a window: one request
      waitFor(() -> fetchedOnce(counting, 10, 13));
      Thread.sleep(100);
      assertEquals(3, counting.requests.get());
      assertEquals(0, counting.readsAt(14L * BLOCK));
      assertArrayEquals(slice(data, 0, 14 * BLOCK), read(cache, 0, 14 * BLOCK));
    }
  }

  @Test
  void blocksFetchedAheadStayCachedUntilTheReaderGetsThere() throws Exception {
    CountingSource counting = source(false);
    int blocks = SIZE / BLOCK;
    // 16 blocks of cache: the stream passes through it five times.
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1L << 20, 4))) {
      for (long b = 0; b < blocks; b++) {
        for (int part = 0; part < 8; part++) { // many small reads per block, as the kernel makes
          long at = b * BLOCK + part * (BLOCK / 8);
          assertArrayEquals(slice(data, at, BLOCK / 8), read(cache, at, BLOCK / 8));
        }
      }
    }
    for (int b = 0; b < blocks; b++) {
      assertEquals(1, counting.readsAt((long) b * BLOCK), "block " + b + " fetched once");
    }
  }

  @Test
  void concurrentSequentialReadersShareOneReadAheadWindow() throws Exception {
    CountingSource counting = source(false);
    counting.readDelayMillis = 3; // fetches overlap the readers' next reads
    int window = 8;
    long[] regions = {0, 40}; // two streams, read in turns
    try (BlockCache cache =
        BlockCache.open(counting, new CacheOptions(BLOCK, 32L * BLOCK, window))) {
      for (int b = 0; b < 30; b++) {
        for (long region : regions) {
          for (int part = 0; part < 8; part++) {
            long at = (region + b) * BLOCK + part * (BLOCK / 8);
            assertArrayEquals(slice(data, at, BLOCK / 8), read(cache, at, BLOCK / 8));
          }
        }
      }
    }
    // Each stream alone would keep a whole window in flight; together they share one (plus the
    // block each reader is waiting for). Before, two streams held two windows: an
    // OutOfMemoryError in a real mount.
    int peak = counting.maxBlocksInFlight.get();
    assertTrue(peak <= window + 2, "blocks in flight at once: " + peak);
    assertTrue(peak >= window / 2, "read-ahead still goes out in runs: " + peak);
  }

  @Test
  void uploadedBlocksCountAgainstTheMemoryBound() throws Exception {
    CountingSource counting = source(true);
    int blocks = 64;
    byte[] written = new byte[blocks * BLOCK];
    new Random(21).nextBytes(written);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1L << 20, 4))) {
      cache.write(0, ByteBuffer.wrap(written));
      cache.flush(); // the uploaded blocks become clean cached blocks
      int before = counting.reads.get();
      assertArrayEquals(written, read(cache, 0, written.length));
      // Room for a few blocks only: most must have been evicted and are fetched again.
      assertTrue(
          counting.reads.get() - before >= blocks - 16,
          "fetched again: " + (counting.reads.get() - before) + " of " + blocks);
    }
  }

  private static boolean fetchedOnce(CountingSource counting, int firstBlock, int lastBlock) {
    for (int b = firstBlock; b <= lastBlock; b++) {
      if (counting.readsAt((long) b * BLOCK) != 1) {
        return false;
      }
    }
    return true;
  }

  @Test
  void failedFetchSurfacesAsIOExceptionAndTheNextReadRecovers() throws Exception {
    CountingSource counting = source(false);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 4L << 20, 4))) {
      counting.failReadsAt = offset -> offset >= 2L * BLOCK;
      read(cache, 0, BLOCK);
      read(cache, BLOCK, BLOCK); // read-ahead of blocks 2..5, one run, fails in the background
      waitFor(() -> counting.failedReads.get() == 1);
      Thread.sleep(50); // the failed fetches complete just after they count
      IOException e = assertThrows(IOException.class, () -> read(cache, 3L * BLOCK, 10));
      assertTrue(e.getMessage().contains("storage down"), e.getMessage());
      counting.failReadsAt = offset -> false;
      assertArrayEquals(slice(data, 2L * BLOCK, 3 * BLOCK), read(cache, 2L * BLOCK, 3 * BLOCK));
    }
  }

  @Test
  void aFetchDyingOfAnErrorFailsItsReadersInsteadOfLeavingThemWaiting() throws Exception {
    CountingSource counting = source(false);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 4L << 20, 4))) {
      read(cache, 0, BLOCK);
      counting.errorReadsAt = offset -> offset >= BLOCK;
      counting.readDelayMillis = 300;
      // Sequential: blocks 1..5 in one run, which dies of an Error while this read waits for it.
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  assertTimeoutPreemptively(
                      Duration.ofSeconds(10), () -> read(cache, BLOCK, BLOCK)));
      assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
      counting.errorReadsAt = offset -> false;
      counting.readDelayMillis = 0;
      assertArrayEquals(slice(data, BLOCK, 3 * BLOCK), read(cache, BLOCK, 3 * BLOCK));
    }
  }

  @Test
  void dirtyBlocksSurviveMemoryPressureAndReachTheFile() throws IOException {
    CountingSource counting = source(true);
    byte[] expected = data.clone();
    CacheOptions options = new CacheOptions(16 * 1024, 256 * 1024, 2); // 128 KiB dirty at most
    try (BlockCache cache = BlockCache.open(counting, options)) {
      Random random = new Random(9);
      for (int i = 0; i < 400; i++) {
        int len = 1 + random.nextInt(40_000);
        long off = (long) (random.nextDouble() * (SIZE - len));
        byte[] patch = new byte[len];
        random.nextBytes(patch);
        cache.write(off, ByteBuffer.wrap(patch));
        System.arraycopy(patch, 0, expected, (int) off, len);
        assertTrue(cache.dirtyBytes() <= options.maxBytes() / 2, "dirty " + cache.dirtyBytes());
        long check = (long) (random.nextDouble() * (SIZE - 50_000));
        assertArrayEquals(slice(expected, check, 50_000), read(cache, check, 50_000));
      }
      assertTrue(counting.writes.get() > 0, "memory pressure must have written blocks back");
    }
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void writesRacingWithFlushesAreNeverLost() throws Exception {
    CountingSource counting = source(true);
    counting.writeDelayMillis = 2; // widen the window in which writes hit a block being uploaded
    byte[] expected = data.clone();
    CacheOptions options = new CacheOptions(16 * 1024, 512 * 1024, 0);
    try (BlockCache cache = BlockCache.open(counting, options)) {
      java.util.concurrent.atomic.AtomicBoolean writing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread flusher =
          new Thread(
              () -> {
                while (writing.get()) {
                  try {
                    cache.flush();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              });
      flusher.start();
      try {
        Random random = new Random(13);
        for (int i = 0; i < 2000; i++) {
          int len = 1 + random.nextInt(5000);
          long off =
              random.nextInt(256 * 1024); // a small hot area: many writes hit blocks in upload
          byte[] patch = new byte[len];
          random.nextBytes(patch);
          cache.write(off, ByteBuffer.wrap(patch));
          System.arraycopy(patch, 0, expected, (int) off, len);
        }
      } finally {
        writing.set(false);
        flusher.join();
      }
      assertTrue(counting.writes.get() > 10, "uploads ran while writes went on");
      assertArrayEquals(slice(expected, 0, 300_000), read(cache, 0, 300_000));
    }
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void flushMakesWritesDurableBeforeClose() throws IOException {
    CountingSource counting = source(true);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1 << 20, 0))) {
      cache.write(100, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      assertEquals(data[100], Files.readAllBytes(file)[100], "not yet uploaded");
      cache.flush();
      assertEquals(0, cache.dirtyBytes());
      assertArrayEquals(new byte[] {1, 2, 3}, slice(Files.readAllBytes(file), 100, 3));
    }
  }

  @Test
  void aFlushUploadsTheWrittenPagesOfEachBlockOnly() throws IOException {
    CountingSource counting = source(true);
    byte[] expected = data.clone();
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1 << 20, 0))) {
      write(cache, expected, 2L * BLOCK + 1000, 100); // within page 1 of block 2
      write(cache, expected, 2L * BLOCK + 5000, 3000); // pages 9 to 15 of the same block
      write(cache, expected, 4L * BLOCK, BLOCK); // all of block 4
      cache.flush();
      assertArrayEquals(expected, Files.readAllBytes(file));
      List<String> uploads = new ArrayList<>();
      counting.writeRanges.forEach(r -> uploads.add(r[0] + "+" + r[1]));
      uploads.sort(null);
      assertEquals(List.of((2L * BLOCK + 512) + "+" + 7680, (4L * BLOCK) + "+" + BLOCK), uploads);
      assertArrayEquals(slice(expected, 2L * BLOCK, BLOCK), read(cache, 2L * BLOCK, BLOCK));
    }
  }

  @Test
  void aWriteDuringAnUploadOfItsBlockIsUploadedByTheNextFlush() throws Exception {
    CountingSource counting = source(true);
    byte[] expected = data.clone();
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1 << 20, 0))) {
      write(cache, expected, 3L * BLOCK + 100, 200);
      counting.writeDelayMillis = 300;
      CompletableFuture<Void> flushing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  cache.flush();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      waitFor(() -> !counting.writeRanges.isEmpty()); // the upload of the first span is under way
      write(cache, expected, 3L * BLOCK + BLOCK - 700, 600); // same block, far from the first span
      flushing.get();
      assertTrue(cache.dirtyBytes() > 0, "written during its upload: still dirty");
      counting.writeDelayMillis = 0;
      cache.flush();
      assertEquals(0, cache.dirtyBytes());
      assertArrayEquals(expected, Files.readAllBytes(file));
    }
  }

  private static void write(BlockCache cache, byte[] expected, long offset, int length)
      throws IOException {
    byte[] bytes = new byte[length];
    new Random(offset).nextBytes(bytes);
    System.arraycopy(bytes, 0, expected, (int) offset, length);
    cache.write(offset, ByteBuffer.wrap(bytes));
  }

  @Test
  void failedUploadKeepsDirtyDataUntilALaterFlushSucceeds() throws IOException {
    CountingSource counting = source(true);
    byte[] patch = new byte[3 * BLOCK];
    new Random(2).nextBytes(patch);
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 1 << 20, 0))) {
      cache.write(BLOCK / 2, ByteBuffer.wrap(patch));
      counting.failWrites = true;
      assertThrows(IOException.class, cache::flush);
      assertTrue(cache.dirtyBytes() > 0);
      assertArrayEquals(patch, read(cache, BLOCK / 2, patch.length));
      counting.failWrites = false;
      cache.flush();
      assertEquals(0, cache.dirtyBytes());
    }
    assertArrayEquals(patch, slice(Files.readAllBytes(file), BLOCK / 2, patch.length));
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new CacheOptions(1000, 1 << 20, 0));
    assertThrows(IllegalArgumentException.class, () -> new CacheOptions(BLOCK, BLOCK, 0));
    assertThrows(IllegalArgumentException.class, () -> new CacheOptions(BLOCK, 1 << 20, -1));
    assertEquals(2, new CacheOptions(BLOCK, 8L * BLOCK, 16).effectiveReadAheadBlocks(true));
    assertEquals(4, new CacheOptions(BLOCK, 8L * BLOCK, 16).effectiveReadAheadBlocks(false));
    CacheOptions defaults = CacheOptions.defaults();
    assertEquals(1 << 20, defaults.blockSizeBytes());
    assertEquals(64L << 20, defaults.maxBytes());
    assertEquals(32, defaults.effectiveReadAheadBlocks(false));
    assertEquals(16, defaults.effectiveReadAheadBlocks(true));
  }

  static byte[] read(BlockSource cache, long offset, int length) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(length);
    cache.read(offset, dst);
    assertEquals(length, dst.position());
    return dst.array();
  }

  static byte[] slice(byte[] bytes, long offset, int length) {
    return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "condition not met within 10 s");
      Thread.sleep(10);
    }
  }
}
