package org.ccsidecar.azmount.cache;

/**
 * Settings of a {@link BlockCache}.
 *
 * @param blockSizeBytes bytes fetched and cached per block; a multiple of 4096 (whole LUKS sectors
 *     and whole 512-byte blob pages), 4 KiB to 64 MiB
 * @param maxBytes memory bound for cached blocks, clean and dirty together; at least 4 blocks. Half
 *     of it at most holds dirty (written, not yet uploaded) blocks
 * @param readAheadBlocks blocks fetched in parallel ahead of a sequential reader, 0 to disable;
 *     capped at a quarter of the blocks the cache holds
 */
public record CacheOptions(int blockSizeBytes, long maxBytes, int readAheadBlocks) {
  public static final int MIN_BLOCK = 4096;
  public static final int MAX_BLOCK = 64 * 1024 * 1024;

  public CacheOptions {
    if (blockSizeBytes < MIN_BLOCK
        || blockSizeBytes > MAX_BLOCK
        || blockSizeBytes % MIN_BLOCK != 0) {
      throw new IllegalArgumentException(
          "block size must be a multiple of 4 KiB from 4 KiB to 64 MiB, not " + blockSizeBytes);
    }
    if (maxBytes < 4L * blockSizeBytes) {
      throw new IllegalArgumentException(
          "cache size must hold at least 4 blocks (" + 4L * blockSizeBytes + " bytes)");
    }
    if (readAheadBlocks < 0 || readAheadBlocks > 256) {
      throw new IllegalArgumentException("read-ahead must be 0 to 256 blocks");
    }
  }

  /**
   * 1 MiB blocks, 64 MiB of cache, 32 blocks of read-ahead. A 4 KiB random read costs a 1 MiB
   * fetch, not 4 MiB (the Go azmount used 512 KiB, one at a time), while a sequential reader gets
   * 16 MiB requests (read-ahead goes out in runs of half the window): storage, Azurite above all,
   * spends far less per byte on long requests. 64 MiB keeps the whole process under its 256 MiB RSS
   * target.
   */
  public static CacheOptions defaults() {
    return new CacheOptions(1024 * 1024, 64L * 1024 * 1024, 32);
  }

  /** Bytes of dirty blocks allowed before writers must upload some. */
  long maxDirtyBytes() {
    return maxBytes / 2;
  }

  /**
   * Bytes of fetched (clean) blocks, read-ahead in flight included: all of {@link #maxBytes} for a
   * read-only source, half of it when writes may hold the other half.
   */
  long maxCleanBytes(boolean writable) {
    return writable ? maxBytes - maxDirtyBytes() : maxBytes;
  }

  /**
   * Read-ahead actually used: at most half the clean blocks, so a read-ahead window never evicts
   * the blocks being read or the previous window before they are used.
   */
  int effectiveReadAheadBlocks(boolean writable) {
    return (int) Math.min(readAheadBlocks, maxCleanBytes(writable) / blockSizeBytes / 2);
  }
}
