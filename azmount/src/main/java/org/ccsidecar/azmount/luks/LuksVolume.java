package org.ccsidecar.azmount.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * The decrypted payload of an unlocked LUKS image, as a {@link BlockSource}: reads decrypt and
 * writes encrypt whole runs of sectors at once; writes that cover part of a sector read, patch and
 * rewrite it. Safe for concurrent use; partial-sector writes to the same sector are serialised.
 */
public final class LuksVolume implements BlockSource {
  /** Largest run of sectors handled per device call. */
  static final int MAX_RUN = 1024 * 1024;

  private static final int LOCK_STRIPES = 64;

  private final BlockSource device;
  private final LuksHeader header;
  private final SectorCipher cipher;
  private final int sectorSize;
  private final long dataOffset;
  private final long size;
  private final WorkspacePool<byte[]> buffers = new WorkspacePool<>(() -> new byte[MAX_RUN]);
  private final ReentrantLock[] sectorLocks = new ReentrantLock[LOCK_STRIPES];

  private LuksVolume(BlockSource device, LuksHeader header, byte[] volumeKey) throws IOException {
    this.device = device;
    this.header = header;
    this.sectorSize = header.sectorSize();
    this.dataOffset = header.dataOffset();
    this.size = header.dataSize(device.size());
    this.cipher = SectorCiphers.create(header.cipherSpec(), volumeKey, sectorSize);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      sectorLocks[i] = new ReentrantLock();
    }
  }

  /**
   * Reads the header of {@code device} and unlocks it with {@code passphrase} (key-file bytes),
   * trying every keyslot bound to the data segment. The caller zeroes the passphrase; on success
   * the volume owns the device and closes it.
   */
  public static LuksVolume open(BlockSource device, byte[] passphrase) throws IOException {
    LuksHeader header = LuksHeader.read(device);
    byte[] key = KeyslotUnlocker.unlock(header, device, passphrase);
    try {
      return new LuksVolume(device, header, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** A volume over {@code device} with a known volume key (the formatter's path). */
  static LuksVolume withKey(BlockSource device, LuksHeader header, byte[] volumeKey)
      throws IOException {
    return new LuksVolume(device, header, volumeKey);
  }

  public LuksHeader header() {
    return header;
  }

  /** Payload bytes. */
  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean writable() {
    return device.writable();
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    checkRange(offset, dst.remaining());
    long pos = offset;
    byte[] buf = buffers.take();
    try {
      while (dst.hasRemaining()) {
        long first = pos / sectorSize;
        int skip = (int) (pos % sectorSize);
        int want = Math.min(dst.remaining(), MAX_RUN - skip);
        int runLen = roundUp(skip + want);
        if (skip == 0 && want == runLen && dst.hasArray()) {
          // Whole sectors into a heap buffer: decrypt in place, no copy.
          int at = dst.arrayOffset() + dst.position();
          device.read(
              dataOffset + first * sectorSize, dst.duplicate().limit(dst.position() + want));
          cipher.decrypt(dst.array(), at, want, ivOf(first));
          dst.position(dst.position() + want);
        } else {
          device.read(dataOffset + first * sectorSize, ByteBuffer.wrap(buf, 0, runLen));
          cipher.decrypt(buf, 0, runLen, ivOf(first));
          dst.put(buf, skip, want);
        }
        pos += want;
      }
    } finally {
      buffers.give(buf);
    }
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    if (!device.writable()) {
      throw new IOException("LUKS volume on " + device + " is read-only");
    }
    checkRange(offset, src.remaining());
    long pos = offset;
    byte[] buf = buffers.take();
    try {
      while (src.hasRemaining()) {
        long first = pos / sectorSize;
        int skip = (int) (pos % sectorSize);
        int want = Math.min(src.remaining(), MAX_RUN - skip);
        int runLen = roundUp(skip + want);
        long last = first + runLen / sectorSize - 1;
        int headStripe = stripeOf(first);
        int tailStripe = stripeOf(last);
        ReentrantLock lowLock = sectorLocks[Math.min(headStripe, tailStripe)];
        ReentrantLock highLock = sectorLocks[Math.max(headStripe, tailStripe)];
        lowLock.lock();
        if (highLock != lowLock) {
          highLock.lock();
        }
        try {
          if (skip != 0) {
            readSector(first, buf, 0);
          }
          if ((skip + want) % sectorSize != 0 && (last != first || skip == 0)) {
            readSector(last, buf, runLen - sectorSize);
          }
          src.get(buf, skip, want);
          cipher.encrypt(buf, 0, runLen, ivOf(first));
          device.write(dataOffset + first * sectorSize, ByteBuffer.wrap(buf, 0, runLen));
        } finally {
          if (highLock != lowLock) {
            highLock.unlock();
          }
          lowLock.unlock();
        }
        pos += want;
      }
    } finally {
      buffers.give(buf);
    }
  }

  private void readSector(long sector, byte[] buf, int off) throws IOException {
    device.read(dataOffset + sector * sectorSize, ByteBuffer.wrap(buf, off, sectorSize));
    cipher.decrypt(buf, off, sectorSize, ivOf(sector));
  }

  private static int stripeOf(long sector) {
    return (int) Math.floorMod(sector, (long) LOCK_STRIPES);
  }

  private long ivOf(long sector) {
    return sector * (sectorSize / 512) + header.ivTweak();
  }

  private int roundUp(int bytes) {
    return (bytes + sectorSize - 1) / sectorSize * sectorSize;
  }

  private void checkRange(long offset, int length) throws IOException {
    if (offset < 0 || offset > size || length > size - offset) {
      throw new IOException(
          "range ["
              + offset
              + ", +"
              + length
              + ") is outside the LUKS payload of "
              + size
              + " bytes");
    }
  }

  @Override
  public void flush() throws IOException {
    device.flush();
  }

  /** Drops the key schedules and closes the device. */
  @Override
  public void close() throws IOException {
    cipher.close();
    buffers.close();
    device.close();
  }

  @Override
  public String toString() {
    return "LUKS" + header.version() + " volume on " + device;
  }
}
