package org.ccsidecar.azmount.luks;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes-xts-plain64 (IEEE 1619 XTS-AES): the key's first half encrypts data, the second half the
 * tweak, whose IV is the sector number as a 64-bit little-endian value. A run of sectors costs one
 * AES/ECB call for all tweaks, one for all data, and two passes of 64-bit XORs; the tweak of each
 * following block is the previous one doubled in GF(2^128), done on two longs.
 */
final class XtsPlain64Cipher implements SectorCipher {
  /** Bytes per AES/ECB call; big enough to amortise the call, small enough to stay in cache. */
  private static final int CHUNK = 64 * 1024;

  private final int sectorSize;
  private final int ivStep;
  private final int chunk;
  private final CipherPool<Workspace> encryptors;
  private final CipherPool<Workspace> decryptors;

  XtsPlain64Cipher(byte[] key, int sectorSize) {
    if (key.length != 32 && key.length != 64) {
      throw new IllegalArgumentException("aes-xts-plain64 needs a 256- or 512-bit key");
    }
    this.sectorSize = sectorSize;
    this.ivStep = sectorSize / 512;
    this.chunk = Math.max(sectorSize, CHUNK - CHUNK % sectorSize);
    int half = key.length / 2;
    SecretKeySpec dataKey = new SecretKeySpec(key, 0, half, "AES");
    SecretKeySpec tweakKey = new SecretKeySpec(key, half, half, "AES");
    this.encryptors = new CipherPool<>(() -> new Workspace(Cipher.ENCRYPT_MODE, dataKey, tweakKey));
    this.decryptors = new CipherPool<>(() -> new Workspace(Cipher.DECRYPT_MODE, dataKey, tweakKey));
  }

  @Override
  public int sectorSize() {
    return sectorSize;
  }

  @Override
  public void encrypt(byte[] buf, int off, int len, long firstIvSector) {
    run(encryptors, buf, off, len, firstIvSector);
  }

  @Override
  public void decrypt(byte[] buf, int off, int len, long firstIvSector) {
    run(decryptors, buf, off, len, firstIvSector);
  }

  private void run(CipherPool<Workspace> pool, byte[] buf, int off, int len, long firstIvSector) {
    Blocks.checkRun(buf, off, len, sectorSize);
    Workspace ws = pool.take();
    try {
      long iv = firstIvSector;
      for (int pos = off, end = off + len; pos < end; ) {
        int n = Math.min(chunk, end - pos);
        runChunk(ws, buf, pos, n, iv);
        iv += (long) (n / sectorSize) * ivStep;
        pos += n;
      }
    } finally {
      pool.give(ws);
    }
  }

  private void runChunk(Workspace ws, byte[] buf, int off, int len, long firstIv) {
    int sectors = len / sectorSize;
    byte[] tweaks = ws.tweaks;
    for (int i = 0; i < sectors; i++) {
      Blocks.putSectorNumber(ws.ivs, i * 16, firstIv + (long) i * ivStep);
    }
    AesEcb.run(ws.tweak, ws.ivs, 0, sectors * 16, tweaks, 0);
    xorTweaks(tweaks, sectors, buf, off, ws.scratch, 0);
    AesEcb.run(ws.data, ws.scratch, 0, len, buf, off);
    xorTweaks(tweaks, sectors, buf, off, buf, off);
  }

  /** dst[i] = src[i] XOR tweak(i) for every 16-byte block of {@code sectors} sectors. */
  private void xorTweaks(
      byte[] tweaks, int sectors, byte[] src, int srcOff, byte[] dst, int dstOff) {
    int blocksPerSector = sectorSize / 16;
    int s = srcOff;
    int d = dstOff;
    for (int i = 0; i < sectors; i++) {
      long lo = Blocks.getLong(tweaks, i * 16);
      long hi = Blocks.getLong(tweaks, i * 16 + 8);
      for (int b = 0; b < blocksPerSector; b++) {
        Blocks.putLong(dst, d, Blocks.getLong(src, s) ^ lo);
        Blocks.putLong(dst, d + 8, Blocks.getLong(src, s + 8) ^ hi);
        long carry = hi >> 63;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ (carry & 0x87);
        s += 16;
        d += 16;
      }
    }
  }

  @Override
  public void close() {
    encryptors.close();
    decryptors.close();
  }

  /** One thread's Cipher objects and buffers. */
  private final class Workspace {
    final Cipher data;
    final Cipher tweak;
    final byte[] scratch = new byte[chunk];
    final byte[] ivs = new byte[chunk / sectorSize * 16];
    final byte[] tweaks = new byte[ivs.length];

    Workspace(int mode, SecretKeySpec dataKey, SecretKeySpec tweakKey) {
      this.data = AesEcb.cipher(mode, dataKey);
      this.tweak = AesEcb.cipher(Cipher.ENCRYPT_MODE, tweakKey);
    }
  }
}
