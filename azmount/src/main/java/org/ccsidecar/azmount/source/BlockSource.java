package org.ccsidecar.azmount.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Random-access bytes: an Azure blob, a local file, or a cache in front of either. Reads and writes
 * may be called concurrently from several threads at different offsets.
 */
public interface BlockSource extends Closeable {

  /** Size in bytes. */
  long size() throws IOException;

  /** True when {@link #write} is allowed. */
  boolean writable();

  /**
   * Reads {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}, advancing its
   * position. Reading past {@link #size()} is an error; the call either fills the buffer or throws.
   */
  void read(long offset, ByteBuffer dst) throws IOException;

  /**
   * Reads consecutive ranges: {@code dsts.get(0)} from {@code offset}, each next buffer from where
   * the previous one ends, every buffer up to its limit. Calls {@code filled} with a buffer's index
   * as soon as that buffer is full, so a caller can use the first ones while later ones still
   * arrive. A source that pays per request (a blob) reads all of them in one request; by default
   * they are read one by one. On failure, buffers reported filled hold their bytes, the others are
   * undefined.
   */
  default void readConsecutive(long offset, List<ByteBuffer> dsts, IntConsumer filled)
      throws IOException {
    long position = offset;
    for (int i = 0; i < dsts.size(); i++) {
      ByteBuffer dst = dsts.get(i);
      int n = dst.remaining();
      read(position, dst);
      position += n;
      filled.accept(i);
    }
  }

  /**
   * Throws an EOFException naming {@code source} unless {@code count} bytes at {@code offset} lie
   * within its {@code size} bytes.
   */
  static void checkRange(Object source, long size, long offset, long count) throws EOFException {
    if (offset < 0 || count < 0 || offset > size - count) {
      throw new EOFException(
          source
              + ": "
              + count
              + " bytes at offset "
              + offset
              + " are outside its "
              + size
              + " bytes");
    }
  }

  /** Writes all of {@code src} at {@code offset}. Durable only after {@link #flush()}. */
  void write(long offset, ByteBuffer src) throws IOException;

  /** Makes every completed write durable. */
  void flush() throws IOException;
}
