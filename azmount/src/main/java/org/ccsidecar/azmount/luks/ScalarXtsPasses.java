package org.ccsidecar.azmount.luks;

/**
 * {@link XtsPasses} in plain Java: 64-bit XORs, and tweaks doubled in GF(2^128) on two longs with
 * four sectors walked side by side, so that the four doubling chains overlap in the CPU instead of
 * waiting on each other.
 */
final class ScalarXtsPasses implements XtsPasses {
  private static final int LANES = 4;

  @Override
  public void whiten(
      byte[] buf,
      int pos,
      int n,
      int sectorSize,
      byte[] firstTweaks,
      byte[] tweaks,
      byte[] whitened) {
    int sectors = n / sectorSize;
    int sector = 0;
    for (; sector + LANES <= sectors; sector += LANES) {
      fourSectorTweaks(firstTweaks, sector, sectorSize, tweaks);
    }
    for (; sector < sectors; sector++) {
      long lo = Blocks.getLong(firstTweaks, sector * 16);
      long hi = Blocks.getLong(firstTweaks, sector * 16 + 8);
      for (int k = sector * sectorSize, end = k + sectorSize; k < end; k += 16) {
        Blocks.putLong(tweaks, k, lo);
        Blocks.putLong(tweaks, k + 8, hi);
        long carry = hi >> 63;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ (carry & 0x87);
      }
    }
    for (int i = 0; i < n; i += 8) {
      Blocks.putLong(whitened, i, Blocks.getLong(buf, pos + i) ^ Blocks.getLong(tweaks, i));
    }
  }

  /** The tweaks of four sectors side by side: four independent doubling chains. */
  private static void fourSectorTweaks(
      byte[] firstTweaks, int sector, int sectorSize, byte[] tweaks) {
    int t = sector * 16;
    long lo0 = Blocks.getLong(firstTweaks, t);
    long hi0 = Blocks.getLong(firstTweaks, t + 8);
    long lo1 = Blocks.getLong(firstTweaks, t + 16);
    long hi1 = Blocks.getLong(firstTweaks, t + 24);
    long lo2 = Blocks.getLong(firstTweaks, t + 32);
    long hi2 = Blocks.getLong(firstTweaks, t + 40);
    long lo3 = Blocks.getLong(firstTweaks, t + 48);
    long hi3 = Blocks.getLong(firstTweaks, t + 56);
    int b0 = sector * sectorSize;
    int b1 = b0 + sectorSize;
    int b2 = b1 + sectorSize;
    int b3 = b2 + sectorSize;
    for (int k = 0; k < sectorSize; k += 16) {
      Blocks.putLong(tweaks, b0 + k, lo0);
      Blocks.putLong(tweaks, b0 + k + 8, hi0);
      Blocks.putLong(tweaks, b1 + k, lo1);
      Blocks.putLong(tweaks, b1 + k + 8, hi1);
      Blocks.putLong(tweaks, b2 + k, lo2);
      Blocks.putLong(tweaks, b2 + k + 8, hi2);
      Blocks.putLong(tweaks, b3 + k, lo3);
      Blocks.putLong(tweaks, b3 + k + 8, hi3);
      long c0 = hi0 >> 63;
      long c1 = hi1 >> 63;
      long c2 = hi2 >> 63;
      long c3 = hi3 >> 63;
      hi0 = (hi0 << 1) | (lo0 >>> 63);
      hi1 = (hi1 << 1) | (lo1 >>> 63);
      hi2 = (hi2 << 1) | (lo2 >>> 63);
      hi3 = (hi3 << 1) | (lo3 >>> 63);
      lo0 = (lo0 << 1) ^ (c0 & 0x87);
      lo1 = (lo1 << 1) ^ (c1 & 0x87);
      lo2 = (lo2 << 1) ^ (c2 & 0x87);
      lo3 = (lo3 << 1) ^ (c3 & 0x87);
    }
  }

  @Override
  public void xorInPlace(byte[] buf, int pos, byte[] tweaks, int n) {
    for (int i = 0; i < n; i += 8) {
      Blocks.putLong(buf, pos + i, Blocks.getLong(buf, pos + i) ^ Blocks.getLong(tweaks, i));
    }
  }

  @Override
  public void unchain(byte[] buf, int pos, byte[] tweaks, byte[] whitened, int n) {
    xorInPlace(buf, pos, tweaks, 16);
    for (int i = 16; i < n; i += 8) {
      long x = Blocks.getLong(tweaks, i) ^ Blocks.getLong(whitened, i - 16);
      Blocks.putLong(buf, pos + i, Blocks.getLong(buf, pos + i) ^ x);
    }
  }
}
