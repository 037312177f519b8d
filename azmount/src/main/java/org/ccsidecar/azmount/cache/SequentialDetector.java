package org.ccsidecar.azmount.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells sequential reads from random ones: a read is sequential when it starts where one of the
 * last few reads ended. Remembering several ends keeps detection working for a few interleaved
 * streams and for the kernel's parallel, slightly reordered read-ahead requests.
 */
final class SequentialDetector {
  private static final int TRACKED = 16;

  private final AtomicLongArray recentEnds = new AtomicLongArray(TRACKED);
  private final AtomicInteger next = new AtomicInteger();

  SequentialDetector() {
    for (int i = 0; i < TRACKED; i++) {
      recentEnds.set(i, -1);
    }
  }

  /** Records the read {@code [offset, end)} and says whether it continued an earlier one. */
  boolean record(long offset, long end) {
    boolean sequential = false;
    for (int i = 0; i < TRACKED && !sequential; i++) {
      sequential = recentEnds.get(i) == offset;
    }
    recentEnds.set(Math.floorMod(next.getAndIncrement(), TRACKED), end);
    return sequential;
  }
}
