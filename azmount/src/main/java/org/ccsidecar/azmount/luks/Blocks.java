package org.ccsidecar.azmount.luks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian 64-bit views of byte arrays, for whole-block XOR without per-byte loops. */
final class Blocks {
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Blocks() {}

  static long getLong(byte[] buf, int off) {
    return (long) LONGS.get(buf, off);
  }

  static void putLong(byte[] buf, int off, long value) {
    LONGS.set(buf, off, value);
  }

  /** Writes the 16-byte block (value as 64-bit little-endian, then eight zero bytes). */
  static void putSectorNumber(byte[] buf, int off, long value) {
    LONGS.set(buf, off, value);
    LONGS.set(buf, off + 8, 0L);
  }

  static void checkRun(byte[] buf, int off, int len, int sectorSize) {
    if (off < 0 || len < 0 || off > buf.length - len || len % sectorSize != 0) {
      throw new IllegalArgumentException(
          "sector run ["
              + off
              + ", +"
              + len
              + ") is not whole "
              + sectorSize
              + "-byte sectors within a buffer of "
              + buf.length);
    }
  }
}
