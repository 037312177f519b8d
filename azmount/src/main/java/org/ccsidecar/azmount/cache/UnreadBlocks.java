package org.ccsidecar.azmount.cache;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Blocks that arrived in the cache and nobody has read yet, oldest first, at most {@code limit} of
 * them. The cache keeps them out of Caffeine's size bound until they are read (see {@link
 * BlockCache}); when more arrive than the limit allows, the oldest one is pushed out and counted
 * like any other block, so a read-ahead nobody follows cannot hold memory for ever.
 */
final class UnreadBlocks {
  private final int limit;
  private final LinkedHashSet<Long> oldestFirst = new LinkedHashSet<>();

  UnreadBlocks(int limit) {
    this.limit = Math.max(1, limit);
  }

  /** Records block {@code index} as arrived; returns the one it pushes out, or -1. */
  synchronized long arrived(long index) {
    oldestFirst.add(index);
    if (oldestFirst.size() <= limit) {
      return -1;
    }
    Iterator<Long> oldest = oldestFirst.iterator();
    long pushedOut = oldest.next();
    oldest.remove();
    return pushedOut;
  }

  /** Forgets block {@code index}: it was read or left the cache. */
  synchronized void forget(long index) {
    oldestFirst.remove(index);
  }
}
