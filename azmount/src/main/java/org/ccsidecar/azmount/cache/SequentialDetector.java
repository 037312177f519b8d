package org.ccsidecar.azmount.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells sequential reads from random ones: a read is sequential when it starts at, or within a
 * little of, where one of the last few reads ended, and it then reports how long that sequential
 * stream has become. Remembering several streams keeps detection working for a few interleaved
 * readers; the slack keeps one stream whole when the kernel's parallel read-ahead requests arrive
 * slightly out of order. The length lets read-ahead grow with the evidence: a random 4 KiB read
 * that the kernel widens into two 128 KiB requests looks sequential too, but only for 256 KiB.
 */
final class SequentialDetector {
  private static final int TRACKED = 16;
  private static final long SLACK = 512 * 1024;

  private final AtomicLongArray recentEnds = new AtomicLongArray(TRACKED);
  private final AtomicLongArray streamBytes = new AtomicLongArray(TRACKED);
  private final AtomicInteger next = new AtomicInteger();

  SequentialDetector() {
    for (int i = 0; i < TRACKED; i++) {
      recentEnds.set(i, -1);
    }
  }

  /**
   * Records the read {@code [offset, end)}; returns the bytes of the sequential stream it
   * continues, this read included, or 0 when it continues none. Races between readers only blur the
   * figure.
   */
  long record(long offset, long end) {
    for (int i = 0; i < TRACKED; i++) {
      long streamEnd = recentEnds.get(i);
      if (streamEnd >= 0 && offset >= streamEnd - SLACK && offset <= streamEnd + SLACK) {
        long length = streamBytes.get(i) + (end - offset);
        streamBytes.set(i, length);
        recentEnds.set(i, Math.max(streamEnd, end));
        return length;
      }
    }
    int slot = Math.floorMod(next.getAndIncrement(), TRACKED);
    streamBytes.set(slot, end - offset);
    recentEnds.set(slot, end);
    return 0;
  }
}
