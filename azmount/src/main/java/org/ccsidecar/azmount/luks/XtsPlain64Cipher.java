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
  private final CipherPool<Workspace> workspaces;

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
    this.workspaces = new CipherPool<>(() -> new Workspace(tweakKey));
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
        whiten(ws.firstTweaks, sectors, buf, pos, ws.scratch, ws.tweaks);
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

  /**
   * Writes every block's tweak to {@code tweaks} and the block XOR its tweak to {@code whitened},
   * for {@code sectors} sectors of {@code src} from {@code srcOff}.
   */
  private void whiten(
      byte[] firstTweaks, int sectors, byte[] src, int srcOff, byte[] whitened, byte[] tweaks) {
    int sector = 0;
    for (; sector + LANES <= sectors; sector += LANES) {
      whitenFour(firstTweaks, sector, src, srcOff, whitened, tweaks);
    }
    for (; sector < sectors; sector++) {
      long lo = Blocks.getLong(firstTweaks, sector * 16);
      long hi = Blocks.getLong(firstTweaks, sector * 16 + 8);
      for (int p = sector * sectorSize, end = p + sectorSize; p < end; p += 16) {
        Blocks.putLong(tweaks, p, lo);
        Blocks.putLong(tweaks, p + 8, hi);
        Blocks.putLong(whitened, p, Blocks.getLong(src, srcOff + p) ^ lo);
        Blocks.putLong(whitened, p + 8, Blocks.getLong(src, srcOff + p + 8) ^ hi);
        long carry = hi >> 63;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ (carry & 0x87);
      }
    }
  }

  /** {@link #whiten} for four sectors side by side: four independent doubling chains. */
  private void whitenFour(
      byte[] firstTweaks, int sector, byte[] src, int srcOff, byte[] whitened, byte[] tweaks) {
    int s = sectorSize;
    int t = sector * 16;
    long lo0 = Blocks.getLong(firstTweaks, t);
    long hi0 = Blocks.getLong(firstTweaks, t + 8);
    long lo1 = Blocks.getLong(firstTweaks, t + 16);
    long hi1 = Blocks.getLong(firstTweaks, t + 24);
    long lo2 = Blocks.getLong(firstTweaks, t + 32);
    long hi2 = Blocks.getLong(firstTweaks, t + 40);
    long lo3 = Blocks.getLong(firstTweaks, t + 48);
    long hi3 = Blocks.getLong(firstTweaks, t + 56);
    for (int p = sector * s, end = p + s; p < end; p += 16) {
      int q = srcOff + p;
      Blocks.putLong(tweaks, p, lo0);
      Blocks.putLong(tweaks, p + 8, hi0);
      Blocks.putLong(tweaks, p + s, lo1);
      Blocks.putLong(tweaks, p + s + 8, hi1);
      Blocks.putLong(tweaks, p + 2 * s, lo2);
      Blocks.putLong(tweaks, p + 2 * s + 8, hi2);
      Blocks.putLong(tweaks, p + 3 * s, lo3);
      Blocks.putLong(tweaks, p + 3 * s + 8, hi3);
      Blocks.putLong(whitened, p, Blocks.getLong(src, q) ^ lo0);
      Blocks.putLong(whitened, p + 8, Blocks.getLong(src, q + 8) ^ hi0);
      Blocks.putLong(whitened, p + s, Blocks.getLong(src, q + s) ^ lo1);
      Blocks.putLong(whitened, p + s + 8, Blocks.getLong(src, q + s + 8) ^ hi1);
      Blocks.putLong(whitened, p + 2 * s, Blocks.getLong(src, q + 2 * s) ^ lo2);
      Blocks.putLong(whitened, p + 2 * s + 8, Blocks.getLong(src, q + 2 * s + 8) ^ hi2);
      Blocks.putLong(whitened, p + 3 * s, Blocks.getLong(src, q + 3 * s) ^ lo3);
      Blocks.putLong(whitened, p + 3 * s + 8, Blocks.getLong(src, q + 3 * s + 8) ^ hi3);
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

  /** buf[off + i] ^= tweaks[i] for {@code n} bytes. */
  private static void xorInPlace(byte[] buf, int off, byte[] tweaks, int n) {
    for (int i = 0; i < n; i += 8) {
      Blocks.putLong(buf, off + i, Blocks.getLong(buf, off + i) ^ Blocks.getLong(tweaks, i));
    }
  }

  /**
   * buf[off + i] ^= tweaks[i] XOR whitened[i - 16] (zero before the start): turns the CBC
   * decryption of the whitened blocks into XTS plaintext.
   */
  private static void unchain(byte[] buf, int off, byte[] tweaks, byte[] whitened, int n) {
    for (int i = 0; i < 16; i += 8) {
      Blocks.putLong(buf, off + i, Blocks.getLong(buf, off + i) ^ Blocks.getLong(tweaks, i));
    }
    for (int i = 16; i < n; i += 8) {
      long x = Blocks.getLong(tweaks, i) ^ Blocks.getLong(whitened, i - 16);
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
    final byte[] tweaks = new byte[chunk];
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
