package org.ccsidecar.azmount.cache;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * <p>Memory: about {@link #MAX_CHUNKS} chunks of {@link #CHUNK_BYTES}; when all are taken the
 * oldest prepared one goes. A write makes every chunk prepared before it, or while it ran, stale:
 * such a chunk is dropped when a reader gets to it, and the reader reads the source itself. A chunk
 * that fails to fill is dropped likewise, so the reader's own read reports the failure.
 */
public final class ReadAheadSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger(ReadAheadSource.class);

  static final int CHUNK_BYTES = 1024 * 1024;
  static final int CHUNKS_AHEAD = 4;
  static final int MAX_CHUNKS = 16;

  /** A stream this long is sequential (the loop device reads 128 KiB at a time). */
  static final long MIN_STREAM_BYTES = 512 * 1024;

  private static final long CLOSE_WAIT_MILLIS = 1000;

  /** Bytes of one chunk, read ahead by the worker; valid only while no write intervened. */
  private static final class Chunk extends RecycledArray {
    final long index;
    final int length;
    final long writeEdgesAtStart;
    final long sequence;
    final CompletableFuture<Boolean> filled = new CompletableFuture<>();

    Chunk(long index, int length, long writeEdgesAtStart, long sequence, BlockBuffers buffers) {
      super(buffers.take(length), buffers);
      this.index = index;
      this.length = length;
      this.writeEdgesAtStart = writeEdgesAtStart;
      this.sequence = sequence;
    }
  }

  private final BlockSource source;
  private final long size;
  private final SequentialDetector sequential = new SequentialDetector();
  private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
  private final BlockBuffers buffers = new BlockBuffers(CHUNK_BYTES, MAX_CHUNKS);
  private final ThreadPoolExecutor worker;

  /** Counts up when a write starts and again when it ends: odd while one is under way. */
  private final AtomicLong writeEdges = new AtomicLong();

  private final AtomicLong chunksStarted = new AtomicLong();

  public ReadAheadSource(BlockSource source) throws IOException {
    this.source = source;
    this.size = source.size();
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "read-ahead");
              thread.setDaemon(true);
              return thread;
            });
    worker.allowCoreThreadTimeOut(true);
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
    if (offset < 0 || offset > size - count) {
      throw new EOFException(
          source + ": " + count + " bytes at offset " + offset + " are outside its " + size);
    }
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

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    writeEdges.incrementAndGet();
    try {
      source.write(offset, src);
    } finally {
      writeEdges.incrementAndGet();
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
    worker.shutdown();
    worker.getQueue().clear();
    for (Chunk chunk : chunks.values()) {
      chunk.filled.complete(false);
      drop(chunk);
    }
    try {
      worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
  }

  /** Chunks prepared or being prepared (for tests). */
  int chunksHeld() {
    return chunks.size();
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
      if (!chunks.containsKey(index) && !start(index)) {
        return;
      }
    }
  }

  /** Queues chunk {@code index} for the worker; false when nothing can be prepared now. */
  private boolean start(long index) {
    long edges = writeEdges.get();
    if ((edges & 1) != 0 || (chunks.size() >= MAX_CHUNKS && !dropOldestFilled())) {
      return false;
    }
    int length = (int) Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES);
    Chunk chunk = new Chunk(index, length, edges, chunksStarted.incrementAndGet(), buffers);
    if (chunks.putIfAbsent(index, chunk) != null) {
      chunk.release(); // another reader started it
      return true;
    }
    try {
      worker.execute(() -> fill(chunk));
      return true;
    } catch (RejectedExecutionException e) {
      chunk.filled.complete(false);
      drop(chunk);
      return false;
    }
  }

  /** Fills {@code chunk} from the source; completes it whatever happens, so no reader waits on. */
  private void fill(Chunk chunk) {
    boolean filled = false;
    try {
      source.read(chunk.index * CHUNK_BYTES, ByteBuffer.wrap(chunk.data, 0, chunk.length));
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
   * is prepared (waiting for it when it is being filled) and still valid. A chunk read to its end
   * is dropped: its sequential reader has moved on.
   */
  private boolean copyPrepared(long index, int within, int n, ByteBuffer dst) {
    Chunk chunk = chunks.get(index);
    if (chunk == null || !chunk.hold()) {
      return false;
    }
    try {
      if (!chunk.filled.join() || writeEdges.get() != chunk.writeEdgesAtStart) {
        drop(chunk);
        return false;
      }
      dst.put(chunk.data, within, n);
      if (within + n == chunk.length) {
        drop(chunk);
      }
      return true;
    } finally {
      chunk.release();
    }
  }

  /** Drops the prepared chunk started longest ago, if any chunk is prepared and not in flight. */
  private boolean dropOldestFilled() {
    Chunk oldest = null;
    for (Chunk chunk : chunks.values()) {
      if (chunk.filled.isDone() && (oldest == null || chunk.sequence < oldest.sequence)) {
        oldest = chunk;
      }
    }
    return oldest != null && drop(oldest);
  }

  private boolean drop(Chunk chunk) {
    if (chunks.remove(chunk.index, chunk)) {
      chunk.release();
      return true;
    }
    return false;
  }
}
