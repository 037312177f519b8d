package org.ccsidecar.azmount.cache;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fetched block, or why it could not be fetched (kept out of Caffeine's failure logging). Its
 * array is shared by the cache and the readers copying from it; it goes back to the {@link
 * BlockBuffers} only when the cache has dropped it and no reader holds it any more.
 */
final class CachedBlock {
  final byte[] data;
  final IOException failure;
  private final BlockBuffers buffers;
  private final AtomicInteger holders = new AtomicInteger(1); // the cache's own hold
  private final AtomicBoolean counted = new AtomicBoolean();

  private CachedBlock(byte[] data, IOException failure, BlockBuffers buffers, boolean counted) {
    this.data = data;
    this.failure = failure;
    this.buffers = buffers;
    this.counted.set(counted);
  }

  /** A block its reader wants now: it weighs its bytes at once. */
  static CachedBlock of(byte[] data, BlockBuffers buffers) {
    return new CachedBlock(data, null, buffers, true);
  }

  /** A block fetched ahead: it weighs nothing until {@link #count()}. */
  static CachedBlock ahead(byte[] data, BlockBuffers buffers) {
    return new CachedBlock(data, null, buffers, false);
  }

  static CachedBlock failed(IOException failure) {
    return new CachedBlock(null, failure, null, false);
  }

  /** Bytes held against the cache's bound: none until {@link #count()}. */
  int weight() {
    return data == null || !counted.get() ? 0 : data.length;
  }

  boolean counted() {
    return counted.get();
  }

  /** Makes the block weigh its bytes from now on; true the first time only. */
  boolean count() {
    return data != null && !counted.get() && counted.compareAndSet(false, true);
  }

  /** Takes a hold on the bytes; false when the block was dropped and its array may be reused. */
  boolean hold() {
    while (true) {
      int n = holders.get();
      if (n == 0) {
        return false;
      }
      if (holders.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives up a hold (the cache gives up its own when it drops the block). */
  void release() {
    if (holders.decrementAndGet() == 0 && data != null) {
      buffers.give(data);
    }
  }
}
