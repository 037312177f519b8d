package org.ccsidecar.azmount.luks;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes-xts-plain64 (IEEE 1619 XTS-AES): the key's first half encrypts data, the second half the
 * tweak, whose IV is the sector number as a 64-bit little-endian value.
 *
 * <p>A chunk of sectors costs one AES call for the sectors' first tweaks, one AES call for all data
 * and two passes of 64-bit XORs. Each block's tweak is the previous one doubled in GF(2^128) on two
 * longs; four sectors are walked side by side so that the four doubling chains overlap in the CPU
 * instead of waiting on each other.
 */
final class XtsPlain64Cipher implements SectorCipher {
  /** Bytes per AES call: big enough to amortise the call, small enough to stay in cache. */
  private static final int CHUNK = 64 * 1024;

  private static final int LANES = 4;

  private final int sectorSize;
  private final int ivStep;
  private final int chunk;
  private final SecretKeySpec dataKey;
  private final WorkspacePool<Workspace> workspaces;

  XtsPlain64Cipher(byte[] key, int sectorSize) {
    if (key.length != 32 && key.length != 64) {
      throw new IllegalArgumentException("aes-xts-plain64 needs a 256- or 512-bit key");
    }
    this.sectorSize = sectorSize;
    this.ivStep = sectorSize / 512;
    this.chunk = Math.max(sectorSize, CHUNK - CHUNK % sectorSize);
    int half = key.length / 2;
    this.dataKey = new SecretKeySpec(key, 0, half, "AES");
    SecretKeySpec tweakKey = new SecretKeySpec(key, half, half, "AES");
    this.workspaces = new WorkspacePool<>(() -> new Workspace(tweakKey));
  }

  @Override
  public int sectorSize() {
    return sectorSize;
  }

  @Override
  public void encrypt(byte[] buf, int off, int len, long firstIvSector) {
    run(true, buf, off, len, firstIvSector);
  }

  @Override
  public void decrypt(byte[] buf, int off, int len, long firstIvSector) {
    run(false, buf, off, len, firstIvSector);
  }

  private void run(boolean encrypt, byte[] buf, int off, int len, long firstIvSector) {
    Blocks.checkRun(buf, off, len, sectorSize);
    Workspace ws = workspaces.take();
    try {
      long iv = firstIvSector;
      for (int pos = off, end = off + len; pos < end; ) {
        int n = Math.min(chunk, end - pos);
        int sectors = n / sectorSize;
        for (int i = 0; i < sectors; i++) {
          Blocks.putSectorNumber(ws.ivs, i * 16, iv + (long) i * ivStep);
        }
        AesBulk.encrypt(ws.tweak, ws.ivs, 0, sectors * 16, ws.firstTweaks, 0);
        tweaks(ws.firstTweaks, sectors, ws.tweaks);
        xorTo(buf, pos, ws.tweaks, ws.scratch, n);
        if (encrypt) {
          AesBulk.encrypt(ws.encryptor(), ws.scratch, 0, n, buf, pos);
          xorInPlace(buf, pos, ws.tweaks, n);
        } else {
          AesBulk.decryptChained(ws.decryptor, dataKey, ws.scratch, 0, n, buf, pos);
          unchain(buf, pos, ws.tweaks, ws.scratch, n);
        }
        iv += (long) sectors * ivStep;
        pos += n;
      }
    } finally {
      workspaces.give(ws);
    }
  }

  /** Writes the tweak of every block of {@code sectors} sectors to {@code tweaks} (two longs). */
  private void tweaks(byte[] firstTweaks, int sectors, long[] tweaks) {
    int sector = 0;
    for (; sector + LANES <= sectors; sector += LANES) {
      fourSectorTweaks(firstTweaks, sector, tweaks);
    }
    int perSector = sectorSize / 8;
    for (; sector < sectors; sector++) {
      long lo = Blocks.getLong(firstTweaks, sector * 16);
      long hi = Blocks.getLong(firstTweaks, sector * 16 + 8);
      for (int k = sector * perSector, end = k + perSector; k < end; k += 2) {
        tweaks[k] = lo;
        tweaks[k + 1] = hi;
        long carry = hi >> 63;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ (carry & 0x87);
      }
    }
  }

