package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Picks an ext4 size and inode count that hold a directory tree with room to spare: the tree's
 * blocks (files rounded up to blocks, directories, long symlinks, extent-tree blocks), the inode
 * tables, the journal ext4 would create at that size, group metadata, then a margin.
 */
public final class Ext4SizeEstimator {
  static final int BLOCK = 4096;
  static final int INODE_SIZE = 256;

  /** mke2fs's default bytes-per-inode for ordinary file systems. */
  static final long BYTES_PER_INODE = 16384;

  static final long MIN_BYTES = 32L << 20;
  private static final long MIB = 1L << 20;

  /** ext4 stores symlink targets shorter than this in the inode itself. */
  private static final int INLINE_SYMLINK_MAX = 60;

  /** A file-system geometry: size in bytes (a whole number of MiB) and inode count. */
  public record Ext4Size(long bytes, long inodes) {}

  private Ext4SizeEstimator() {}

  public static Ext4Size estimate(Path directory) throws IOException {
    TreeUsage usage = new TreeUsage();
    Files.walkFileTree(directory, usage);
    // Directory entries: 8 bytes plus the name, padded; a quarter more for htree index blocks.
    long directoryBlocks = usage.entryBytes * 5 / 4 / BLOCK + 1;
    return forUsage(usage.blocks + directoryBlocks, usage.entries);
  }

  /** The geometry for a tree of {@code dataBlocks} 4 KiB blocks and {@code entries} inodes. */
  static Ext4Size forUsage(long dataBlocks, long entries) {
    long inodesNeeded = entries + entries / 4 + 64;
    long dataBytes = dataBlocks * BLOCK;
    long margin = Math.max(dataBytes / 10, 16 * MIB);
    long size = MIN_BYTES;
    // Journal and inode tables grow with the size; a few rounds settle it.
    for (int round = 0; round < 4; round++) {
      long inodes = Math.max(inodesNeeded, size / BYTES_PER_INODE);
      long metadata = inodes * INODE_SIZE + journalBytes(size) + size / 256;
      size = Math.max(MIN_BYTES, roundUpToMib(dataBytes + metadata + margin));
    }
    return new Ext4Size(size, Math.max(inodesNeeded, size / BYTES_PER_INODE));
  }

  /** The journal mke2fs creates for a file system of {@code size} bytes in 4 KiB blocks. */
  static long journalBytes(long size) {
    long blocks = size / BLOCK;
    long journalBlocks;
    if (blocks < 2048) {
      journalBlocks = 0;
    } else if (blocks < 32768) {
      journalBlocks = 1024;
    } else if (blocks < 256 * 1024) {
      journalBlocks = 4096;
    } else if (blocks < 512 * 1024) {
      journalBlocks = 8192;
    } else if (blocks < 4096 * 1024) {
      journalBlocks = 16384;
    } else if (blocks < 8192 * 1024) {
      journalBlocks = 32768;
    } else if (blocks < 16384 * 1024) {
      journalBlocks = 65536;
    } else if (blocks < 32768 * 1024) {
      journalBlocks = 131072;
    } else {
      journalBlocks = 262144;
    }
    return journalBlocks * BLOCK;
  }

  private static long roundUpToMib(long bytes) {
    return (bytes + MIB - 1) / MIB * MIB;
  }

  /** Counts blocks and inodes of a tree without following symlinks, as mkfs.ext4 -d copies it. */
  private static final class TreeUsage extends SimpleFileVisitor<Path> {
    long blocks;
    long entries;
    long entryBytes;

    private void count(Path path) {
      entries++;
      Path name = path.getFileName();
      entryBytes += 12 + (name == null ? 0 : name.toString().length() * 3L);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      count(dir);
      blocks++;
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
      if (failure != null) {
        throw failure;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      count(file);
      long size = attrs.size();
      if (attrs.isRegularFile()) {
        long fileBlocks = (size + BLOCK - 1) / BLOCK;
        // Extent-tree blocks for fragmented large files: a generous one per 32 MiB.
        blocks += fileBlocks + fileBlocks / 8192;
      } else if (attrs.isSymbolicLink() && size >= INLINE_SYMLINK_MAX) {
        blocks++;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
      throw failure;
    }
  }
}
