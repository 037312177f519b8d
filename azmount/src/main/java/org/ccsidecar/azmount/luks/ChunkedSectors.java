package org.ccsidecar.azmount.luks;

import java.util.function.Supplier;

/**
 * The walk both sector ciphers share: a run of whole sectors cut into chunks of up to 64 KiB (big
 * enough to amortise a bulk AES call, small enough to stay in cache), each handled with a pooled
 * per-thread workspace and the IV sector number of its first sector.
 */
final class ChunkedSectors<W> implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  /**
   * Work on one chunk: {@code n} bytes at {@code pos}, {@code sectors} sectors from IV {@code iv}.
   */
  interface ChunkWork<W> {
    void apply(W workspace, byte[] buf, int pos, int n, int sectors, long iv);
  }

  private final int sectorSize;
  private final int ivStep;
  private final int chunkBytes;
  private final WorkspacePool<W> workspaces;

  ChunkedSectors(int sectorSize, Supplier<W> newWorkspace) {
    this.sectorSize = sectorSize;
    this.ivStep = sectorSize / 512;
    this.chunkBytes = Math.max(sectorSize, CHUNK - CHUNK % sectorSize);
    this.workspaces = new WorkspacePool<>(newWorkspace);
  }

  int sectorSize() {
    return sectorSize;
  }

  /** Bytes in the largest chunk: what a workspace's buffers must hold. */
  int chunkBytes() {
    return chunkBytes;
  }

  /** Sectors in the largest chunk. */
  int chunkSectors() {
    return chunkBytes / sectorSize;
  }

  /** IV numbers per sector (IVs count 512-byte units whatever the sector size). */
  int ivStep() {
    return ivStep;
  }

  void run(byte[] buf, int off, int len, long firstIvSector, ChunkWork<W> work) {
    Blocks.checkRun(buf, off, len, sectorSize);
    W workspace = workspaces.take();
    try {
      long iv = firstIvSector;
      for (int pos = off, end = off + len; pos < end; ) {
        int n = Math.min(chunkBytes, end - pos);
        int sectors = n / sectorSize;
        work.apply(workspace, buf, pos, n, sectors, iv);
        iv += (long) sectors * ivStep;
        pos += n;
      }
    } finally {
      workspaces.give(workspace);
    }
  }

  @Override
  public void close() {
    workspaces.close();
  }
}
