package org.ccsidecar.azmount.fuse;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Pointer;
import org.ccsidecar.azmount.source.BlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The FUSE callbacks: a root directory holding one regular file whose bytes are a {@link
 * BlockSource}. Reads go straight from the source into the kernel's buffer; writes go into the
 * source, and fsync, flush and release make them durable there.
 */
final class SingleFileFs extends FuseStubFS {
  private static final Logger log = LoggerFactory.getLogger(SingleFileFs.class);
  private static final int ENOENT = ErrorCodes.ENOENT();
  private static final int EIO = ErrorCodes.EIO();
  private static final int EROFS = ErrorCodes.EROFS();
  private static final int ENOSPC = ErrorCodes.ENOSPC();
  private static final int EPERM = ErrorCodes.EPERM();
  private static final int O_ACCMODE = 3;
  private static final int O_RDONLY = 0;

  private final String filePath;
  private final String fileName;
  private final BlockSource source;
  private final long size;
  private final boolean writable;
  private final long ownerUid;
  private final long ownerGid;
  private final long mountedAtSeconds = System.currentTimeMillis() / 1000;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final Object flushLock = new Object();

  SingleFileFs(String fileName, BlockSource source, long size, long ownerUid, long ownerGid) {
    this.fileName = fileName;
    this.filePath = "/" + fileName;
    this.source = source;
    this.size = size;
    this.writable = source.writable();
    this.ownerUid = ownerUid;
    this.ownerGid = ownerGid;
  }

  @Override
  public int getattr(String path, FileStat stat) {
    if ("/".equals(path)) {
      stat.st_mode.set(FileStat.S_IFDIR | 0755);
      stat.st_nlink.set(2);
    } else if (filePath.equals(path)) {
      stat.st_mode.set(FileStat.S_IFREG | (writable ? 0644 : 0444));
      stat.st_nlink.set(1);
      stat.st_size.set(size);
      stat.st_blocks.set((size + 511) / 512);
    } else {
      return -ENOENT;
    }
    stat.st_uid.set(ownerUid);
    stat.st_gid.set(ownerGid);
    stat.st_mtim.tv_sec.set(mountedAtSeconds);
    stat.st_ctim.tv_sec.set(mountedAtSeconds);
    stat.st_atim.tv_sec.set(mountedAtSeconds);
    return 0;
  }

  @Override
  public int readdir(
      String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fileInfo) {
    if (!"/".equals(path)) {
      return -ENOENT;
    }
    filler.apply(buf, ".", null, 0);
    filler.apply(buf, "..", null, 0);
    filler.apply(buf, fileName, null, 0);
    return 0;
  }

  @Override
  public int open(String path, FuseFileInfo fileInfo) {
    if (!filePath.equals(path)) {
      return -ENOENT;
    }
    if ((fileInfo.flags.get() & O_ACCMODE) != O_RDONLY && !writable) {
      return -EROFS;
    }
    return 0;
  }

  @Override
  public int read(String path, Pointer buf, long count, long offset, FuseFileInfo fileInfo) {
    if (!filePath.equals(path)) {
      return -ENOENT;
    }
    if (offset >= size || count <= 0) {
      return 0;
    }
    int n = (int) Math.min(count, size - offset);
    ByteBuffer dst = MemoryIO.getInstance().newDirectByteBuffer(buf.address(), n);
    try {
      source.read(offset, dst);
      return n;
    } catch (IOException | RuntimeException e) {
      log.warn("read of {} bytes at offset {} from {} failed: {}", n, offset, source, e.toString());
      log.debug("read failure", e);
      return -EIO;
    }
  }

  @Override
  public int write(String path, Pointer buf, long count, long offset, FuseFileInfo fileInfo) {
    if (!filePath.equals(path)) {
      return -ENOENT;
    }
    if (!writable) {
      return -EROFS;
    }
    if (offset >= size) {
      return count == 0 ? 0 : -ENOSPC;
    }
    int n = (int) Math.min(count, size - offset);
    ByteBuffer src = MemoryIO.getInstance().newDirectByteBuffer(buf.address(), n);
    try {
      dirty.set(true);
      source.write(offset, src);
      return n;
    } catch (IOException | RuntimeException e) {
      log.warn("write of {} bytes at offset {} to {} failed: {}", n, offset, source, e.toString());
      log.debug("write failure", e);
      return -EIO;
    }
  }

  @Override
  public int truncate(String path, long newSize) {
    if (!filePath.equals(path)) {
      return -ENOENT;
    }
    if (newSize == size) {
      return 0;
    }
    return writable ? -EPERM : -EROFS;
  }

  @Override
  public int fsync(String path, int dataSyncOnly, FuseFileInfo fileInfo) {
    return flushIfDirty();
  }

  @Override
  public int flush(String path, FuseFileInfo fileInfo) {
    return flushIfDirty();
  }

  @Override
  public int release(String path, FuseFileInfo fileInfo) {
    return flushIfDirty();
  }

  /**
   * Makes every write that completed before this call durable. Serialised so that a caller whose
   * writes are covered by a flush still running in another thread waits for that flush to end.
   */
  int flushIfDirty() {
    synchronized (flushLock) {
      if (!dirty.getAndSet(false)) {
        return 0;
      }
      try {
        source.flush();
        return 0;
      } catch (IOException | RuntimeException e) {
        dirty.set(true);
        log.warn("flush of {} failed: {}", source, e.toString());
        log.debug("flush failure", e);
        return -EIO;
      }
    }
  }

  /** Starts libfuse's loop for this filesystem on the calling thread; returns when it ends. */
  int runSession(String[] args) {
    return libFuse.fuse_main_real(
        args.length, args, fuseOperations, jnr.ffi.Struct.size(fuseOperations), null);
  }
}
