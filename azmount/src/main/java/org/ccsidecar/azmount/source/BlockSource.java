package org.ccsidecar.azmount.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

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

  /** Writes all of {@code src} at {@code offset}. Durable only after {@link #flush()}. */
  void write(long offset, ByteBuffer src) throws IOException;

  /** Makes every completed write durable. */
  void flush() throws IOException;
}
