package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Copies a byte range between block sources in large slices, several slices at once on worker
 * threads: copying to or from a LUKS volume is cipher work that scales with cores.
 */
public final class PayloadCopier {
  /** Large enough to amortise per-call costs, small enough to keep one per worker in memory. */
  static final int SLICE_BYTES = 4 << 20;

  private static final int MAX_WORKERS = 4;

  private final boolean skipZeroSlices;
  private final int workers;

  /**
   * @param skipZeroSlices leave all-zero slices unwritten; only for a target that reads as zeros
   *     where nothing was written (a new, sparse file)
   */
  public PayloadCopier(boolean skipZeroSlices) {
    this(skipZeroSlices, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
  }

  PayloadCopier(boolean skipZeroSlices, int workers) {
    this.skipZeroSlices = skipZeroSlices;
    this.workers = Math.max(1, workers);
  }

  /**
   * Copies {@code length} bytes from offset 0 of {@code from} to offset 0 of {@code to}; {@code
   * progress} gets the growing count of bytes copied, one call at a time.
   */
  public void copy(BlockSource from, BlockSource to, long length, LongConsumer progress)
      throws IOException {
    Job job = new Job(from, to, length, progress);
    long slices = (length + SLICE_BYTES - 1) / SLICE_BYTES;
    int threads = (int) Math.max(1, Math.min(workers, slices));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "payload-copier");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(job::work));
      }
      for (Future<Void> worker : running) {
        await(worker, job);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The shared state of one copy: which slice is next, how much is done, whether to stop. */
  private final class Job {
    final BlockSource from;
    final BlockSource to;
    final long length;
    final LongConsumer progress;
    final AtomicLong nextOffset = new AtomicLong();
    final AtomicLong copied = new AtomicLong();
    volatile boolean stop;

    Job(BlockSource from, BlockSource to, long length, LongConsumer progress) {
      this.from = from;
      this.to = to;
      this.length = length;
      this.progress = progress;
    }

    Void work() throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(SLICE_BYTES, Math.max(length, 1)));
      byte[] zeros = skipZeroSlices ? new byte[buffer.capacity()] : null;
      long offset;
      while (!stop && (offset = nextOffset.getAndAdd(SLICE_BYTES)) < length) {
        int n = (int) Math.min(SLICE_BYTES, length - offset);
        buffer.clear().limit(n);
        from.read(offset, buffer);
        buffer.flip();
        if (zeros == null || Arrays.mismatch(buffer.array(), 0, n, zeros, 0, n) >= 0) {
          to.write(offset, buffer);
        }
        synchronized (this) {
          progress.accept(copied.addAndGet(n));
        }
      }
      return null;
    }
  }

  private static void await(Future<Void> worker, Job job) throws IOException {
    try {
      worker.get();
    } catch (InterruptedException e) {
      job.stop = true;
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    } catch (ExecutionException e) {
      job.stop = true;
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
