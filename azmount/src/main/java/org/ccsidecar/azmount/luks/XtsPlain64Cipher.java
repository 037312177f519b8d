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
  private final SecretKeySpec dataKey;
  private final ChunkedSectors<Workspace> chunks;
  private final ChunkedSectors.ChunkWork<Workspace> encryptChunkWork = this::encryptChunk;
  private final ChunkedSectors.ChunkWork<Workspace> decryptChunkWork = this::decryptChunk;
  private final XtsPasses passes;

  XtsPlain64Cipher(byte[] key, int sectorSize, XtsPasses passes) {
    this.passes = passes;
    if (key.length != 32 && key.length != 64) {
      throw new IllegalArgumentException("aes-xts-plain64 needs a 256- or 512-bit key");
    }
    int half = key.length / 2;
    this.dataKey = new SecretKeySpec(key, 0, half, "AES");
    SecretKeySpec tweakKey = new SecretKeySpec(key, half, half, "AES");
    this.chunks = new ChunkedSectors<>(sectorSize, () -> new Workspace(tweakKey));
  }

  @Override
  public int sectorSize() {
    return chunks.sectorSize();
  }

  @Override
  public void encrypt(byte[] buf, int off, int len, long firstIvSector) {
    chunks.run(buf, off, len, firstIvSector, encryptChunkWork);
  }

  @Override
  public void decrypt(byte[] buf, int off, int len, long firstIvSector) {
    chunks.run(buf, off, len, firstIvSector, decryptChunkWork);
  }

  private void encryptChunk(Workspace ws, byte[] buf, int pos, int n, int sectors, long iv) {
    whiten(ws, buf, pos, n, sectors, iv);
    AesBulk.encrypt(ws.encryptor(), ws.scratch, 0, n, buf, pos);
    passes.xorInPlace(buf, pos, ws.tweaks, n);
  }

  private void decryptChunk(Workspace ws, byte[] buf, int pos, int n, int sectors, long iv) {
    whiten(ws, buf, pos, n, sectors, iv);
    AesBulk.decryptChained(ws.decryptor, ws.scratch, 0, n, buf, pos);
    passes.unchain(buf, pos, ws.tweaks, ws.scratch, n);
  }

  /** The chunk's tweaks into ws.tweaks and its bytes XOR those tweaks into ws.scratch. */
  private void whiten(Workspace ws, byte[] buf, int pos, int n, int sectors, long iv) {
    for (int i = 0; i < sectors; i++) {
      Blocks.putSectorNumber(ws.ivs, i * 16, iv + (long) i * chunks.ivStep());
    }
    AesBulk.encrypt(ws.tweak, ws.ivs, 0, sectors * 16, ws.firstTweaks, 0);
    passes.whiten(buf, pos, n, chunks.sectorSize(), ws.firstTweaks, ws.tweaks, ws.scratch);
  }

  @Override
  public void close() {
    chunks.close();
  }

  /** One thread's Cipher objects and buffers. */
  private final class Workspace {
    final Cipher tweak;
    final Cipher decryptor = AesBulk.chainedDecryptor(dataKey);
    private Cipher encryptor;
    final byte[] scratch = new byte[chunks.chunkBytes()];
    final byte[] tweaks = new byte[chunks.chunkBytes()];
    final byte[] ivs = new byte[chunks.chunkSectors() * 16];
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
