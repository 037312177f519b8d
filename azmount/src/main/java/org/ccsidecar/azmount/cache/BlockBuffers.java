package org.ccsidecar.azmount.cache;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Recycled block arrays. A cache streaming through gigabytes would otherwise allocate a new
 * block-sized array per fetch; those outlive young collections while cached and fill the old
 * generation, so the collector ends up copying and compacting cached data all the time.
 */
final class BlockBuffers {
  private final int blockSize;
  private final ArrayBlockingQueue<byte[]> free;

  /** Keeps up to {@code capacity} arrays of {@code blockSize} bytes for reuse. */
  BlockBuffers(int blockSize, int capacity) {
    this.blockSize = blockSize;
    this.free = new ArrayBlockingQueue<>(Math.max(1, capacity));
  }

  /** An array of {@code length} bytes, recycled when it is a whole block; contents undefined. */
  byte[] take(int length) {
    byte[] array = length == blockSize ? free.poll() : null;
    return array != null ? array : new byte[length];
  }

  /** Returns an array no one uses any more; kept when it is a whole block and there is room. */
  void give(byte[] array) {
    if (array.length == blockSize) {
      free.offer(array);
    }
  }
}