  /** {@link #tweaks} for four sectors side by side: four independent doubling chains. */
  private void fourSectorTweaks(byte[] firstTweaks, int sector, long[] tweaks) {
    int perSector = sectorSize / 8;
    int t = sector * 16;
    long lo0 = Blocks.getLong(firstTweaks, t);
    long hi0 = Blocks.getLong(firstTweaks, t + 8);
    long lo1 = Blocks.getLong(firstTweaks, t + 16);
    long hi1 = Blocks.getLong(firstTweaks, t + 24);
    long lo2 = Blocks.getLong(firstTweaks, t + 32);
    long hi2 = Blocks.getLong(firstTweaks, t + 40);
    long lo3 = Blocks.getLong(firstTweaks, t + 48);
    long hi3 = Blocks.getLong(firstTweaks, t + 56);
    int b0 = sector * perSector;
    int b1 = b0 + perSector;
    int b2 = b1 + perSector;
    int b3 = b2 + perSector;
    for (int k = 0; k < perSector; k += 2) {
      tweaks[b0 + k] = lo0;
      tweaks[b0 + k + 1] = hi0;
      tweaks[b1 + k] = lo1;
      tweaks[b1 + k + 1] = hi1;
      tweaks[b2 + k] = lo2;
      tweaks[b2 + k + 1] = hi2;
      tweaks[b3 + k] = lo3;
      tweaks[b3 + k + 1] = hi3;
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

  /** dst[i] = src[off + i] XOR tweaks for {@code n} bytes. */
  private static void xorTo(byte[] src, int off, long[] tweaks, byte[] dst, int n) {
    for (int i = 0; i < n; i += 8) {
      Blocks.putLong(dst, i, Blocks.getLong(src, off + i) ^ tweaks[i >> 3]);
    }
  }

  /** buf[off + i] ^= tweaks for {@code n} bytes. */
  private static void xorInPlace(byte[] buf, int off, long[] tweaks, int n) {
    for (int i = 0; i < n; i += 8) {
      Blocks.putLong(buf, off + i, Blocks.getLong(buf, off + i) ^ tweaks[i >> 3]);
    }
  }

  /**
   * buf[off + i] ^= tweaks[i] XOR whitened[i - 16] (zero before the start): turns the CBC
   * decryption of the whitened blocks into XTS plaintext.
   */
  private static void unchain(byte[] buf, int off, long[] tweaks, byte[] whitened, int n) {
    for (int i = 0; i < 16; i += 8) {
      Blocks.putLong(buf, off + i, Blocks.getLong(buf, off + i) ^ tweaks[i >> 3]);
    }
    for (int i = 16; i < n; i += 8) {
      long x = tweaks[i >> 3] ^ Blocks.getLong(whitened, i - 16);
      Blocks.putLong(buf, off + i, Blocks.getLong(buf, off + i) ^ x);
    }
  }

  @Override
  public void close() {
    workspaces.close();
  }

  /** One thread's Cipher objects and buffers. */
  private final class Workspace {
    final Cipher tweak;
    final Cipher decryptor = AesBulk.chainedDecryptor();
    private Cipher encryptor;
    final byte[] scratch = new byte[chunk];
    final long[] tweaks = new long[chunk / 8];
    final byte[] ivs = new byte[chunk / sectorSize * 16];
    final byte[] firstTweaks = new byte[ivs.length];

    Workspace(SecretKeySpec tweakKey) {
      this.tweak = AesBulk.encryptor(tweakKey);
    }

    Cipher encryptor() {
      if (encryptor == null) {
        encryptor = AesBulk.encryptor(dataKey);
      }
      return encryptor;
    }
  }
}
