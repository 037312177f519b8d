package org.ccsidecar.azmount.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocks fetched ahead of readers that do not count against Caffeine's bound yet (in flight, or
 * arrived and not read), at most {@code limit} of them however many readers stream at once: the
 * cache leaves room for exactly one window. A place is reserved before a block is claimed, so the
 * limit holds even when readers race for the last places.
 */
final class ReadAheadWindow {
  private final int limit;
  private final AtomicInteger used = new AtomicInteger();
  private final Set<Long> blocks = ConcurrentHashMap.newKeySet();

  ReadAheadWindow(int limit) {
    this.limit = limit;
  }

  /** Places left. */
  int room() {
    return Math.max(0, limit - used.get());
  }

  /** Reserves a place; false when the window is full. */
  boolean reserve() {
    while (true) {
      int n = used.get();
      if (n >= limit) {
        return false;
      }
      if (used.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reserved place that no block took. */
  void unreserve() {
    used.decrementAndGet();
  }

  /** Block {@code index} takes the place reserved for it. */
  void claim(long index) {
    blocks.add(index);
  }

  /** Block {@code index} was read, counted or dropped: its place, if it had one, is free again. */
  void release(long index) {
    if (blocks.remove(index)) {
      used.decrementAndGet();
    }
  }
}
