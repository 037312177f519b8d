package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Copies a byte range between block sources in large chunks, reading the next chunk on a second
 * thread while the current one is written, so reading and (en|de)cryption overlap.
 */
public final class PayloadCopier {
  /** Large enough to amortise per-call costs, small enough to keep two in memory. */
  static final int CHUNK_BYTES = 8 << 20;

  private final boolean skipZeroChunks;

  /**
   * @param skipZeroChunks leave all-zero chunks unwritten; only for a target that reads as zeros
   *     where nothing was written (a new, sparse file)
   */
  public PayloadCopier(boolean skipZeroChunks) {
    this.skipZeroChunks = skipZeroChunks;
  }

  /** Copies {@code length} bytes from offset 0 of {@code from} to offset 0 of {@code to}. */
  public void copy(BlockSource from, BlockSource to, long length, LongConsumer progress)
      throws IOException {
    int chunk = (int) Math.min(CHUNK_BYTES, Math.max(length, 1));
    ByteBuffer[] buffers = {ByteBuffer.allocate(chunk), ByteBuffer.allocate(chunk)};
    byte[] zeros = skipZeroChunks ? new byte[chunk] : null;
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "payload-reader");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<ByteBuffer> next = reader.submit(() -> readChunk(from, 0, length, buffers[0]));
      for (long offset = 0, index = 0; offset < length; index++) {
        ByteBuffer current = await(next);
        long following = offset + current.remaining();
        if (following < length) {
          ByteBuffer spare = buffers[(int) ((index + 1) & 1)];
          next = reader.submit(() -> readChunk(from, following, length, spare));
        }
        if (zeros == null || !isZero(current, zeros)) {
          to.write(offset, current);
        }
        offset = following;
        progress.accept(offset);
      }
    } finally {
      reader.shutdownNow();
    }
  }

  private static ByteBuffer readChunk(BlockSource from, long offset, long length, ByteBuffer buf)
      throws IOException {
    buf.clear().limit((int) Math.min(buf.capacity(), length - offset));
    from.read(offset, buf);
    return buf.flip();
  }

  private static boolean isZero(ByteBuffer chunk, byte[] zeros) {
    int n = chunk.remaining();
    return java.util.Arrays.mismatch(chunk.array(), 0, n, zeros, 0, n) < 0;
  }

  private static ByteBuffer await(Future<ByteBuffer> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }
}
