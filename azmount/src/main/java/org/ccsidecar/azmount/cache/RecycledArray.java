package org.ccsidecar.azmount.cache;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An array from {@link BlockBuffers} shared by its owner (a cache) and readers copying from it. It
 * goes back to the buffers only when the owner has dropped it and no reader holds it any more, so a
 * reader never copies from an array already reused for other bytes.
 */
abstract class RecycledArray {
  final byte[] data;
  private final BlockBuffers buffers;
  private final AtomicInteger holders = new AtomicInteger(1); // the owner's own hold

  RecycledArray(byte[] data, BlockBuffers buffers) {
    this.data = data;
    this.buffers = buffers;
  }

  /** Takes a hold on the bytes; false when the owner dropped them and the array may be reused. */
  final boolean hold() {
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

  /** Gives up a hold (the owner gives up its own when it drops the array). */
  final void release() {
    if (holders.decrementAndGet() == 0 && data != null) {
      buffers.give(data);
    }
  }
}
