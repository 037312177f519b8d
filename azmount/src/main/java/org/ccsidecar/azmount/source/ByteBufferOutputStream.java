package org.ccsidecar.azmount.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Writes a download straight into the caller's buffer; refuses to write past its limit. */
final class ByteBufferOutputStream extends OutputStream {
  private final ByteBuffer target;
  private long written;

  ByteBufferOutputStream(ByteBuffer target) {
    this.target = target;
  }

  long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    ensureRoom(1);
    target.put((byte) b);
    written++;
  }

  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    ensureRoom(len);
    target.put(bytes, off, len);
    written += len;
  }

  private void ensureRoom(int len) throws IOException {
    if (len > target.remaining()) {
      throw new IOException("storage sent more bytes than requested");
    }
  }
}
