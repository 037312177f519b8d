package org.ccsidecar.azmount.luks;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes-xts-plain64 (IEEE 1619 XTS-AES): the key's first half encrypts data, the second half the
 * tweak, whose IV is the sector number as a 64-bit little-endian value.
 *
 * <p>A chunk of sectors costs one AES call for the sectors' first tweaks, one AES call for all data
 * and the {@link XtsPasses} around it (tweaks and XORs), which decide the speed.
 */
final class XtsPlain64Cipher implements SectorCipher {
  /** Bytes per AES call: big enough to amortise the call, small enough to stay in cache. */
  private static final int CHUNK = 64 * 1024;

  private final int sectorSize;
  private final int ivStep;
  private final int chunk;
  private final SecretKeySpec dataKey;
  private final WorkspacePool<Workspace> workspaces;
  private final XtsPasses passes = XtsPasses.fastest();

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
        passes.whiten(buf, pos, n, sectorSize, ws.firstTweaks, ws.tweaks, ws.scratch);
        if (encrypt) {
          AesBulk.encrypt(ws.encryptor(), ws.scratch, 0, n, buf, pos);
          passes.xorInPlace(buf, pos, ws.tweaks, n);
        } else {
          AesBulk.decryptChained(ws.decryptor, dataKey, ws.scratch, 0, n, buf, pos);
          passes.unchain(buf, pos, ws.tweaks, ws.scratch, n);
        }
        iv += (long) sectors * ivStep;
        pos += n;
      }
    } finally {
      workspaces.give(ws);
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
