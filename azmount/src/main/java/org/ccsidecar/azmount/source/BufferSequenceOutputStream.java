package org.ccsidecar.azmount.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Writes a download straight into a sequence of buffers, one after the other, reporting each
 * buffer's index as it fills; refuses to write past the last one's limit.
 */
final class BufferSequenceOutputStream extends OutputStream {
  private final List<ByteBuffer> targets;
  private final IntConsumer filled;
  private int current;
  private long written;

  BufferSequenceOutputStream(List<ByteBuffer> targets, IntConsumer filled) {
    this.targets = targets;
    this.filled = filled;
    skipFull();
  }

  long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    while (len > 0) {
      if (current == targets.size()) {
        throw new IOException("storage sent more bytes than requested");
      }
      ByteBuffer target = targets.get(current);
      int n = Math.min(len, target.remaining());
      target.put(bytes, off, n);
      written += n;
      off += n;
      len -= n;
      skipFull();
    }
  }

  private void skipFull() {
    while (current < targets.size() && !targets.get(current).hasRemaining()) {
      filled.accept(current++);
    }
  }
}
