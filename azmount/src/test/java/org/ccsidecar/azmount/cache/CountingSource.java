package org.ccsidecar.azmount.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongPredicate;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Test wrapper around a real source: counts reads per offset, can slow reads down (so concurrent
 * readers overlap) and can fail reads or writes at chosen offsets (a storage outage).
 */
final class CountingSource implements BlockSource {
  private final BlockSource delegate;
  final Map<Long, AtomicInteger> readsAt = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();

  /** Calls of {@link #readConsecutive}: requests a blob would have served. */
  final AtomicInteger requests = new AtomicInteger();

  /** Blocks asked for by requests under way and not delivered yet, and the most there were. */
  final AtomicInteger blocksInFlight = new AtomicInteger();

  final AtomicInteger maxBlocksInFlight = new AtomicInteger();

  final AtomicInteger writes = new AtomicInteger();

  /** Offset and length of every write, in order. */
  final List<long[]> writeRanges = Collections.synchronizedList(new ArrayList<>());

  final AtomicInteger failedReads = new AtomicInteger();
  volatile long readDelayMillis;

  /** Which reads {@link #readDelayMillis} slows down: all by default. */
  volatile LongPredicate delayReadsAt = offset -> true;

  volatile long writeDelayMillis;
  volatile LongPredicate failReadsAt = offset -> false;
  volatile LongPredicate errorReadsAt = offset -> false;
  volatile boolean failWrites;

  CountingSource(BlockSource delegate) {
    this.delegate = delegate;
  }

  int readsAt(long offset) {
    AtomicInteger n = readsAt.get(offset);
    return n == null ? 0 : n.get();
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public boolean writable() {
    return delegate.writable();
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    reads.incrementAndGet();
    readsAt.computeIfAbsent(offset, k -> new AtomicInteger()).incrementAndGet();
    if (delayReadsAt.test(offset)) {
      sleep(readDelayMillis);
    }
    if (failReadsAt.test(offset)) {
      failedReads.incrementAndGet();
      throw new IOException("storage down (test) at offset " + offset);
    }
    delegate.read(offset, dst);
  }

  @Override
  public void readConsecutive(long offset, List<ByteBuffer> dsts, IntConsumer filled)
      throws IOException {
    requests.incrementAndGet();
    if (errorReadsAt.test(offset)) {
      sleep(readDelayMillis);
      throw new OutOfMemoryError("no memory for this request (test)");
    }
    maxBlocksInFlight.accumulateAndGet(blocksInFlight.addAndGet(dsts.size()), Math::max);
    AtomicInteger delivered = new AtomicInteger();
    try {
      BlockSource.super.readConsecutive(
          offset,
          dsts,
          k -> {
            delivered.incrementAndGet();
            blocksInFlight.decrementAndGet();
            filled.accept(k);
          });
    } finally {
      blocksInFlight.addAndGet(delivered.get() - dsts.size());
    }
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    if (failWrites) {
      throw new IOException("storage down (test) writing at offset " + offset);
    }
    writes.incrementAndGet();
    writeRanges.add(new long[] {offset, src.remaining()});
    sleep(writeDelayMillis);
    delegate.write(offset, src);
  }

  private static void sleep(long millis) throws IOException {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "counting " + delegate;
  }
}
