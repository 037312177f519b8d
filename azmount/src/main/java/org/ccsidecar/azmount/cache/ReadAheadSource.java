package org.ccsidecar.azmount.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ccsidecar.azmount.source.BlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves sequential readers from bytes prepared ahead of them: after a read that continues a
 * sequential stream, the next chunks are read from the source below (for a LUKS volume: taken from
 * the block cache or the file and decrypted) on a thread of its own, and a read they cover only
 * copies. The kernel's loop device sends one request at a time and waits for each, so what is done
 * between its requests comes off the reader's critical path. Random reads never start it.
 *
 * <p>Memory: at most {@link #MAX_CHUNKS} chunks of {@link #CHUNK_BYTES}; when all are taken the
 * prepared one used least recently goes. A write makes the chunks it overlaps stale, both those
 * prepared before it and those filled while it ran; a stale chunk is never served and is prepared
 * again when a stream needs it. A reader never waits for a chunk still queued behind other fills:
 * it takes that chunk's place and reads the source itself. A chunk that fails to fill is dropped,
 * so the reader's own read reports the failure.
 */
public final class ReadAheadSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger(ReadAheadSource.class);

  static final int CHUNK_BYTES = 1024 * 1024;
  static final int CHUNKS_AHEAD = 4;

  /**
   * Two streams' worth, 8 MiB: within the heap's room beside the block cache (bin/azmount gives 48
   * MiB over --cache-mib; the image 160 MiB for two filesystems of 32 MiB caches).
   */
  static final int MAX_CHUNKS = 8;

  /** A stream this long is sequential (the loop device reads 128 KiB at a time). */
  static final long MIN_STREAM_BYTES = 512 * 1024;

  private static final long CLOSE_WAIT_MILLIS = 1000;

  private static final int QUEUED = 0;
  private static final int FILLING = 1;
  private static final int TAKEN_BY_READER = 2;

  /** One chunk's bytes, filled by the worker unless a reader took its place first. */
  private static final class Chunk extends RecycledArray {
    final long index;
    final int length;
    final CompletableFuture<Boolean> filled = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(QUEUED);
    volatile boolean stale;
    volatile long lastUse;

    Chunk(long index, int length, long now, BlockBuffers buffers) {
      super(buffers.take(length), buffers);
      this.index = index;
      this.length = length;
      this.lastUse = now;
    }

    long start() {
      return index * CHUNK_BYTES;
    }
  }

  private final BlockSource source;
  private final long size;
  private final SequentialDetector sequential = new SequentialDetector();
  private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
  private final AtomicInteger chunksHeld = new AtomicInteger();
  private final BlockBuffers buffers = new BlockBuffers(CHUNK_BYTES, MAX_CHUNKS);
  private final AtomicLong clock = new AtomicLong();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(DaemonThreads.named("read-ahead"));

  public ReadAheadSource(BlockSource source) throws IOException {
    this.source = source;
    this.size = source.size();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean writable() {
    return source.writable();
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    int count = dst.remaining();
    BlockSource.checkRange(source, size, offset, count);
    long end = offset + count;
    if (sequential.record(offset, end) >= MIN_STREAM_BYTES) {
      prepareAfter(end);
    }
    long position = offset;
    while (position < end) {
      long index = position / CHUNK_BYTES;
      int within = (int) (position - index * CHUNK_BYTES);
      int n = (int) Math.min(CHUNK_BYTES - within, end - position);
      if (!copyPrepared(index, within, n, dst)) {
        ByteBuffer part = dst.duplicate();
        part.limit(part.position() + n);
        source.read(position, part);
        dst.position(part.position());
      }
      position += n;
    }
  }

  /** Writes through; the chunks the write overlaps go stale when it starts and when it ends. */
  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    long end = offset + src.remaining();
    markStale(offset, end);
    try {
      source.write(offset, src);
    } finally {
      markStale(offset, end);
    }
  }

  @Override
  public void flush() throws IOException {
    source.flush();
  }

  /**
   * Stops the worker, leaving no reader waiting for a chunk, then closes the source. The worker is
   * not interrupted (an interrupt closes a FileChannel under a read); a fill still running gets a
   * moment to end before the source closes under it.
   */
  @Override
  public void close() throws IOException {
    for (Chunk chunk : chunks.values()) {
      chunk.state.compareAndSet(QUEUED, TAKEN_BY_READER); // its queued fill returns at once
      chunk.filled.complete(false);
      drop(chunk);
    }
    worker.shutdown();
    try {
      worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
  }

  /** Chunks prepared or being prepared (for tests). */
  int chunksHeld() {
    return chunksHeld.get();
  }

  @Override
  public String toString() {
    return source.toString();
  }

  /** Starts preparing the chunks after the one holding byte {@code end - 1}. */
  private void prepareAfter(long end) {
    long first = (end - 1) / CHUNK_BYTES + 1;
    long last = Math.min(first + CHUNKS_AHEAD - 1, (size - 1) / CHUNK_BYTES);
    for (long index = first; index <= last; index++) {
      Chunk present = chunks.get(index);
      if (present != null && present.stale && present.filled.isDone()) {
        drop(present);
        present = null;
      }
      if (present == null && !start(index)) {
        return;
      }
    }
  }

  /** Queues chunk {@code index} for the worker; false when nothing can be prepared now. */
  private boolean start(long index) {
    if (!reserve()) {
      return false;
    }
    int length = (int) Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES);
    Chunk chunk = new Chunk(index, length, clock.incrementAndGet(), buffers);
    if (chunks.putIfAbsent(index, chunk) != null) {
      chunksHeld.decrementAndGet();
      chunk.release(); // another reader started it
      return true;
    }
    try {
      worker.execute(() -> fill(chunk));
      return true;
    } catch (RuntimeException | OutOfMemoryError e) { // rejected: closed; or no thread to be had
      log.debug("reading ahead at chunk {} of {} not started: {}", index, source, e.toString());
      chunk.filled.complete(false);
      drop(chunk);
      return false;
    }
  }

  /** Takes one of the {@link #MAX_CHUNKS} places, dropping the least recently used if need be. */
  private boolean reserve() {
    for (int attempt = 0; attempt < 2; attempt++) {
      int held = chunksHeld.get();
      while (held < MAX_CHUNKS) {
        if (chunksHeld.compareAndSet(held, held + 1)) {
          return true;
        }
        held = chunksHeld.get();
      }
      if (!dropLeastRecentlyUsed()) {
        return false;
      }
    }
    return false;
  }

  /** Fills {@code chunk} from the source; completes it whatever happens, so no reader waits on. */
  private void fill(Chunk chunk) {
    if (!chunk.state.compareAndSet(QUEUED, FILLING)) {
      return; // a reader took its place
    }
    boolean filled = false;
    try {
      source.read(chunk.start(), ByteBuffer.wrap(chunk.data, 0, chunk.length));
      filled = true;
    } catch (IOException | RuntimeException e) {
      log.debug("reading ahead at chunk {} of {} failed: {}", chunk.index, source, e.toString());
    } finally {
      if (!filled) {
        drop(chunk);
      }
      chunk.filled.complete(filled);
    }
  }

  /**
   * Copies {@code n} bytes at {@code within} of chunk {@code index} into {@code dst} if that chunk
   * is being filled or filled, and not stale. A chunk still queued is given up (the caller reads
   * the source itself rather than wait behind other fills); a chunk read to its end is dropped: its
   * sequential reader has moved on.
   */
  private boolean copyPrepared(long index, int within, int n, ByteBuffer dst) {
    Chunk chunk = chunks.get(index);
    if (chunk == null || !chunk.hold()) {
      return false;
    }
    try {
      if (chunk.state.compareAndSet(QUEUED, TAKEN_BY_READER)) {
        chunk.filled.complete(false);
        drop(chunk);
        return false;
      }
      if (!chunk.filled.join() || chunk.stale) {
        drop(chunk);
        return false;
      }
      dst.put(chunk.data, within, n);
      chunk.lastUse = clock.incrementAndGet();
      if (within + n == chunk.length) {
        drop(chunk);
      }
      return true;
    } finally {
      chunk.release();
    }
  }

  private void markStale(long offset, long end) {
    if (end <= offset || chunks.isEmpty()) {
      return;
    }
    for (long index = offset / CHUNK_BYTES; index <= (end - 1) / CHUNK_BYTES; index++) {
      Chunk chunk = chunks.get(index);
      if (chunk != null) {
        chunk.stale = true;
      }
    }
  }

  /** Drops the chunk used least recently among those not being filled, if there is one. */
  private boolean dropLeastRecentlyUsed() {
    Chunk oldest = null;
    for (Chunk chunk : chunks.values()) {
      if (chunk.filled.isDone() && (oldest == null || chunk.lastUse < oldest.lastUse)) {
        oldest = chunk;
      }
    }
    return oldest != null && drop(oldest);
  }

  private boolean drop(Chunk chunk) {
    if (chunks.remove(chunk.index, chunk)) {
      chunksHeld.decrementAndGet();
      chunk.release();
      return true;
    }
    return false;
  }
}
