package org.ccsidecar.azmount.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * A memory-bounded block cache in front of a slower {@link BlockSource}, and a BlockSource itself.
 *
 * <p>Clean blocks live in a Caffeine cache bounded by weight in bytes; a block fetched ahead counts
 * against that bound from its first read on (a block fetched for a waiting reader, or uploaded, at
 * once). Caffeine's admission policy (W-TinyLFU) prefers blocks read often, as every block a
 * sequential reader has finished is (the kernel reads it in 128 KiB pieces), over a block just
 * fetched ahead: counted at once, read-ahead would be dropped before its reader got there and
 * fetched again. Blocks nobody has read yet are bounded on their own ({@link UnreadBlocks}: half a
 * read-ahead window, the oldest counted when more arrive). However many readers want a block, it is
 * fetched once: they share one future. Missing blocks that follow each other are fetched with one
 * request to the source, streamed into the blocks, each usable as soon as its bytes are in (storage
 * charges per request: Azurite spends several times more CPU on a GiB in 1 MiB requests than in 16
 * MiB ones). A read that continues an earlier one also fetches blocks ahead, four per block the
 * stream has read so far, up to {@link CacheOptions#readAheadBlocks()}, in runs of at least half
 * that: a sequential reader always has a long request in flight, random reads get no read-ahead. A
 * fetch that fails is dropped from the cache, its waiting readers get an IOException, and the next
 * read tries storage again. Block arrays are recycled ({@link BlockBuffers}).
 *
 * <p>Writes go into dirty blocks (a partial block is read first), which are never evicted: their
 * written pages (512-byte aligned, from the first to the last written) are uploaded on {@link
 * #flush()}, on {@link #close()}, and by writers whenever dirty bytes would pass half the memory
 * bound. A dirty block leaves the dirty set only after its upload succeeded, so a failing upload
 * loses nothing; it is retried at the next flush.
 *
 * <p>Memory: blocks that have been read take at most {@link CacheOptions#maxCleanBytes(boolean)}
 * less a read-ahead window (Caffeine's bound); the window ({@link ReadAheadWindow}) holds the
 * blocks fetched ahead and not read yet, however many readers stream at once (they share it), at
 * most half of it waiting unread. So the cache stays within maxCleanBytes, plus the blocks readers
 * wait for. Dirty blocks take at most {@link CacheOptions#maxDirtyBytes()}.
 *
 * <p>Locking: every access to the dirty copy of block {@code i} holds stripe lock {@code i %
 * STRIPES}; uploads work on a snapshot taken under it and never hold it while waiting on storage.
 * Fetches run on their own pool and take no locks; uploads run on another pool. So a writer holding
 * a stripe while waiting for a fetch always makes progress.
 */
public final class BlockCache implements BlockSource {
  private static final int STRIPES = 256;

  /** Uploads cover whole 512-byte pages, a page blob's unit. */
  private static final int UPLOAD_ALIGNMENT = 512;

  /** Written bytes of one block not yet uploaded; guarded by the block's stripe lock. */
  private static final class DirtyBlock {
    final byte[] data;
    long version;

    /** The written part, in whole {@link #UPLOAD_ALIGNMENT} pages: only it is uploaded. */
    int dirtyFrom = Integer.MAX_VALUE;

    int dirtyTo;

    DirtyBlock(byte[] data) {
      this.data = data;
    }

    void written(int from, int to) {
      dirtyFrom = Math.min(dirtyFrom, from - from % UPLOAD_ALIGNMENT);
      dirtyTo = Math.max(dirtyTo, Math.min(data.length, roundUpToPage(to)));
    }

    private static int roundUpToPage(int offset) {
      return (offset + UPLOAD_ALIGNMENT - 1) / UPLOAD_ALIGNMENT * UPLOAD_ALIGNMENT;
    }
  }

  private final BlockSource source;
  private final CacheOptions options;
  private final long size;
  private final int blockSize;
  private final ExecutorService fetchPool;
  private final ExecutorService uploadPool;
  private final AsyncCache<Long, CachedBlock> clean;
  private final BlockBuffers buffers;
  private final ConcurrentHashMap<Long, DirtyBlock> dirty = new ConcurrentHashMap<>();
  private final AtomicLong dirtyBytes = new AtomicLong();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final ReentrantLock writeBackLock = new ReentrantLock();
  private final SequentialDetector sequential = new SequentialDetector();
  private final UnreadBlocks unread;
  private final ReadAheadWindow window;

  /** Blocks fetched ahead of a sequential reader. */
  private final int readAheadBlocks;

  /** Blocks a large read fetches at once: memory for one read stays within the cache's share. */
  private final int readWindowBlocks;

  private volatile boolean closed;

  private BlockCache(BlockSource source, CacheOptions options, long size) {
    this.source = source;
    this.options = options;
    this.size = size;
    this.blockSize = options.blockSizeBytes();
    boolean writable = source.writable();
    this.readAheadBlocks = options.effectiveReadAheadBlocks(writable);
    this.readWindowBlocks = Math.max(4, readAheadBlocks);
    this.unread = new UnreadBlocks(Math.max(4, readAheadBlocks / 2));
    this.window = new ReadAheadWindow(readAheadBlocks);
    long cleanBytes = options.maxCleanBytes(writable);
    this.buffers = new BlockBuffers(blockSize, (int) (cleanBytes / blockSize));
    this.fetchPool = Executors.newFixedThreadPool(8, DaemonThreads.named("blockcache-fetch"));
    this.uploadPool = Executors.newFixedThreadPool(8, DaemonThreads.named("blockcache-upload"));
    // Blocks in flight or not read yet weigh nothing: leave room for a read-ahead window.
    this.clean =
        Caffeine.newBuilder()
            .maximumWeight(cleanBytes - (long) readAheadBlocks * blockSize)
            .weigher((Long index, CachedBlock block) -> block.weight())
            .executor(Runnable::run)
            .removalListener(
                (Long index, CachedBlock block, RemovalCause cause) -> {
                  if (block == null || !block.counted()) {
                    window.release(index);
                  }
                  if (block != null) {
                    block.release();
                  }
                })
            .buildAsync();
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Caches {@code source}; closing the cache flushes it and closes the source. */
  public static BlockCache open(BlockSource source, CacheOptions options) throws IOException {
    return new BlockCache(source, options, source.size());
  }

  public CacheOptions options() {
    return options;
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
    checkOpen();
    int count = dst.remaining();
    BlockSource.checkRange(source, size, offset, count);
    if (count == 0) {
      return;
    }
    long end = offset + count;
    int ahead = readAheadFor(sequential.record(offset, end));
    long last = (end - 1) / blockSize;
    long position = offset;
    while (position < end) {
      long windowFirst = position / blockSize;
      long windowLast = Math.min(last, windowFirst + readWindowBlocks - 1);
      for (long i = windowFirst; i <= windowLast; i++) {
        window.release(i); // wanted now: no longer ahead of its reader
      }
      fetchMissing(windowFirst, windowLast, ahead);
      for (long i = windowFirst; i <= windowLast; i++) {
        int within = (int) (position - i * blockSize);
        int n = (int) Math.min(blockLength(i) - within, end - position);
        if (!copyDirty(i, within, n, dst)) {
          copyClean(i, within, n, dst);
        }
        position += n;
      }
    }
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    checkOpen();
    if (!source.writable()) {
      throw new IOException(source + " is open read-only");
    }
    int count = src.remaining();
    BlockSource.checkRange(source, size, offset, count);
    long position = offset;
    long end = offset + count;
    while (position < end) {
      long i = position / blockSize;
      int within = (int) (position - i * blockSize);
      int n = (int) Math.min(blockLength(i) - within, end - position);
      if (!dirty.containsKey(i) && dirtyBytes.get() + blockLength(i) > options.maxDirtyBytes()) {
        writeBackAll();
      }
      ReentrantLock stripe = stripe(i);
      stripe.lock();
      try {
        DirtyBlock block = dirty.get(i);
        if (block == null) {
          block = new DirtyBlock(n == blockLength(i) ? new byte[n] : cleanCopy(i));
          dirty.put(i, block);
          dirtyBytes.addAndGet(block.data.length);
        }
        src.get(block.data, within, n);
        block.written(within, within + n);
        block.version++;
      } finally {
        stripe.unlock();
      }
      position += n;
    }
  }

  /** Uploads every dirty block, then flushes the source: afterwards all writes are durable. */
  @Override
  public void flush() throws IOException {
    checkOpen();
    writeBackAll();
    source.flush();
  }

  /** Flushes, then closes the source, even when the flush fails (its error is thrown after). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    IOException failure = null;
    try {
      if (source.writable()) {
        flush();
      }
    } catch (IOException e) {
      failure = e;
    }
    closed = true;
    fetchPool.shutdown(); // queued fetches still run and fail on the closed source
    uploadPool.shutdown();
    clean.synchronous().invalidateAll();
    try {
      source.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Bytes written but not yet uploaded. */
  public long dirtyBytes() {
    return dirtyBytes.get();
  }

  @Override
  public String toString() {
    return "cache over " + source;
  }

  /**
   * Read-ahead for a read that continues a sequential stream of {@code streamBytes}: four blocks
   * per block already read that way, up to the configured window. It grows quickly for a real
   * sequential reader and stays 0 for random reads the kernel widens to a few 128 KiB requests.
   */
  private int readAheadFor(long streamBytes) {
    return (int) Math.min(readAheadBlocks, 4 * (streamBytes / blockSize));
  }

  /** The block's fetched bytes, or its fetch in flight; starts a fetch of it alone if neither. */
  private CompletableFuture<CachedBlock> fetch(long index) {
    return clean.get(
        index,
        (key, executor) -> {
          CompletableFuture<CachedBlock> future =
              CompletableFuture.supplyAsync(() -> load(key), fetchPool);
          watch(key, future);
          return future;
        });
  }

  /** When a new fetch completes: a failed one leaves the cache, a block joins the unread ones. */
  private void watch(long index, CompletableFuture<CachedBlock> future) {
    future.thenAccept(
        block -> {
          if (block.failure != null) {
            clean.asMap().remove(index, future); // the removal listener frees its window place
            return;
          }
          if (block.counted()) {
            return; // fetched for a reader waiting for it
          }
          long pushedOut = unread.arrived(index);
          if (block.counted()) {
            unread.forget(index); // a reader got to it first, and its forget came before ours
          }
          if (pushedOut >= 0) {
            countCached(pushedOut);
          }
        });
  }

  /** Makes cached block {@code index} count against the memory bound, if it does not yet. */
  private void countCached(long index) {
    CompletableFuture<CachedBlock> future = clean.getIfPresent(index);
    CachedBlock block = future == null ? null : future.getNow(null);
    if (block != null) {
      count(index, future, block);
    }
  }

  /**
   * The first time only: {@code block} starts weighing its bytes in Caffeine's bound and leaves the
   * unread blocks and the read-ahead window.
   */
  private void count(long index, CompletableFuture<CachedBlock> future, CachedBlock block) {
    if (block.count()) {
      unread.forget(index);
      window.release(index);
      reweigh(index, future);
    }
  }

  /**
   * Caffeine weighs an entry when it is written: write the same future again (as Caffeine itself
   * does when a fetch completes), which neither removes nor notifies.
   */
  private void reweigh(long index, CompletableFuture<CachedBlock> future) {
    clean.asMap().replace(index, future, future);
  }

  private CachedBlock load(long index) {
    byte[] data = buffers.take(blockLength(index));
    try {
      source.read(index * blockSize, ByteBuffer.wrap(data));
      return CachedBlock.of(data, buffers);
    } catch (IOException e) {
      buffers.give(data);
      return CachedBlock.failed(e);
    } catch (RuntimeException e) {
      buffers.give(data);
      return CachedBlock.failed(failure(index, e));
    }
  }

  /**
   * Starts fetching the blocks of {@code [first, demandLast]} and of the {@code ahead} blocks after
   * it that are neither cached, in flight nor dirty, one request per run of consecutive ones. A run
   * at the end of the read-ahead window that does not include demanded blocks waits until it is
   * half a window long (or reaches the end), so a sequential reader's requests stay large.
   */
  private void fetchMissing(long first, long demandLast, int ahead) {
    long end = blockCount() - 1;
    long last = Math.min(end, demandLast + ahead);
    long runStart = -1;
    for (long i = first; i <= last + 1; i++) {
      if (i <= last && isMissing(i)) {
        if (runStart < 0) {
          runStart = i;
        }
        continue;
      }
      if (runStart >= 0) {
        boolean mayGrow = i > last && last < end;
        long claimable = Math.min(i - runStart, window.room());
        if (!mayGrow || runStart <= demandLast || claimable >= Math.max(1, ahead / 2)) {
          startRun(runStart, i - 1, demandLast);
        }
        runStart = -1;
      }
    }
  }

  private boolean isMissing(long index) {
    return !dirty.containsKey(index) && clean.getIfPresent(index) == null;
  }

  /**
   * Claims the blocks of {@code [first, last]} nobody fetches yet and fetches them in runs; those
   * after {@code demandLast} are read-ahead.
   */
  private void startRun(long first, long last, long demandLast) {
    List<CompletableFuture<CachedBlock>> run = new ArrayList<>();
    long runFirst = first;
    for (long i = first; i <= last; i++) {
      boolean ahead = i > demandLast;
      if (ahead && !window.reserve()) {
        break; // other readers hold the whole window
      }
      CompletableFuture<CachedBlock> future = new CompletableFuture<>();
      if (clean.asMap().putIfAbsent(i, future) == null) {
        if (ahead) {
          window.claim(i);
        }
        watch(i, future);
        run.add(future);
      } else {
        if (ahead) {
          window.unreserve();
        }
        submitRun(runFirst, run, demandLast);
        run = new ArrayList<>();
        runFirst = i + 1;
      }
    }
    submitRun(runFirst, run, demandLast);
  }

  private void submitRun(long first, List<CompletableFuture<CachedBlock>> run, long demandLast) {
    if (run.isEmpty()) {
      return;
    }
    try {
      fetchPool.execute(() -> loadRun(first, run, demandLast));
    } catch (RejectedExecutionException e) {
      IOException closed = new IOException(this + " is closed");
      run.forEach(future -> future.complete(CachedBlock.failed(closed)));
    }
  }

  /**
   * Fetches consecutive blocks with one source request, completing each as its bytes arrive. Every
   * block of the run is completed whatever happens, an Error such as running out of memory included
   * (rethrown afterwards): a block left incomplete would make its readers wait for ever.
   */
  private void loadRun(long first, List<CompletableFuture<CachedBlock>> run, long demandLast) {
    byte[][] arrays = new byte[run.size()][];
    IOException failure = null;
    Error error = null;
    try {
      List<ByteBuffer> targets = new ArrayList<>(run.size());
      for (int k = 0; k < arrays.length; k++) {
        arrays[k] = buffers.take(blockLength(first + k));
        targets.add(ByteBuffer.wrap(arrays[k]));
      }
      source.readConsecutive(
          first * blockSize,
          targets,
          k ->
              run.get(k)
                  .complete(
                      first + k <= demandLast
                          ? CachedBlock.of(arrays[k], buffers)
                          : CachedBlock.ahead(arrays[k], buffers)));
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = failure(first, e);
    } catch (Error e) {
      error = e;
      failure = failure(first, e);
    }
    for (int k = 0; k < arrays.length; k++) {
      if (run.get(k).isDone()) {
        continue;
      }
      if (failure == null) {
        failure = new IOException(source + ": fetching block " + (first + k) + " came up short");
      }
      if (run.get(k).complete(CachedBlock.failed(failure)) && arrays[k] != null) {
        buffers.give(arrays[k]);
      }
    }
    if (error != null) {
      throw error;
    }
  }

  private IOException failure(long index, Throwable e) {
    return new IOException(source + ": fetching block " + index + ": " + e, e);
  }

  /** Copies {@code n} bytes at {@code within} of clean block {@code index} into {@code dst}. */
  private void copyClean(long index, int within, int n, ByteBuffer dst) throws IOException {
    while (true) {
      CompletableFuture<CachedBlock> future = fetch(index);
      CachedBlock block = await(index, future);
      if (block.hold()) {
        try {
          dst.put(block.data, within, n);
        } finally {
          block.release();
        }
        count(index, future, block);
        return;
      }
      // dropped (and its array maybe reused) since we found it: fetch it again
    }
  }

  /** A private copy of clean block {@code index}, to start a dirty block from. */
  private byte[] cleanCopy(long index) throws IOException {
    byte[] copy = new byte[blockLength(index)];
    copyClean(index, 0, copy.length, ByteBuffer.wrap(copy));
    return copy;
  }

  private CachedBlock await(long index, CompletableFuture<CachedBlock> future) throws IOException {
    CachedBlock block;
    try {
      block = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching block " + index);
    } catch (ExecutionException e) {
      throw new IOException(source + ": fetching block " + index + " failed", e.getCause());
    }
    if (block.failure != null) {
      // Dropped here too, not only when the fetch completes: a reader woken by the failure may read
      // again before that callback has run, and must then try storage again.
      clean.asMap().remove(index, future);
      throw new IOException(block.failure.getMessage(), block.failure);
    }
    return block;
  }

  /** Copies from the dirty copy of block {@code index} if there is one. */
  private boolean copyDirty(long index, int within, int n, ByteBuffer dst) {
    if (!dirty.containsKey(index)) {
      return false;
    }
    ReentrantLock stripe = stripe(index);
    stripe.lock();
    try {
      DirtyBlock block = dirty.get(index);
      if (block == null) {
        return false;
      }
      dst.put(block.data, within, n);
      return true;
    } finally {
      stripe.unlock();
    }
  }

  /** Uploads all dirty blocks in parallel; one caller at a time, others wait for it. */
  private void writeBackAll() throws IOException {
    writeBackLock.lock();
    try {
      List<Future<?>> uploads = new ArrayList<>();
      for (Long index : dirty.keySet()) {
        uploads.add(
            uploadPool.submit(
                () -> {
                  writeBack(index);
                  return null;
                }));
      }
      IOException failure = null;
      for (Future<?> upload : uploads) {
        try {
          upload.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while uploading dirty blocks");
        } catch (ExecutionException e) {
          IOException io =
              e.getCause() instanceof IOException cause
                  ? cause
                  : new IOException("uploading a dirty block failed", e.getCause());
          if (failure == null) {
            failure = io;
          } else {
            failure.addSuppressed(io);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      writeBackLock.unlock();
    }
  }

  /**
   * Uploads the written pages of a snapshot of one dirty block (from the first to the last: an ext4
   * journal commit touches a few KiB of a block, and a whole block took several times longer to
   * send), outside its lock so readers and writers of the block never wait on storage. The block
   * turns clean only if no write touched it during the upload; otherwise it stays dirty for the
   * next write-back. Callers hold {@code writeBackLock}, so a block never has two uploads in flight
   * (an older snapshot can never land after a newer one).
   */
  private void writeBack(long index) throws IOException {
    ReentrantLock stripe = stripe(index);
    DirtyBlock block;
    byte[] snapshot;
    long version;
    int from;
    int to;
    stripe.lock();
    try {
      block = dirty.get(index);
      if (block == null) {
        return;
      }
      snapshot = block.data.clone();
      version = block.version;
      from = block.dirtyFrom;
      to = block.dirtyTo;
    } finally {
      stripe.unlock();
    }
    source.write(index * blockSize + from, ByteBuffer.wrap(snapshot, from, to - from));
    stripe.lock();
    try {
      if (dirty.get(index) == block && block.version == version) {
        clean.put(index, CompletableFuture.completedFuture(CachedBlock.of(snapshot, buffers)));
        dirty.remove(index);
        dirtyBytes.addAndGet(-snapshot.length);
      }
    } finally {
      stripe.unlock();
    }
  }

  private ReentrantLock stripe(long index) {
    return stripes[(int) Math.floorMod(index, (long) STRIPES)];
  }

  private long blockCount() {
    return (size + blockSize - 1) / blockSize;
  }

  private int blockLength(long index) {
    return (int) Math.min(blockSize, size - index * blockSize);
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException(this + " is closed");
    }
  }
}
