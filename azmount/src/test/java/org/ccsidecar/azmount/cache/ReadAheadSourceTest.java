package org.ccsidecar.azmount.cache;

import static org.ccsidecar.azmount.cache.BlockCacheTest.read;
import static org.ccsidecar.azmount.cache.BlockCacheTest.slice;
import static org.ccsidecar.azmount.cache.BlockCacheTest.waitFor;
import static org.ccsidecar.azmount.cache.ReadAheadSource.CHUNK_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadSourceTest {
  private static final int PIECE = 128 * 1024; // what the loop device asks for at a time

  @TempDir Path dir;

  private byte[] data;

  private CountingSource source(int size, boolean writable) throws IOException {
    data = new byte[size];
    new Random(size).nextBytes(data);
    Path file = dir.resolve("volume.bin");
    Files.write(file, data);
    return new CountingSource(FileBlockSource.open(file, writable));
  }

  /** Four reads in a row from offset 0: a sequential stream, with chunks 1 to 4 read ahead. */
  private static void startStream(ReadAheadSource ahead) throws IOException {
    for (int i = 0; i < 4; i++) {
      read(ahead, (long) i * PIECE, PIECE);
    }
  }

  /**
   * At the start of chunk 1 or later, waits until the worker has started filling that chunk: a
   * reader that gets to a chunk still queued reads it itself (by design), which these tests must
   * not mistake for a missed read-ahead.
   */
  private static void awaitFillOfChunkAt(CountingSource counting, long offset)
      throws InterruptedException {
    if (offset >= CHUNK_BYTES && offset % CHUNK_BYTES == 0) {
      waitFor(() -> counting.readsAt(offset) == 1);
    }
  }

  @Test
  void aSequentialReaderIsServedFromChunksReadAhead() throws Exception {
    int size = 8 * CHUNK_BYTES + 1234;
    CountingSource counting = source(size, false);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      for (long off = 0; off < size; off += PIECE) {
        awaitFillOfChunkAt(counting, off);
        int n = (int) Math.min(PIECE, size - off);
        assertArrayEquals(slice(data, off, n), read(ahead, off, n), "at " + off);
      }
    }
    for (int chunk = 1; chunk <= 8; chunk++) {
      long start = (long) chunk * CHUNK_BYTES;
      assertEquals(1, counting.readsAt(start), "reads of chunk " + chunk);
      for (long off = start + PIECE; off < Math.min(size, start + CHUNK_BYTES); off += PIECE) {
        assertEquals(0, counting.readsAt(off), "the reader's own reads at " + off);
      }
    }
    assertEquals(8, counting.readsAt.keySet().stream().filter(off -> off < CHUNK_BYTES).count());
  }

  @Test
  void randomReadsReadNothingAhead() throws Exception {
    int size = 8 * CHUNK_BYTES;
    CountingSource counting = source(size, false);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      Random random = new Random(3);
      for (int i = 0; i < 200; i++) {
        long off = random.nextInt(size / 4096) * 4096L;
        assertArrayEquals(slice(data, off, 4096), read(ahead, off, 4096));
      }
      Thread.sleep(100);
      assertEquals(200, counting.reads.get());
      assertEquals(0, ahead.chunksHeld());
      assertThrows(EOFException.class, () -> read(ahead, size - 10, 20));
    }
  }

  @Test
  void aWriteMakesTheChunksPreparedBeforeItStale() throws Exception {
    int size = 8 * CHUNK_BYTES;
    CountingSource counting = source(size, true);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      startStream(ahead); // chunks 1 to 4 are read ahead
      waitFor(() -> counting.readsAt(2L * CHUNK_BYTES) == 1);
      byte[] written = new byte[PIECE];
      new Random(8).nextBytes(written);
      ahead.write(2L * CHUNK_BYTES + PIECE, ByteBuffer.wrap(written));
      assertArrayEquals(written, read(ahead, 2L * CHUNK_BYTES + PIECE, PIECE));
      assertArrayEquals(slice(data, 2L * CHUNK_BYTES, PIECE), read(ahead, 2L * CHUNK_BYTES, PIECE));
    }
  }

  @Test
  void aChunkThatFailsToFillLeavesItsErrorToTheReaderWhoRecovers() throws Exception {
    int size = 8 * CHUNK_BYTES;
    CountingSource counting = source(size, false);
    long failing = 2L * CHUNK_BYTES;
    counting.failReadsAt = off -> off == failing;
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      startStream(ahead);
      waitFor(() -> counting.failedReads.get() == 1); // the chunk's own read
      waitFor(() -> counting.readsAt(4L * CHUNK_BYTES) == 1);
      assertThrows(IOException.class, () -> read(ahead, failing, PIECE));
      counting.failReadsAt = off -> false; // storage is back
      assertArrayEquals(slice(data, failing, PIECE), read(ahead, failing, PIECE));
    }
  }

  @Test
  void interleavedStreamsHoldAtMostMaxChunks() throws IOException {
    int streams = 6;
    int size = streams * 8 * CHUNK_BYTES;
    CountingSource counting = source(size, false);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      for (long step = 0; step < 8L * CHUNK_BYTES; step += PIECE) {
        for (int s = 0; s < streams; s++) {
          long off = s * 8L * CHUNK_BYTES + step;
          assertArrayEquals(slice(data, off, PIECE), read(ahead, off, PIECE), "at " + off);
          assertTrue(ahead.chunksHeld() <= ReadAheadSource.MAX_CHUNKS, "chunks held");
        }
      }
    }
  }

  @Test
  void aWriteElsewhereLeavesReadAheadWorking() throws Exception {
    int size = 16 * CHUNK_BYTES;
    CountingSource counting = source(size, true);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      for (long off = 0; off < 12L * CHUNK_BYTES; off += PIECE) {
        awaitFillOfChunkAt(counting, off);
        assertArrayEquals(slice(data, off, PIECE), read(ahead, off, PIECE), "at " + off);
        if (off % CHUNK_BYTES == 0) {
          ahead.write(15L * CHUNK_BYTES, ByteBuffer.wrap(new byte[4096])); // a journal, say
        }
      }
    }
    for (int chunk = 1; chunk < 12; chunk++) {
      for (long off = chunk * (long) CHUNK_BYTES + PIECE;
          off < (chunk + 1L) * CHUNK_BYTES;
          off += PIECE) {
        assertEquals(0, counting.readsAt(off), "the reader's own reads at " + off);
      }
    }
  }

  @Test
  void aReaderDoesNotWaitForAChunkQueuedBehindOtherFills() throws Exception {
    CountingSource counting = source(8 * CHUNK_BYTES, false);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      counting.readDelayMillis = 1000;
      counting.delayReadsAt = off -> off >= CHUNK_BYTES && off % CHUNK_BYTES == 0; // the fills
      startStream(ahead); // chunk 1 fills for a second, 2 to 4 wait in the queue
      long off = 3L * CHUNK_BYTES + PIECE; // in chunk 3, queued behind 1 and 2: 3 s away
      long started = System.nanoTime();
      assertArrayEquals(slice(data, off, PIECE), read(ahead, off, PIECE));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 800, "the reader waited " + millis + " ms");
      assertEquals(0, counting.readsAt(3L * CHUNK_BYTES), "chunk 3 was filled, not taken over");
    }
  }

  @Test
  void concurrentStreamsNeverHoldMoreThanMaxChunks() throws Exception {
    int streams = 8;
    int region = 6 * CHUNK_BYTES;
    CountingSource counting = source(streams * region, false);
    try (ReadAheadSource ahead = new ReadAheadSource(counting)) {
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean done = new AtomicBoolean();
      Thread sampler =
          new Thread(
              () -> {
                while (!done.get()) {
                  most.accumulateAndGet(ahead.chunksHeld(), Math::max);
                }
              });
      sampler.start();
      try {
        Concurrently.run(
            streams,
            stream -> {
              long base = (long) stream * region;
              for (long off = base; off < base + region; off += PIECE) {
                assertArrayEquals(slice(data, off, PIECE), read(ahead, off, PIECE));
              }
            });
      } finally {
        done.set(true);
        sampler.join();
      }
      assertTrue(most.get() <= ReadAheadSource.MAX_CHUNKS, "chunks held at once: " + most.get());
    }
  }

  @Test
  void closingLeavesNoReaderWaitingForAChunk() throws Exception {
    CountingSource counting = source(8 * CHUNK_BYTES, false);
    ReadAheadSource ahead = new ReadAheadSource(counting);
    counting.readDelayMillis = 5000;
    counting.delayReadsAt = off -> off == CHUNK_BYTES; // chunk 1's fill
    startStream(ahead); // chunk 1 starts filling, for 5 s
    waitFor(() -> counting.readsAt(CHUNK_BYTES) == 1);
    CompletableFuture<Object> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return read(ahead, CHUNK_BYTES + PIECE, PIECE); // waits for chunk 1
              } catch (IOException e) {
                return e;
              }
            });
    Thread.sleep(100);
    assertTimeoutPreemptively(
        Duration.ofSeconds(3),
        () -> {
          ahead.close(); // about 1 s: it gives the running fill that long
          reader.get();
        });
  }
}
