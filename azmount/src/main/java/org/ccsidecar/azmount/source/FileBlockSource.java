package org.ccsidecar.azmount.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file as a {@link BlockSource}; positional I/O so concurrent callers never share a cursor.
 */
public final class FileBlockSource implements BlockSource {
  private final Path path;
  private final FileChannel channel;
  private final boolean writable;

  private FileBlockSource(Path path, FileChannel channel, boolean writable) {
    this.path = path;
    this.channel = channel;
    this.writable = writable;
  }

  public static FileBlockSource open(Path path, boolean writable) throws IOException {
    FileChannel channel =
        writable
            ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : FileChannel.open(path, StandardOpenOption.READ);
    return new FileBlockSource(path, channel, writable);
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public boolean writable() {
    return writable;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    long position = offset;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position);
      if (n < 0) {
        throw new EOFException(path + ": read past end at offset " + position);
      }
      position += n;
    }
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    if (!writable) {
      throw new IOException(path + ": opened read-only");
    }
    long position = offset;
    while (src.hasRemaining()) {
      position += channel.write(src, position);
    }
  }

  @Override
  public void flush() throws IOException {
    if (writable) {
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "file " + path;
  }
}
