package org.ccsidecar.azmount.luks;

/**
 * Encrypts and decrypts runs of whole sectors in place, as dm-crypt does. Sector i of a run uses
 * the IV number {@code firstIvSector + i * sectorSize() / 512}: dm-crypt counts IVs in 512-byte
 * units whatever the sector size. Safe for concurrent use by several threads.
 */
public interface SectorCipher extends AutoCloseable {

  /** Bytes per sector: 512, 1024, 2048 or 4096. */
  int sectorSize();

  /** Decrypts {@code len} bytes (a multiple of the sector size) at {@code off} in place. */
  void decrypt(byte[] buf, int off, int len, long firstIvSector);

  /** Encrypts {@code len} bytes (a multiple of the sector size) at {@code off} in place. */
  void encrypt(byte[] buf, int off, int len, long firstIvSector);

  /** Drops the cached key schedules; the cipher must not be used afterwards. */
  @Override
  void close();
}
