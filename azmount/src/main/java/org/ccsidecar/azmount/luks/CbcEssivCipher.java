package org.ccsidecar.azmount.luks;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes-cbc-essiv:sha256: AES-CBC per sector, the IV being the little-endian sector number encrypted
 * with AES under SHA-256 of the volume key. Decryption is parallel in CBC, so a run is one AES/ECB
 * call plus XORs with the previous ciphertext block; encryption is chained and goes sector by
 * sector.
 */
final class CbcEssivCipher implements SectorCipher {
  private final SecretKeySpec dataKey;
  private final ChunkedSectors<Workspace> chunks;
  private final ChunkedSectors.ChunkWork<Workspace> decryptChunkWork = this::decryptChunk;
  private final ChunkedSectors.ChunkWork<Workspace> encryptChunkWork = this::encryptChunk;

  CbcEssivCipher(byte[] key, int sectorSize) {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("aes-cbc-essiv:sha256 needs a 128-, 192- or 256-bit key");
    }
    this.dataKey = new SecretKeySpec(key, "AES");
    byte[] salt = LuksHash.SHA256.newMessageDigest().digest(key);
    SecretKeySpec essivKey = new SecretKeySpec(salt, "AES");
    Arrays.fill(salt, (byte) 0);
    this.chunks = new ChunkedSectors<>(sectorSize, () -> new Workspace(essivKey));
  }

  @Override
  public int sectorSize() {
    return chunks.sectorSize();
  }

  @Override
  public void decrypt(byte[] buf, int off, int len, long firstIvSector) {
    chunks.run(buf, off, len, firstIvSector, decryptChunkWork);
  }

  @Override
  public void encrypt(byte[] buf, int off, int len, long firstIvSector) {
    chunks.run(buf, off, len, firstIvSector, encryptChunkWork);
  }

  private void decryptChunk(Workspace ws, byte[] buf, int pos, int n, int sectors, long iv) {
    essivs(ws, sectors, iv);
    System.arraycopy(buf, pos, ws.scratch, 0, n);
    AesBulk.decryptChained(ws.decryptor, ws.scratch, 0, n, buf, pos);
    int sectorSize = chunks.sectorSize();
    for (int i = 0; i < sectors; i++) {
      int first = pos + i * sectorSize;
      xorBlock(buf, first, ws.ivs, i * 16);
      if (i > 0) {
        xorBlock(buf, first, ws.scratch, i * sectorSize - 16);
      }
    }
  }

  private void encryptChunk(Workspace ws, byte[] buf, int pos, int n, int sectors, long iv) {
    essivs(ws, sectors, iv);
    System.arraycopy(buf, pos, ws.scratch, 0, n);
    int sectorSize = chunks.sectorSize();
    try {
      for (int i = 0; i < sectors; i++) {
        ws.encryptor.init(Cipher.ENCRYPT_MODE, dataKey, new IvParameterSpec(ws.ivs, i * 16, 16));
        int done =
            ws.encryptor.doFinal(ws.scratch, i * sectorSize, sectorSize, buf, pos + i * sectorSize);
        if (done != sectorSize) {
          throw new IllegalStateException("AES/CBC returned " + done + " bytes");
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC failed", e);
    }
  }

  /** Fills ws.ivs with the ESSIV IVs of {@code sectors} sectors from IV number {@code first}. */
  private void essivs(Workspace ws, int sectors, long first) {
    for (int i = 0; i < sectors; i++) {
      Blocks.putSectorNumber(ws.numbers, i * 16, first + (long) i * chunks.ivStep());
    }
    AesBulk.encrypt(ws.essiv, ws.numbers, 0, sectors * 16, ws.ivs, 0);
  }

  private static void xorBlock(byte[] dst, int d, byte[] src, int s) {
    Blocks.putLong(dst, d, Blocks.getLong(dst, d) ^ Blocks.getLong(src, s));
    Blocks.putLong(dst, d + 8, Blocks.getLong(dst, d + 8) ^ Blocks.getLong(src, s + 8));
  }

  @Override
  public void close() {
    chunks.close();
  }

  /** One thread's Cipher objects and buffers. */
  private final class Workspace {
    final Cipher decryptor = AesBulk.chainedDecryptor(dataKey);
    final Cipher encryptor = AesBulk.cbc();
    final Cipher essiv;
    final byte[] scratch = new byte[chunks.chunkBytes()];
    final byte[] numbers = new byte[chunks.chunkSectors() * 16];
    final byte[] ivs = new byte[numbers.length];

    Workspace(SecretKeySpec essivKey) {
      this.essiv = AesBulk.encryptor(essivKey);
    }
  }
}
