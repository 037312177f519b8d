package org.ccsidecar.azmount.cache;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fetched block, or why it could not be fetched (kept out of Caffeine's failure logging). Its
 * array is shared by the cache and the readers copying from it.
 */
final class CachedBlock extends RecycledArray {
  final IOException failure;
  private final AtomicBoolean counted = new AtomicBoolean();

  private CachedBlock(byte[] data, IOException failure, BlockBuffers buffers, boolean counted) {
    super(data, buffers);
    this.failure = failure;
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
}
